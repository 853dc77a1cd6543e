"""Research profile of a real organisation, hand-computed on the small CORDIS files of
tests/seeding/fixtures.py, and its section on the organisation page."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.orgs.models import Organisation
from app.projects.models import FundedProject, FundingCall, ProjectPartner
from app.projects.research import key_topics, recency_weight, research_profile
from app.seeding.cordis import import_cordis
from tests.seeding.fixtures import write_cordis


@pytest.fixture()
def imported(app, tmp_path):
    import_cordis(write_cordis(tmp_path / "data"))
    db.session.commit()
    return {
        o.external_id: o
        for o in db.session.execute(
            select(Organisation).where(Organisation.source == "cordis")
        ).scalars()
    }


def test_recency_weight_halves_every_four_years():
    assert recency_weight(2023, 2023) == 1.0
    assert recency_weight(2019, 2023) == pytest.approx(0.5)
    assert recency_weight(2015, 2023) == pytest.approx(0.25)
    assert recency_weight(None, 2023) == pytest.approx(0.5**2.5)


def test_key_topics_count_a_term_once_per_project_and_merge_case():
    rows = [
        (2023, ["Oncology"], "Cancer topic", ["oncology", "imaging"]),
        (2019, ["oncology"], "MSCA Postdoctoral Fellowships 2021", []),
    ]
    topics = key_topics(rows, 2023)
    # a call topic weighs half; a funding-scheme title is no topic
    assert [(t["term"], t["weight"], t["projects"]) for t in topics] == [
        ("Oncology", 1.5, 2),
        ("imaging", 1.0, 1),
        ("Cancer topic", 0.5, 1),
    ]


def test_profile_of_an_org_in_both_programmes(imported):
    # Forschungsinstitut Beispiel (PIC 200): H2020 1 (2016, topic only), H2020 3 (2018, no
    # text), Horizon Europe 900 (2022). Recency is measured from the latest start, 2023.
    profile = research_profile(imported["200"], page=1, per_page=2)
    assert profile["n_projects"] == 3
    assert profile["programmes"] == ["Horizon 2020", "Horizon Europe"]
    assert (profile["first_year"], profile["last_year"], profile["ref_year"]) == (2016, 2022, 2023)
    w2022, w2016 = 0.5 ** (1 / 4), 0.5 ** (7 / 4)
    assert [(t["term"], t["weight"]) for t in profile["topics"]] == [
        ("cancer screening", round(w2022, 4)),
        ("deep learning", round(w2022, 4)),
        ("machine learning", round(w2022, 4)),
        ("oncology", round(w2022, 4)),
        ("Topic of ONCOAI", round(w2022 / 2, 4)),
        ("Self-management of health and disease", round(w2016 / 2, 4)),
    ]
    # 203 shares H2020 3 and Horizon Europe 900; 100, 400 and 401 one project each.
    assert [(o.external_id, n) for o, n in profile["partners"]] == [
        ("203", 2),
        ("100", 1),
        ("400", 1),
        ("401", 1),
    ]
    assert profile["per_year"] == [
        {"year": 2016, "H2020": 1, "HORIZON": 0, "total": 1},
        {"year": 2018, "H2020": 1, "HORIZON": 0, "total": 1},
        {"year": 2022, "H2020": 0, "HORIZON": 1, "total": 1},
    ]
    page1 = [(p.external_id, role) for p, role in profile["projects"].items]
    assert page1 == [("900", "coordinator"), ("3", "coordinator")]
    assert profile["projects"].pages == 2
    page2 = research_profile(imported["200"], page=2, per_page=2)["projects"].items
    assert [(p.external_id, role) for p, role in page2] == [("1", "participant")]


def test_no_profile_without_cordis_projects(app, make_user, make_org):
    assert research_profile(make_org(make_user("owner@portal.example"), "Portal Only")) is None


def test_page_shows_the_profile_with_attribution(client, imported):
    org = imported["100"]
    body = client.get(f"/orgs/{org.slug}?lang=en").get_data(as_text=True)
    assert "Research profile" in body and "From 1 project in CORDIS" in body
    assert "not written by the organisation" in body
    assert "CARDIOSENSE" in body and "Wearable sensors for heart failure" in body
    assert "Forschungsinstitut Beispiel" in body  # its partner in H2020 1
    assert 'id="research-years"' in body and "CC BY 4.0" in body
    assert "https://ror.org/01abcde23" in body and "CC0" in body
    it = client.get(f"/orgs/{org.slug}?lang=it").get_data(as_text=True)
    assert "Profilo di ricerca" in it and "Da 1 progetto in CORDIS" in it


def test_page_marks_projects_without_text_and_pages(client, imported):
    org = imported["200"]
    body = client.get(f"/orgs/{org.slug}?lang=en").get_data(as_text=True)
    assert "From 3 projects in CORDIS" in body
    assert "text not in the data" in body  # H2020 3 has no title
    assert "ONCOAI" in body
    missing = client.get(f"/orgs/{org.slug}?lang=en&projects_page=abc")
    assert missing.status_code == 200  # a bad page number falls back to page 1
    far = client.get(f"/orgs/{org.slug}?lang=en&projects_page=99").get_data(as_text=True)
    assert "ONCOAI" in far or "H2020-1" in far


def test_funded_projects_table_leaves_cordis_to_the_research_section(client, imported):
    """The "Funded projects" table (a section of app/projects) lists the portal's projects; the
    CORDIS ones are in the research profile, and without portal projects the table is left out."""
    org = imported["100"]
    body = client.get(f"/orgs/{org.slug}?lang=en").get_data(as_text=True)
    assert "Research profile" in body
    assert 'id="projects"' not in body and "No funded project recorded yet." not in body
    call = FundingCall(programme="POR FESR", code="POR-TEST", title="Regional call")
    db.session.add(call)
    db.session.flush()
    project = FundedProject(call_id=call.id, acronym="REGIO-1", title="Regional pilot")
    db.session.add(project)
    db.session.flush()
    db.session.add(ProjectPartner(project_id=project.id, org_id=org.id, role="participant"))
    db.session.commit()
    body = client.get(f"/orgs/{org.slug}?lang=en").get_data(as_text=True)
    table = body.split('id="projects"', 1)[1]
    assert f'href="/projects/{project.id}"' in table and "REGIO-1" in table
    assert "CARDIOSENSE" not in table and "CARDIOSENSE" in body
