"""CORDIS import on a tiny fixture directory: selection, mapping, counts, idempotency."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from app.extensions import db
from app.orgs.models import Organisation
from app.projects.models import FundedProject, FundingCall, ProjectPartner
from app.seeding.cordis import import_cordis, org_values
from tests.seeding.fixtures import ORGS, write_cordis


def _counts() -> dict:
    return {
        m.__name__: db.session.execute(select(func.count()).select_from(m)).scalar_one()
        for m in (Organisation, FundedProject, ProjectPartner, FundingCall)
    }


def _org(pic: str) -> Organisation | None:
    return db.session.execute(
        select(Organisation).where(Organisation.source == "cordis", Organisation.external_id == pic)
    ).scalar_one_or_none()


def _project(rcn: str) -> FundedProject | None:
    return db.session.execute(
        select(FundedProject).where(
            FundedProject.source == "cordis", FundedProject.external_id == rcn
        )
    ).scalar_one_or_none()


def test_imports_lombardy_orgs_and_health_partners_only(app, tmp_path):
    stats = import_cordis(write_cordis(tmp_path / "data"))
    db.session.commit()
    assert stats["orgs_created"] == 4
    assert stats["orgs_skipped_unnamed"] == 1
    assert stats["projects_created"] == 4
    assert stats["partners_created"] == 5
    assert stats["partners_skipped_unnamed"] == 1
    assert stats["calls_created"] == 1
    imported = set(db.session.execute(select(Organisation.external_id)).scalars())
    # 202 only shares a non-health project, 203 only health projects without Lombardy,
    # 300 nothing with Lombardy, 201 has no name.
    assert imported == {"100", "101", "102", "200"}
    projects = set(db.session.execute(select(FundedProject.external_id)).scalars())
    assert projects == {"1", "2", "3", "5"}
    assert _counts() == {
        "Organisation": 4,
        "FundedProject": 4,
        "ProjectPartner": 5,
        "FundingCall": 1,
    }


def test_kind_mapping_and_fields(app, tmp_path):
    import_cordis(write_cordis(tmp_path / "data"))
    db.session.commit()
    uni, hosp, company, foreign = (_org(p) for p in ("100", "101", "102", "200"))
    assert (uni.kind, hosp.kind, company.kind, foreign.kind) == (
        "university",
        "research_hospital",
        "company",
        "other",
    )
    assert uni.name == "Universita degli Studi di Esempio"
    assert uni.register_data["cordis_name"] == "UNIVERSITA DEGLI STUDI DI ESEMPIO"
    assert (uni.city, uni.province, uni.region, uni.country) == ("Milano", "MI", "Lombardia", "IT")
    assert (hosp.province, company.province) == ("PV", "BG")
    assert (foreign.country, foreign.province, foreign.region) == ("DE", None, None)
    for org in (uni, hosp, company, foreign):
        assert org.description == "" and org.competences == [] and org.areas == []
        assert org.offers == "" and org.seeks == ""
        assert org.is_demo is False and org.source == "cordis"


def test_project_and_partner_fields(app, tmp_path):
    import_cordis(write_cordis(tmp_path / "data"))
    db.session.commit()
    p1 = _project("1")
    assert p1.acronym == "H2020-1" and p1.title.startswith("Horizon 2020 project 1")
    assert p1.external_url == "https://cordis.europa.eu/project/rcn/1"
    assert p1.is_health is True and _project("2").is_health is False
    assert (p1.start_date, p1.end_date) == (date(2016, 1, 1), date(2019, 12, 31))
    assert p1.total_cost == Decimal("3500000.50") and p1.grant_amount == Decimal("3000000")
    assert p1.status == "completed"
    assert p1.lead_org_id == _org("100").id
    assert _project("2").lead_org_id is None  # its coordinator (202) is not imported
    assert p1.call.code == "H2020" and p1.call.programme == "Horizon 2020"
    assert "CORDIS" in p1.call.description
    roles = {(pp.organisation.external_id, pp.role, pp.grant_amount) for pp in p1.partners}
    assert roles == {
        ("100", "coordinator", Decimal("900000")),
        ("200", "participant", Decimal("800000.25")),
    }
    assert [pp.organisation.external_id for pp in _project("3").partners] == ["200"]


def test_second_run_changes_nothing(app, tmp_path):
    data = write_cordis(tmp_path / "data")
    import_cordis(data)
    db.session.commit()
    before = _counts()
    stamps = {o.id: o.updated_at for o in db.session.execute(select(Organisation)).scalars()}
    stats = import_cordis(data)
    db.session.commit()
    assert {k: v for k, v in stats.items() if k.endswith(("_created", "_updated"))} == {
        "orgs_created": 0,
        "orgs_updated": 0,
        "projects_created": 0,
        "projects_updated": 0,
        "partners_created": 0,
        "partners_updated": 0,
        "calls_created": 0,
    }
    assert _counts() == before
    after = {o.id: o.updated_at for o in db.session.execute(select(Organisation)).scalars()}
    assert after == stamps


def test_changed_data_updates_in_place(app, tmp_path):
    import_cordis(write_cordis(tmp_path / "data"))
    db.session.commit()
    renamed = [
        dict(r, name="ESEMPIO MECCANICA E AUTOMAZIONE SRL") if r["pic"] == "102" else r
        for r in ORGS
    ]
    stats = import_cordis(write_cordis(tmp_path / "data2", orgs=renamed))
    db.session.commit()
    assert (stats["orgs_created"], stats["orgs_updated"]) == (0, 1)
    assert _org("102").name == "Esempio Meccanica e Automazione SRL"
    assert _counts()["Organisation"] == 4


def test_cli_command_imports_and_reports(app, tmp_path):
    data = write_cordis(tmp_path / "data")
    result = app.test_cli_runner().invoke(args=["import", "cordis", str(data)])
    assert result.exit_code == 0, result.output
    assert "orgs_created=4" in result.output and "partners_created=5" in result.output
    db.session.remove()
    assert _counts()["FundedProject"] == 4


def test_country_codes_are_iso():
    row = dict(ORGS[3], country="UK")
    assert org_values(row)["country"] == "GB"
    assert org_values(dict(row, country="EL"))["country"] == "GR"
