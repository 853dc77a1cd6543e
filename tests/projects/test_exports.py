"""Exports: CSV that opens right in an Italian spreadsheet (BOM, `;`, decimal comma, headers
in the reader's language, `?dialect=intl`), typed XLSX with formula escaping that does not
show, JSON rows with money as decimal strings, staff only."""

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


def _csv(resp, sep=";"):
    """Rows of a CSV answer; checks the BOM and the one charset on the way."""
    assert resp.status_code == 200
    assert resp.headers["Content-Type"] == "text/csv; charset=utf-8"
    raw = resp.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads the accents right
    text = raw.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=sep))


def test_csv_projects_italian_default(app, client):
    w = fixtures.build()
    _evil(w)
    login(client, w.staff.email)
    rows = _csv(client.get("/projects/export/projects.csv?lang=it"))
    by = {r["Acronimo"]: r for r in rows}
    assert set(by) == {"ALPHA", "BETA"}
    assert by["ALPHA"]["Titolo"] == '\'=HYPERLINK("http://evil","x")'  # escaped, not run
    # Decimal comma, two places: LibreOffice and Excel in Italian read them as numbers.
    assert by["ALPHA"]["Contributo (EUR)"] == "100000,00"
    assert by["ALPHA"]["Speso (EUR)"] == "50000,00"
    assert by["ALPHA"]["Codice del bando"] == "CALL-A"


def test_csv_international_dialect_and_english_headers(app, client):
    w = fixtures.build()
    login(client, w.staff.email)
    rows = _csv(client.get("/projects/export/projects.csv?dialect=intl&lang=en"), sep=",")
    alpha = next(r for r in rows if r["Acronym"] == "ALPHA")
    assert alpha["Grant (EUR)"] == "100000.00" and alpha["Spent (EUR)"] == "50000.00"
    # An unknown dialect falls back to the Italian one.
    assert _csv(client.get("/projects/export/projects.csv?dialect=xx&lang=en"))[0]["Acronym"]


def test_csv_partners_and_spending(app, client):
    w = fixtures.build()
    _evil(w)
    login(client, w.staff.email)
    rows = _csv(client.get("/projects/export/partners.csv?lang=en"))
    uni = [r for r in rows if r["Organisation"].startswith("'@")]
    assert len(uni) == 1 and uni[0]["Organisation"] == "'@SUM(A1:A2)"
    assert uni[0]["Grant (EUR)"] == "40000,00" and uni[0]["Spent (EUR)"] == "20000,00"
    rows = _csv(client.get("/projects/export/spending.csv?lang=en"))
    assert sorted(r["Amount (EUR)"] for r in rows) == ["20000,00", "30000,00"]
    assert {r["Period end"] for r in rows} == {"2024-06-30"}


def test_xlsx_typed_cells_and_invisible_escaping(app, client):
    w = fixtures.build()
    _evil(w)
    login(client, w.staff.email)
    resp = client.get("/projects/export/projects.xlsx?lang=it")
    assert resp.status_code == 200
    assert resp.headers["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    ws = load_workbook(io.BytesIO(resp.data)).active
    header = [c.value for c in ws[1]]
    assert "Acronimo" in header and "Contributo (EUR)" in header
    rows = [{h: c for h, c in zip(header, r, strict=True)} for r in ws.iter_rows(min_row=2)]
    alpha = next(r for r in rows if r["Acronimo"].value == "ALPHA")
    title = alpha["Titolo"]
    # Shown exactly as typed (no apostrophe), stored as text, never as a formula.
    assert title.value == '=HYPERLINK("http://evil","x")'
    assert title.data_type == "s" and title.quotePrefix
    assert all(c.data_type != "f" for r in ws.iter_rows() for c in r)
    assert alpha["Contributo (EUR)"].value == 100000 and alpha["Costo totale (EUR)"].value == 200000
    assert alpha["Contributo (EUR)"].data_type == "n"
    assert alpha["Data di inizio"].is_date
    ws = load_workbook(io.BytesIO(client.get("/projects/export/partners.xlsx").data)).active
    names = [r[2].value for r in ws.iter_rows(min_row=2)]
    assert "@SUM(A1:A2)" in names


def test_json_export_and_permissions(app, client):
    w = fixtures.build()
    login(client, w.staff.email)
    rows = client.get("/api/v1/projects/export/spending").get_json()
    assert sorted(r["amount"] for r in rows) == ["20000.00", "30000.00"]  # decimal strings
    assert client.get("/api/v1/projects/export/nothing").status_code == 404
    assert client.get("/projects/export/projects.pdf").status_code == 404
    client2 = app.test_client()
    login(client2, w.lead_owner.email)
    assert client2.get("/projects/export/projects.csv").status_code == 403
    assert client2.get("/api/v1/projects/export/projects").status_code == 403
