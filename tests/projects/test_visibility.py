"""Restricted fields (money per partner, report narratives) by role."""

import pytest

from app.extensions import db
from app.orgs.models import Membership
from app.projects.models import FundedProject, FundingCall, ProjectPartner
from tests.conftest import login
from tests.projects import fixtures

SECRET = "Secret narrative about the prototype."


def _client(app, user):
    c = app.test_client()
    if user is not None:
        assert login(c, user.email).status_code == 302
    return c


@pytest.mark.parametrize(
    "who,sees",
    [
        (None, False),
        ("outsider", False),
        ("hosp_owner", False),
        ("lead_owner", True),
        ("uni_owner", True),
        ("staff", True),
        ("uni_member", True),
    ],
)
def test_project_page_and_api_by_role(app, who, sees):
    w = fixtures.build()
    if who == "uni_member":
        w.uni_member = fixtures.user("m@pv.example")
        db.session.add(Membership(user_id=w.uni_member.id, org_id=w.uni.id, role="member"))
        db.session.commit()
    c = _client(app, getattr(w, who) if who else None)
    html = c.get(f"/projects/{w.p1.id}?lang=en").get_data(as_text=True)
    assert "Alpha sensors" in html and "Uni Pavia Lab" in html and "€100,000" in html
    assert ('id="partner-finance"' in html) is sees
    assert ("€60,000" in html) is sees  # Acme's grant share
    # Amounts follow the reader's locale: Italian thousands dots, a no-break space before €.
    assert "100.000\u00a0€" in c.get(f"/projects/{w.p1.id}?lang=it").get_data(as_text=True)
    body = c.get(f"/api/v1/projects/{w.p1.id}").get_json()
    assert body["grant_amount"] == "100000.00"  # a decimal string
    assert ("partner_finance" in body) is sees and ("reports" in body) is sees
    report = c.get(f"/projects/reports/{w.r1.id}")
    if sees:
        assert SECRET in report.get_data(as_text=True)
        assert c.get(f"/api/v1/projects/reports/{w.r1.id}").get_json()["narrative"] == SECRET
    else:
        assert report.status_code in (302, 404)
        assert SECRET not in report.get_data(as_text=True)


def test_public_list_is_searchable(app, client):
    w = fixtures.build()
    html = client.get("/projects?q=pavia&lang=en").get_data(as_text=True)
    assert "ALPHA" in html and "BETA" not in html
    html = client.get(f"/projects?call={w.call_b.id}").get_data(as_text=True)
    assert "BETA" in html and "ALPHA" not in html
    body = client.get("/api/v1/projects?area=genomics").get_json()
    assert [p["acronym"] for p in body] == ["BETA"]
    assert client.get("/api/v1/projects?status=bogus").status_code == 422


def _cordis_project(lead, programme: str, code: str, **fields) -> FundedProject:
    """A CORDIS project of ``lead`` in a CORDIS call of ``programme``, committed."""
    call = FundingCall(programme=programme, code=code, title=programme, source="cordis")
    db.session.add(call)
    db.session.flush()
    p = FundedProject(call_id=call.id, source="cordis", lead_org_id=lead.id, **fields)
    db.session.add(p)
    db.session.commit()
    return p


def test_cordis_project_page(app, client):
    w = fixtures.build()
    p = _cordis_project(
        w.uni,
        "Horizon 2020",
        "H2020",
        acronym="H2020-123456",
        title="H2020-123456",
        external_id="123456",
        external_url="https://cordis.europa.eu/project/rcn/123456",
        partners=[ProjectPartner(org_id=w.uni.id, role="coordinator", grant_amount=500000)],
    )
    html = client.get(f"/projects/{p.id}?lang=en").get_data(as_text=True)
    assert "© European Union, CORDIS, CC BY 4.0" in html
    assert "No abstract available." in html and "No milestones recorded." in html
    assert "https://cordis.europa.eu/project/rcn/123456" in html
    assert client.get(f"/api/v1/projects/{p.id}").get_json()["attribution"]


def test_cordis_page_in_italian_and_unknown_cost(app, client):
    """The walk saw 'Costo totale 0 €' (CORDIS gave no cost) and English labels in Italian."""
    w = fixtures.build()
    p = _cordis_project(
        w.uni,
        "Horizon Europe",
        "HORIZON",
        acronym="HE-1",
        title="A Horizon Europe project",
        external_id="101119729",
        grant_id="101119729",
        topic_code="HORIZON-MSCA-2022-DN-01-01",
        topic_title="MSCA Doctoral Networks 2022",
        total_cost=0,
        grant_amount=2608819,
    )
    html = client.get(f"/projects/{p.id}?lang=it").get_data(as_text=True)
    assert "0 €" not in html and html.count("non indicato") == 2
    assert "Tema del bando" in html and "Accordo di sovvenzione" in html
    assert "© Unione europea, CORDIS, CC BY 4.0" in html
    assert ">Topic<" not in html and "Grant agreement" not in html and "European Union" not in html
    en = client.get(f"/projects/{p.id}?lang=en").get_data(as_text=True)
    assert "not given" in en and "© European Union, CORDIS, CC BY 4.0" in en
    assert client.get(f"/api/v1/projects/{p.id}").get_json()["total_cost"] is None
