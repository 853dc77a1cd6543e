"""Bad input on every datasets form and endpoint: a clear message naming the field, nothing
written, never a 500."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.datasets import access
from app.datasets.models import AccessRequest, Dataset, Distribution
from app.extensions import db
from tests.builders import FULL, add_dist, commit, complete_request, make_dataset
from tests.conftest import csrf_token, post_form


def _counts():
    return tuple(
        db.session.execute(select(func.count()).select_from(m)).scalar_one()
        for m in (Dataset, Distribution, AccessRequest, AuditEvent)
    )


@pytest.fixture
def world(make_user, make_org):
    owner = make_user("owner@example.org")
    org = make_org(owner, "IRCCS Bad", kind="research_hospital")
    ds = make_dataset(owner, org, "bad:restricted", access_rights="restricted")
    add_dist(owner, ds)
    requester = make_user("req@example.org")
    req = complete_request(requester, ds)
    access.submit_request(requester, req)
    draft = complete_request(requester, ds)
    commit()
    return owner, org, ds, requester, req, draft


GOOD = {
    "identifier": "bad:new",
    "title_it": "Nuovo",
    "description_it": "Descrizione",
    "themes": "HEAL",
    "personal_data": "none",
    "access_rights": "public",
}
DATASET_CASES = [
    ({"identifier": "has space"}, "identifier"),
    ({"identifier": "bad:restricted"}, "identifier"),  # duplicate
    ({"title_it": ""}, "title_it"),
    ({"themes": "NOPE"}, "themes"),
    ({"temporal_start": "2024-05-01", "temporal_end": "2024-01-01"}, "temporal_end"),
    ({"issued": "2024-05-01", "modified": "2024-01-01"}, "modified"),
    ({"personal_data": "identifiable", "access_rights": "public"}, "access_rights"),
    ({"contact_email": "not-an-email"}, "contact_email"),
    ({"number_of_records": "-5"}, "number_of_records"),
    ({"issued": "31/12/2024"}, "issued"),
]


@pytest.mark.parametrize("change,field", DATASET_CASES)
def test_create_form(client, as_user, world, change, field):
    owner, org, *_ = world
    as_user(owner)
    before = _counts()
    data = {**GOOD, "publisher_org_id": str(org.id), **change}
    resp = post_form(client, "/datasets/new?lang=en", data)
    assert resp.status_code == 422
    assert f'id="{field}-err"' in resp.get_data(as_text=True)
    assert _counts() == before


@pytest.mark.parametrize("change,field", DATASET_CASES)
def test_create_api(client, as_user, world, change, field):
    owner, org, *_ = world
    as_user(owner)
    before = _counts()
    data = {**GOOD, "themes": ["HEAL"], "publisher_org_id": org.id, **change}
    if isinstance(data.get("themes"), str):
        data["themes"] = [data["themes"]]
    if field == "number_of_records":
        data["number_of_records"] = -5
    resp = client.post(
        "/api/v1/datasets", json=data, headers={"X-CSRFToken": csrf_token(client, "/")}
    )
    assert resp.status_code in (409, 422)
    body = resp.get_json()
    assert field in body["errors"] or field in str(body["errors"])
    assert _counts() == before


def test_create_api_wrong_types(client, as_user, world):
    owner, org, *_ = world
    as_user(owner)
    before = _counts()
    h = {"X-CSRFToken": csrf_token(client, "/")}
    for body in (
        {**GOOD, "publisher_org_id": "x"},
        {**GOOD, "themes": 5},
        {**GOOD, "publisher_org_id": 99999, "themes": ["HEAL"]},
        {**GOOD, "publisher_org_id": org.id, "themes": ["HEAL"], "consent_codes": ["DUO:9"]},
    ):
        resp = client.post("/api/v1/datasets", json=body, headers=h)
        assert resp.status_code == 422, body
        assert resp.get_json()["errors"]
    assert client.post(
        "/api/v1/datasets", data="nope", headers={**h, "Content-Type": "application/json"}
    ).status_code in (400, 422)
    assert _counts() == before


def test_edit_form_and_patch(client, as_user, world):
    owner, _org, ds, *_ = world
    as_user(owner)
    before = _counts()
    resp = post_form(
        client,
        f"/datasets/{ds.id}/edit",
        {**GOOD, "identifier": "bad:restricted", "themes": "HEAL", "licence": "WTFPL"},
    )
    assert resp.status_code == 422
    resp = client.patch(
        f"/api/v1/datasets/{ds.id}",
        json={"frequency": "HOURLY"},
        headers={"X-CSRFToken": csrf_token(client, "/")},
    )
    assert resp.status_code == 422 and "frequency" in resp.get_json()["errors"]
    assert _counts() == before
    db.session.expire_all()
    assert ds.frequency == FULL["frequency"]


@pytest.mark.parametrize(
    "data,field",
    [
        ({"format": "EXE", "download_url": "https://a.example/x"}, "format"),
        ({"format": "CSV"}, "access_url"),
        ({"format": "CSV", "download_url": "ftp://a.example/x"}, "download_url"),
        ({"format": "CSV", "download_url": "https://a.example/x", "checksum": "crc:1"}, "checksum"),
        ({"format": "CSV", "download_url": "https://a.example/x", "byte_size": "-1"}, "byte_size"),
    ],
)
def test_distribution_form_and_api(client, as_user, world, data, field):
    owner, _org, ds, *_ = world
    as_user(owner)
    before = _counts()
    resp = post_form(client, f"/datasets/{ds.id}/distributions/new", data)
    assert resp.status_code == 422
    body = {k: (int(v) if k == "byte_size" else v) for k, v in data.items()}
    resp = client.post(
        f"/api/v1/datasets/{ds.id}/distributions",
        json=body,
        headers={"X-CSRFToken": csrf_token(client, "/")},
    )
    assert resp.status_code == 422
    assert field in str(resp.get_json()["errors"])
    assert _counts() == before


def test_certify_bad_level(client, as_user, world, make_user):
    _owner, _org, ds, *_ = world
    as_user(make_user("staff@example.org", role="staff"))
    before = _counts()
    assert (
        post_form(
            client,
            f"/datasets/{ds.id}/certify",
            {"level": "platinum"},
            token_from=f"/datasets/{ds.id}",
        ).status_code
        == 422
    )
    resp = client.put(
        f"/api/v1/datasets/{ds.id}/certification",
        json={"level": "platinum"},
        headers={"X-CSRFToken": csrf_token(client, "/")},
    )
    assert resp.status_code == 422 and "level" in resp.get_json()["errors"]
    assert _counts() == before


def test_search_bad_filters(client):
    assert client.get("/datasets?theme=NOPE").status_code == 200  # page: warning, all shown
    for q in ("theme=NOPE", "page=0", "per_page=1000", "publisher=abc", "sort=price"):
        resp = client.get(f"/api/v1/datasets?{q}")
        assert resp.status_code == 422, q


def test_request_forms(client, as_user, world):
    owner, _org, ds, requester, req, draft = world
    as_user(requester)
    before = _counts()
    assert (
        post_form(
            client, f"/datasets/{ds.id}/request", {"purpose": "war", "org_id": ""}
        ).status_code
        == 422
    )
    assert (
        post_form(
            client, f"/datasets/{ds.id}/request", {"purpose": "research", "org_id": "999"}
        ).status_code
        == 422
    )
    step2 = f"/access-requests/{draft.id}/step/2"
    assert (
        post_form(
            client, step2, {"period_start": "2030-05-01", "period_end": "2030-01-01"}
        ).status_code
        == 422
    )
    assert post_form(client, step2, {"period_start": "tomorrow"}).status_code == 422
    assert (
        post_form(
            client, f"/access-requests/{draft.id}/step/3", {"legal_basis": "because"}
        ).status_code
        == 422
    )
    assert client.get(f"/access-requests/{draft.id}/step/9").status_code == 404
    h = {"X-CSRFToken": csrf_token(client, "/")}
    assert (
        client.patch(
            f"/api/v1/datasets/access-requests/{draft.id}",
            headers=h,
            json={"anonymised_ok": "maybe"},
        ).status_code
        == 422
    )
    assert (
        client.patch(
            f"/api/v1/datasets/access-requests/{draft.id}",
            headers=h,
            json={"period_start": "2030-13-01"},
        ).status_code
        == 422
    )
    assert (
        client.post(
            f"/api/v1/datasets/{ds.id}/access-requests", headers=h, json={"purpose": "war"}
        ).status_code
        == 422
    )
    assert (
        client.post(
            f"/api/v1/datasets/access-requests/{draft.id}/transitions",
            headers=h,
            json={"action": "explode"},
        ).status_code
        == 422
    )
    assert _counts() == before
    db.session.expire_all()
    assert draft.period_end is not None and draft.legal_basis == "scientific_research"


def test_review_form_bad_input(client, as_user, world):
    owner, _org, ds, requester, req, _draft = world
    access.review_request(owner, req, "start", {})
    commit()
    as_user(owner)
    before = _counts()
    page = f"/access-requests/{req.id}"
    for data in (
        {"action": "approve"},
        {"action": "approve", "expires_on": "2001-01-01"},
        {"action": "reject", "reason": ""},
        {"action": "nuke"},
    ):
        resp = post_form(client, f"/access-requests/{req.id}/review", data, token_from=page)
        assert resp.status_code == 422, data
    assert _counts() == before
    db.session.expire_all()
    assert req.status == "under_review"
    resp = post_form(
        client, f"/access-requests/{req.id}/review", {"action": "approve"}, token_from=page
    )
    assert "expires_on" in resp.get_data(as_text=True)
