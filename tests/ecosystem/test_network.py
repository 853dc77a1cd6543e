"""Ecosystem analytics: graph, centrality, communities, isolated organisations, SME share."""

from app.ecosystem import services
from tests.conftest import login
from tests.projects import fixtures


def test_network_figures(app):
    w = fixtures.build()
    # ALPHA joins Acme and Uni; BETA has only Ospedale Nord. Lonely Co is in no project.
    data = services.overview(w.staff, services.parse_filters({}))
    assert (data["nodes"], data["edges"]) == (3, 1)
    central = {o["name"]: o for o in data["central"]}
    assert central["Acme Sensors"]["degree"] == 1 and central["Ospedale Nord"]["degree"] == 0
    assert data["isolated_count"] == 1 and data["isolated"][0].name == "Lonely Co"
    # Partner grants: Acme (micro start-up) 60,000, Uni (large) 40,000, Ospedale Nord (no size
    # band) 50,000. Share among partners of known size: 60,000 of 100,000 = 60 %.
    assert data["sme"]["pct"] == 60.0 and data["sme"]["sme"] == 60000.0
    assert (data["sme"]["known"], data["sme"]["unknown"]) == (100000.0, 50000.0)
    assert (data["sme"]["orgs_known"], data["sme"]["orgs_all"]) == (2, 3)
    sizes = sorted(c["size"] for c in data["communities"])
    assert sizes == [1, 2]


def test_filters_and_limit(app):
    w = fixtures.build()
    only_b = services.overview(w.staff, services.parse_filters({"call": str(w.call_b.id)}))
    # BETA: only Ospedale Nord, size unknown: no share to report (not "0.0%").
    assert only_b["nodes"] == 1 and only_b["sme"]["pct"] is None
    assert services.overview(w.staff, services.parse_filters({"year_from": "2025"}))["nodes"] == 0
    limited = services.analyse(w.staff, services.parse_filters({"limit": "10"}))
    assert len(limited["graph"]["nodes"]) == 3


def test_pages(app, client):
    w = fixtures.build()
    login(client, w.staff.email)
    html = client.get("/ecosystem?lang=en").get_data(as_text=True)
    assert 'id="central-table"' in html and "Lonely Co" in html and "60%" in html
    # Betweenness in the reader's format (was the raw float "0.0" in Italian too).
    it_html = client.get("/ecosystem?lang=it").get_data(as_text=True)
    table = it_html.split('id="central-table"', 1)[1].split("</table>", 1)[0]
    assert '<td class="text-end">0,0000</td>' in table and ">0.0<" not in table
    body = client.get("/ecosystem/graph.json").get_json()
    assert len(body["elements"]["nodes"]) == 3 and len(body["elements"]["edges"]) == 1
    c2 = app.test_client()
    login(c2, w.lead_owner.email)
    assert c2.get("/ecosystem").status_code == 403


def test_default_view_and_focus(app):
    w = fixtures.build()
    default = services.parse_filters({})
    assert default["limit"] == services.DEFAULT_LIMIT == 60 and default["scope"] == "region"
    data = services.analyse(w.staff, services.parse_filters({"focus": "uni pavia"}))
    assert data["focus"] == {"found": True, "name": "Uni Pavia Lab"}
    assert {n["data"]["label"] for n in data["graph"]["nodes"]} == {"Uni Pavia Lab", "Acme Sensors"}
    none = services.analyse(w.staff, services.parse_filters({"focus": "zzzz"}))
    assert none["focus"] == {"found": False, "name": None} and len(none["graph"]["nodes"]) == 3
