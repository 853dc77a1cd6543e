"""Dashboard totals that agree (issue 14 item 7) and imported projects summed by the database
(issue 18), against figures computed by hand.

Fixture (tests/projects/fixtures.py): ALPHA grant 100,000 (Acme MI start-up 60,000 spent 30,000;
Uni PV university 40,000 spent 20,000), BETA grant 50,000 (Ospedale Nord MI research hospital).
Added here, two imported CORDIS projects (no milestone, no report):
- C1 "CORDONE" (areas: genomics): cost 300,000, grant 240,000; partners with their own grants:
  Acme 100,000 (cost share 120,000), Lonely Co (no province, company) 140,000 (cost 180,000);
- C2 "CORDTWO" (no area): cost 80,000, grant 64,000; no partner grant, so the lead (Uni) gets
  all 64,000; partners Uni (cost share 50,000) and Ospedale Nord (cost share 30,000).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import insert, select

from app.core import caches, search
from app.core.errors import ValidationError
from app.extensions import db
from app.projects import dashboard_sql
from app.projects.dashboard import dashboard, parse_filters
from app.projects.dashboard_sums import DashboardBreakdown
from app.projects.models import FundedProject, FundingCall, Milestone, ProjectPartner
from tests.conftest import login
from tests.projects import fixtures
from tests.projects.fixtures import TODAY


def _by(rows, key):
    return {r["key"]: r for r in rows}[key]


def _cordis(w):
    call = FundingCall(programme="H2020", code="H2020", title="Horizon 2020", source="cordis")
    db.session.add(call)
    db.session.flush()

    def project(acronym, cost, grant, areas, lead, partners, start):
        p = FundedProject(
            call=call,
            acronym=acronym,
            title=acronym.title(),
            source="cordis",
            external_id=acronym,
            total_cost=Decimal(cost),
            grant_amount=Decimal(grant),
            areas=areas,
            lead_org_id=lead.id,
            start_date=start,
            end_date=date(start.year + 3, start.month, 1),
            status="completed",
        )
        db.session.add(p)
        db.session.flush()
        for org, share, granted in partners:
            db.session.add(
                ProjectPartner(
                    project_id=p.id,
                    org_id=org.id,
                    cost_share=Decimal(share),
                    grant_amount=None if granted is None else Decimal(granted),
                )
            )
        return p

    project(
        "CORDONE",
        300000,
        240000,
        ["genomics"],
        w.lead,
        [(w.lead, 120000, 100000), (w.other, 180000, 140000)],
        date(2019, 1, 1),
    )
    project(
        "CORDTWO",
        80000,
        64000,
        [],
        w.uni,
        [(w.uni, 50000, None), (w.hosp, 30000, None)],
        date(2019, 5, 1),
    )
    db.session.commit()


@pytest.fixture
def world(app):
    w = fixtures.build()
    _cordis(w)
    return w


def test_drill_down_agrees_with_the_table_row(world):
    full = dashboard(world.staff, parse_filters({}), TODAY)
    mi = _by(full["by_province"], "MI")
    assert (mi["projects"], mi["granted"], mi["spent"]) == (2, 110000, 30000)
    drill = dashboard(world.staff, parse_filters({"province": "MI"}), TODAY)["summary"]
    assert (drill["projects"], drill["granted"], drill["spent"]) == (2, 110000, 30000)
    start = _by(full["by_kind"], "startup")
    drill = dashboard(world.staff, parse_filters({"kind": "startup"}), TODAY)["summary"]
    assert (
        (drill["projects"], drill["granted"], drill["spent"])
        == (
            start["projects"],
            start["granted"],
            start["spent"],
        )
        == (1, 60000, 30000)
    )


def test_province_filter_is_a_code_from_the_list(world, client):
    assert parse_filters({"province": "mi"})["province"] == "MI"
    with pytest.raises(ValidationError):
        parse_filters({"province": "Milano%"})
    login(client, world.staff.email)
    html = client.get("/projects/dashboard?lang=en").get_data(as_text=True)
    assert '<select id="f-province" name="province"' in html
    assert '<option value="PV" >PV</option>' in html or '<option value="PV">PV</option>' in html


def test_imported_projects_are_summed_by_the_database(world):
    d = dashboard(world.staff, parse_filters({"external": "1"}), TODAY)
    s = d["summary"]
    # 150,000 regional + 240,000 + 64,000 imported; cost 300,000 + 300,000 + 80,000.
    assert (s["projects"], s["granted"], s["cost"], s["spent"]) == (4, 454000, 680000, 50000)
    assert d["unlisted"] == 2 and {h.project.acronym for h in d["projects"]} == {"ALPHA", "BETA"}
    mi = _by(d["by_province"], "MI")
    # ALPHA Acme 60,000 + BETA Ospedale 50,000 + CORDONE Acme 100,000 + CORDTWO Ospedale 0.
    assert (mi["projects"], mi["granted"], mi["spent"]) == (4, 210000, 30000)
    pv = _by(d["by_province"], "PV")
    assert (pv["projects"], pv["granted"]) == (2, 104000)  # 40,000 + the lead's 64,000
    assert _by(d["by_province"], "—")["granted"] == 140000
    assert _by(d["by_kind"], "company")["granted"] == 140000
    assert _by(d["by_area"], "genomics")["granted"] == 50000 + 240000
    assert _by(d["by_area"], "none")["projects"] == 1
    calls = {r["call"].code: r for r in d["by_call"]}
    assert (calls["H2020"]["projects"], calls["H2020"]["granted"]) == (2, 304000)
    trend = {r["period"]: r["granted"] for r in d["trend"]}
    assert trend["2019-Q1"] == 240000 and trend["2019-Q2"] == 64000
    drill = dashboard(world.staff, parse_filters({"external": "1", "province": "MI"}), TODAY)
    assert (drill["summary"]["projects"], drill["summary"]["granted"]) == (4, 210000)
    genomics = dashboard(world.staff, parse_filters({"external": "1", "area": "genomics"}), TODAY)
    assert genomics["summary"]["granted"] == 290000
    # Not monitored: neither at risk nor on track.
    risky = dashboard(world.staff, parse_filters({"external": "1", "risk": "at_risk"}), TODAY)
    assert risky["unlisted"] == 0 and risky["summary"]["projects"] == 1


def test_kept_sums_serve_the_next_request(world):
    """The sums are kept across requests: the next request (a new session) gets the same."""
    staff_id, user_type = world.staff.id, type(world.staff)
    first = dashboard(world.staff, parse_filters({"external": "1"}), TODAY)
    codes = [(r["call"].code, r["granted"]) for r in first["by_call"]]
    db.session.commit()  # the request's unit of work: expires what the session loaded
    db.session.remove()
    staff = db.session.get(user_type, staff_id)
    again = dashboard(staff, parse_filters({"external": "1"}), TODAY)
    assert [(r["call"].code, r["granted"]) for r in again["by_call"]] == codes
    assert again["summary"]["granted"] == 454000


def _sums(filters=None):
    caches.clear_all()  # the per-worker copy of the sums: read the tables themselves
    return dashboard_sql.aggregate(parse_filters({"external": "1", **(filters or {})}))


def _breakdowns():
    rows = db.session.execute(
        select(
            DashboardBreakdown.dimension,
            DashboardBreakdown.key,
            DashboardBreakdown.projects,
            DashboardBreakdown.granted,
        )
    ).all()
    return sorted((d, k, n, Decimal(str(g))) for d, k, n, g in rows)


def test_kept_sums_follow_every_orm_write(world):
    """The per-project sums move with the rows: a partner's province, a milestone (the project
    is then monitored one by one, and still counted once), a partner leaving."""
    before = dashboard(world.staff, parse_filters({"external": "1"}), TODAY)["summary"]
    assert {r[0] for r in _sums()["by_province"]} == {"MI", "PV", "—"}
    world.other.province = "BG"  # Lonely Co, CORDONE's 140,000
    db.session.commit()
    prov = {r[0]: r for r in _sums()["by_province"]}
    assert "—" not in prov and (prov["BG"][1], prov["BG"][3]) == (1, 140000)
    two = db.session.execute(
        select(FundedProject).where(FundedProject.acronym == "CORDTWO")
    ).scalar_one()
    two.milestones.append(Milestone(title="Kick-off", due_date=date(2019, 6, 1)))
    db.session.commit()
    assert _sums()["projects"] == 1
    after = dashboard(world.staff, parse_filters({"external": "1"}), TODAY)
    assert after["unlisted"] == 1 and "CORDTWO" in {h.project.acronym for h in after["projects"]}
    assert (after["summary"]["projects"], after["summary"]["granted"]) == (
        before["projects"],
        before["granted"],
    )
    one = db.session.execute(
        select(FundedProject).where(FundedProject.acronym == "CORDONE")
    ).scalar_one()
    leaving = next(pp for pp in one.partners if pp.org_id == world.other.id)
    db.session.delete(leaving)
    db.session.commit()
    prov = {r[0]: r for r in _sums()["by_province"]}
    assert "BG" not in prov and (prov["MI"][1], prov["MI"][3]) == (1, 100000)
    assert ("province", "BG") not in {(d, k) for d, k, _n, _g in _breakdowns()}


def test_rebuild_recomputes_the_sums_of_bulk_imports_idempotently(world):
    """Rows written with Core statements (the CORDIS import) reach the sums with `flask search
    rebuild`; running it twice gives the same rows, equal to the per-project path's sums."""
    one = db.session.execute(
        select(FundedProject).where(FundedProject.acronym == "CORDONE")
    ).scalar_one()
    db.session.execute(
        insert(ProjectPartner.__table__).values(
            project_id=one.id,
            org_id=world.uni.id,
            cost_share=Decimal(10000),
            grant_amount=Decimal(5000),
        )
    )
    db.session.commit()
    assert {r[0]: r[3] for r in _sums()["by_province"]}["PV"] == 64000  # not seen yet
    search.rebuild()
    db.session.commit()
    kept = _breakdowns()
    assert {r[0]: r[3] for r in _sums()["by_province"]}["PV"] == 69000
    search.rebuild()
    db.session.commit()
    assert _breakdowns() == kept
    # The kept breakdowns (no area/province/kind filter) agree with the per-project rows.
    by_area = _sums({"area": "genomics"})  # the per-project path
    assert {r[0]: r[3] for r in by_area["by_province"]} == {"MI": 100000, "—": 140000, "PV": 5000}
