"""Funded projects as open data: public bulk CSV / JSON, restricted fields absent, CUP / ISTAT."""

from __future__ import annotations

import csv
import io
import json

import pytest

from app.auth import services as auth
from app.core.errors import PermissionDenied, ValidationError
from app.extensions import db
from app.opendata.codes import set_project_codes
from tests.projects import fixtures


@pytest.fixture
def world(app):
    w = fixtures.build()
    w.p1.abstract = '=HYPERLINK("http://evil.example")'
    set_project_codes(w.staff, w.p1, {"cup": "e19j21000000007", "istat_code": "015146"})
    db.session.commit()
    return w


def _rows(resp, sep=";"):
    text = resp.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=sep))


def test_projects_csv_is_public_italian_and_escaped(client, world):
    resp = client.get("/opendata/projects.csv")
    assert resp.status_code == 200
    assert resp.headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = {r["acronym"]: r for r in _rows(resp)}
    alpha = rows["ALPHA"]
    assert alpha["grant_eur"] == "100000,00"
    assert alpha["total_cost_eur"] == "200000,00"
    assert alpha["start_date"] == "2024-01-01"
    assert alpha["cup"] == "E19J21000000007"
    assert alpha["istat_code"] == "015146"
    assert alpha["abstract"].startswith("'=")  # a spreadsheet shows text, never runs it
    assert alpha["partners"] == "2"


def test_intl_dialect_and_bad_dialect(client, world):
    rows = _rows(client.get("/opendata/projects.csv?dialect=intl"), sep=",")
    assert {r["acronym"]: r for r in rows}["ALPHA"]["grant_eur"] == "100000.00"
    assert client.get("/opendata/projects.csv?dialect=excel").status_code == 400


def test_restricted_money_is_not_open_data(client, world):
    partners = client.get("/opendata/partners.csv").get_data(as_text=True)
    assert "120000" not in partners and "60000" not in partners  # per-partner money
    payload = client.get("/opendata/partners.json").get_json()
    names = {c["name"] for c in payload["columns"]}
    assert not names & {"cost_share", "grant_amount", "spent"}
    assert {r["organisation"] for r in payload["records"]} >= {"Acme Sensors", "Uni Pavia Lab"}


def test_projects_json_types_and_labels(client, world):
    payload = client.get("/opendata/projects.json?lang=it").get_json()
    alpha = next(r for r in payload["records"] if r["acronym"] == "ALPHA")
    assert alpha["grant_eur"] == "100000.00"
    assert alpha["cup"] == "E19J21000000007"
    labels = {c["name"]: c["label"] for c in payload["columns"]}
    assert labels["start_date"] == "Data di inizio"
    api = client.get("/api/v1/opendata/projects").get_json()
    assert api["records"] == payload["records"]


def test_calls_csv(client, world):
    rows = {r["call_code"]: r for r in _rows(client.get("/opendata/calls.csv"))}
    assert rows["CALL-A"]["budget_eur"] == "1000000,00"


def test_codes_are_validated_and_staff_only(app, world):
    with pytest.raises(ValidationError) as exc:
        set_project_codes(world.staff, world.p1, {"cup": "NOT-A-CUP"})
    assert exc.value.field == "cup"
    with pytest.raises(ValidationError):
        set_project_codes(world.staff, world.p1, {"istat_code": "15146"})
    with pytest.raises(PermissionDenied):
        set_project_codes(world.lead_owner, world.p1, {"cup": "E19J21000000007"})
    set_project_codes(world.staff, world.p1, {"cup": ""})
    assert world.p1.cup is None and world.p1.istat_code == "015146"


def test_codes_api(client, world):
    url = f"/api/v1/opendata/projects/{world.p1.id}/codes"
    bad = {"Authorization": "Bearer not-a-token"}
    assert client.put(url, json={"cup": "E19J21000000007"}, headers=bad).status_code == 401
    lead = {"Authorization": f"Bearer {auth.create_api_token(world.lead_owner)}"}
    staff = {"Authorization": f"Bearer {auth.create_api_token(world.staff)}"}
    db.session.commit()
    assert client.put(url, json={"cup": "E19J21000000007"}, headers=lead).status_code == 403
    resp = client.put(url, json={"cup": "bad"}, headers=staff)
    assert resp.status_code == 422
    assert "cup" in json.dumps(resp.get_json())
    missing = f"/api/v1/opendata/projects/{2**40}/codes"
    assert client.put(missing, json={}, headers=staff).status_code == 404
    resp = client.put(url, json={"istat_code": "015146", "cup": "J41B21012340001"}, headers=staff)
    assert resp.status_code == 200
    assert resp.get_json()["cup"] == "J41B21012340001"


def test_projects_dataset_is_in_the_catalogue(client, world):
    text = client.get("/catalog.ttl").get_data(as_text=True)
    assert "/opendata#dataset" in text
    assert "/opendata/projects.csv" in text and "/opendata/partners.json" in text


def test_opendata_page_in_both_languages(client, world):
    it = client.get("/opendata?lang=it").get_data(as_text=True)
    en = client.get("/opendata?lang=en").get_data(as_text=True)
    assert "Dati aperti: progetti finanziati" in it and "CUP (Codice Unico di Progetto)" in it
    assert "Open data: funded projects" in en and "Public grant (EUR)" in en
