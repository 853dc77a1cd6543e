"""Exports: CSV and XLSX content, formula escaping, JSON rows, staff only."""

import csv
import io

from openpyxl import load_workbook

from app.extensions import db
from tests.conftest import login
from tests.projects import fixtures


def _evil(w):
    w.p1.title = '=HYPERLINK("http://evil","x")'
    w.uni.name = "@SUM(A1:A2)"
    db.session.commit()


def test_csv_projects_content_and_escaping(app, client):
    w = fixtures.build()
    _evil(w)
    login(client, w.staff.email)
    resp = client.get("/projects/export/projects.csv")
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(resp.get_data(as_text=True))))
    by = {r["acronym"]: r for r in rows}
    assert set(by) == {"ALPHA", "BETA"}
    assert by["ALPHA"]["title"] == '\'=HYPERLINK("http://evil","x")'
    assert float(by["ALPHA"]["grant_amount"]) == 100000 and float(by["ALPHA"]["spent"]) == 50000
    assert by["ALPHA"]["call_code"] == "CALL-A"


def test_csv_partners_and_spending(app, client):
    w = fixtures.build()
    _evil(w)
    login(client, w.staff.email)
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/projects/export/partners.csv").get_data(as_text=True))
        )
    )
    uni = [r for r in rows if r["organisation"].startswith("'@")]
    assert len(uni) == 1 and uni[0]["organisation"] == "'@SUM(A1:A2)"
    assert float(uni[0]["grant_amount"]) == 40000 and float(uni[0]["spent"]) == 20000
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/projects/export/spending.csv").get_data(as_text=True))
        )
    )
    assert sorted(float(r["amount"]) for r in rows) == [20000.0, 30000.0]
    assert {r["period_end"] for r in rows} == {"2024-06-30"}


def test_xlsx_content_and_escaping(app, client):
    w = fixtures.build()
    _evil(w)
    login(client, w.staff.email)
    resp = client.get("/projects/export/projects.xlsx")
    assert resp.status_code == 200
    ws = load_workbook(io.BytesIO(resp.data)).active
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, [c.value for c in r], strict=True)) for r in ws.iter_rows(min_row=2)]
    alpha = next(r for r in rows if r["acronym"] == "ALPHA")
    assert alpha["title"].startswith("'=")  # stored as text, never as a formula
    assert all(c.data_type != "f" for r in ws.iter_rows() for c in r)
    assert alpha["grant_amount"] == 100000 and alpha["total_cost"] == 200000
    ws = load_workbook(io.BytesIO(client.get("/projects/export/partners.xlsx").data)).active
    names = [r[2].value for r in ws.iter_rows(min_row=2)]
    assert "'@SUM(A1:A2)" in names


def test_json_export_and_permissions(app, client):
    w = fixtures.build()
    login(client, w.staff.email)
    rows = client.get("/api/v1/projects/export/spending").get_json()
    assert sum(r["amount"] for r in rows) == 50000
    assert client.get("/api/v1/projects/export/nothing").status_code == 404
    assert client.get("/projects/export/projects.pdf").status_code == 404
    client2 = app.test_client()
    login(client2, w.lead_owner.email)
    assert client2.get("/projects/export/projects.csv").status_code == 403
    assert client2.get("/api/v1/projects/export/projects").status_code == 403
