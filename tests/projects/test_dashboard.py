"""Dashboard figures against values computed by hand on tests/projects/fixtures.py.

P1 ALPHA (call A): cost 200,000, grant 100,000 (Acme 60,000 MI start-up, Uni 40,000 PV),
2024-01-01 → 2025-12-31; report Jan-Jun 2024: Acme 30,000 + Uni 20,000 = 50,000 accepted.
P2 BETA (call B): cost 100,000, grant 50,000 (Ospedale Nord MI), 2024-07-01 → 2025-06-30, no
report. On 2024-12-31: P1 365/730 days = 50 % elapsed, planned 100,000, spent 50,000 (ratio
0.5, not below) → on track; P2 183/364 days, planned 50,274.73, spent 0 → behind → at risk.
"""

import json
import re
from datetime import date
from decimal import Decimal
from html import unescape

from app.projects.dashboard import dashboard, parse_filters
from tests.conftest import login
from tests.projects import fixtures
from tests.projects.fixtures import TODAY


def _by(rows, key):
    return {r["key"]: r for r in rows}[key]


def test_totals_by_call_area_province_kind(app):
    w = fixtures.build()
    d = dashboard(w.staff, parse_filters({}), TODAY)
    s = d["summary"]
    assert (s["projects"], s["granted"], s["spent"], s["cost"], s["at_risk"]) == (
        2,
        Decimal("150000"),
        Decimal("50000"),
        Decimal("300000"),
        1,
    )
    calls = {r["call"].code: r for r in d["by_call"]}
    assert calls["CALL-A"]["granted"] == 100000 and calls["CALL-A"]["spent"] == 50000
    assert calls["CALL-A"]["budget"] == 1000000
    assert calls["CALL-B"]["granted"] == 50000 and calls["CALL-B"]["spent"] == 0
    diag = _by(d["by_area"], "diagnostics")
    assert (diag["projects"], diag["granted"], diag["spent"]) == (2, 150000, 50000)
    assert _by(d["by_area"], "genomics")["granted"] == 50000
    mi, pv = _by(d["by_province"], "MI"), _by(d["by_province"], "PV")
    assert (mi["projects"], mi["granted"], mi["spent"]) == (2, 110000, 30000)
    assert (pv["projects"], pv["granted"], pv["spent"]) == (1, 40000, 20000)
    assert _by(d["by_kind"], "startup")["granted"] == 60000
    assert _by(d["by_kind"], "startup")["spent"] == 30000
    assert _by(d["by_kind"], "university")["spent"] == 20000
    assert _by(d["by_kind"], "research_hospital")["granted"] == 50000


def test_spending_against_time_and_trend(app):
    w = fixtures.build()
    d = dashboard(w.staff, parse_filters({}), TODAY)
    h = {x.project.acronym: x for x in d["projects"]}
    assert h["ALPHA"].time_pct == 50.0 and h["ALPHA"].spent_pct == 25.0
    assert h["ALPHA"].planned == Decimal("100000.00") and h["ALPHA"].label == "on_track"
    assert h["BETA"].planned == Decimal("50274.73")
    assert [r["rule"] for r in h["BETA"].reasons] == ["spending_behind"]
    trend = {r["period"]: r for r in d["trend"]}
    assert trend["2024-Q1"]["granted"] == 100000 and trend["2024-Q2"]["spent"] == 50000
    assert trend["2024-Q3"]["granted"] == 50000 and trend["2024-Q3"]["cumulative_spent"] == 50000


def test_filters_and_overdue(app):
    w = fixtures.build()
    d = dashboard(w.staff, parse_filters({"province": "PV"}), TODAY)
    assert [h.project.acronym for h in d["projects"]] == ["ALPHA"]
    d = dashboard(w.staff, parse_filters({"area": "genomics"}), TODAY)
    assert d["summary"]["granted"] == 50000
    d = dashboard(w.staff, parse_filters({"risk": "at_risk"}), TODAY)
    assert [h.project.acronym for h in d["projects"]] == ["BETA"]
    # On 2025-07-15 ALPHA's "Clinical pilot" (due 2025-06-30) is 15 days overdue.
    d = dashboard(w.staff, parse_filters({"call": w.call_a.id}), date(2025, 7, 15))
    assert [(p.acronym, m.title, days) for p, m, days in d["overdue"]] == [
        ("ALPHA", "Clinical pilot", 15)
    ]


def test_dashboard_page_and_api(app, client):
    w = fixtures.build()
    login(client, w.staff.email)
    html = client.get("/projects/dashboard?lang=en").get_data(as_text=True)
    assert "ALPHA" in html and "BETA" in html and 'id="chart-call"' in html
    assert "<script>" not in html and "data-charts=" in html
    body = client.get("/api/v1/projects/dashboard?today=2024-12-31").get_json()
    assert body["summary"]["granted"] == "150000.00" and body["summary"]["at_risk"] == 1
    assert client.get("/api/v1/projects/dashboard?area=nope").status_code == 422


def test_dashboard_tables_scroll_money_does_not_wrap_and_quarters_read_as_words(app, client):
    """The walk saw '1.500.000' and '€' on two lines, 'Monitoraggio' a letter a line at 390 px
    and '2025-Q1' on the Italian page."""
    w = fixtures.build()
    login(client, w.staff.email)
    html = client.get("/projects/dashboard?lang=it").get_data(as_text=True)
    for table in ("projects-table", "overdue-table", "call-table", "area-table", "trend-table"):
        assert re.search(rf'<div class="table-responsive"><table[^>]*id="{table}"', html), table
    cells = re.findall(r'<td class="([^"]*)"[^>]*>([^<]*€[^<]*)</td>', html)
    assert cells and all("portal-money" in cls for cls, _text in cells), cells
    assert 'class="portal-words"><span class="health">' in html
    assert "T1 2024" in html and "2024-Q1" not in html.split('id="trend-table"')[1]
    charts = json.loads(unescape(re.search(r'data-charts="([^"]*)"', html).group(1)))
    assert charts["trend"][0]["label"].startswith("T") and charts["trend"][0]["period"][4:6] == "-Q"
    en = client.get("/projects/dashboard?lang=en").get_data(as_text=True)
    assert "Q1 2024" in en.split('id="trend-table"')[1]
    css = client.get("/static/css/portal.css").get_data(as_text=True)
    assert "main td.portal-money { overflow-wrap: normal; white-space: nowrap; }" in css
