"""CORDIS import (H2020 + Horizon Europe) on small files written by the tests: scope, fields,
idempotence, a malformed row named by file / line / column with nothing written."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.core import search
from app.extensions import db
from app.orgs.models import Organisation
from app.projects.models import FundedProject, FundingCall, ProjectPartner
from app.seeding.cordis import import_cordis
from app.seeding.cordis_files import DataFileError
from tests.seeding.fixtures import HE_PROJECTS, ORGS, write_cordis, write_horizon


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


def test_scope_lombardy_participant_or_health_for_both_programmes(app, tmp_path):
    stats = import_cordis(write_cordis(tmp_path / "data"))
    db.session.commit()
    imported = set(db.session.execute(select(Organisation.external_id)).scalars())
    # 201 has no name anywhere; 300 only takes part in projects with neither health nor
    # Lombardy (H2020 4, Horizon Europe 902).
    assert imported == {"100", "101", "102", "200", "202", "203", "400", "401", "500"}
    projects = set(db.session.execute(select(FundedProject.external_id)).scalars())
    assert projects == {"1", "2", "3", "5", "900", "901"}
    assert (stats["projects_h2020"], stats["projects_horizon_europe"]) == (4, 2)
    assert stats["orgs_created"] == 9 and stats["orgs_lombardy"] == 4
    assert (stats["orgs_skipped_unnamed"], stats["partners_skipped_unnamed"]) == (1, 1)
    assert stats["partners_created"] == 13 and stats["calls_created"] == 2
    assert stats["projects_with_title"] == 2 + 2  # H2020 1 and 5, Horizon Europe 900 and 901
    assert _counts() == {
        "Organisation": 9,
        "FundedProject": 6,
        "ProjectPartner": 13,
        "FundingCall": 2,
    }


def test_organisation_fields_from_both_programmes(app, tmp_path):
    import_cordis(write_cordis(tmp_path / "data"))
    db.session.commit()
    uni, hosp, company, foreign, new = (_org(p) for p in ("100", "101", "102", "200", "400"))
    assert (uni.kind, hosp.kind, company.kind, foreign.kind, new.kind) == (
        "university",
        "research_hospital",
        "company",
        "research_institute",
        "company",
    )
    assert uni.name == "Universita degli Studi di Esempio"
    assert uni.register_data["cordis_name"] == "UNIVERSITA DEGLI STUDI DI ESEMPIO"
    assert (uni.city, uni.province, uni.region, uni.country) == ("Milano", "MI", "Lombardia", "IT")
    assert uni.ror_id == "01abcde23" and new.ror_id is None
    # A PIC unnamed in the 2017 snapshot gets its Horizon Europe legal name; Lombardy from NUTS.
    assert new.name == "Nuova Biotech SRL"
    assert new.register_data["name_source"] == "horizon_europe"
    assert (new.region, new.province, new.city) == ("Lombardia", "MI", "Milano")
    assert new.address == "Via Volta 2, 20121 Milano"
    assert new.vat_number == "IT09876543210" and new.website == "https://nuova-biotech.example"
    assert company.website == "http://www.esempio-meccanica.example"
    assert (foreign.country, foreign.province, foreign.region) == ("DE", None, None)
    assert _org("203").country == "GB"  # CORDIS "UK" is stored as ISO
    for org in (uni, hosp, company, foreign, new):
        assert org.description == "" and org.competences == [] and org.areas == []
        assert org.offers == "" and org.seeks == ""
        assert org.is_demo is False and org.source == "cordis"


def test_h2020_projects_with_and_without_text(app, tmp_path):
    import_cordis(write_cordis(tmp_path / "data"))
    db.session.commit()
    p1, p2, p3 = _project("1"), _project("2"), _project("3")
    assert (p1.acronym, p1.title) == ("CARDIOSENSE", "Wearable sensors for heart failure")
    assert p1.abstract == "Remote monitoring of..." and p1.has_text
    assert (p1.topic_code, p1.topic_title) == (
        "PHC-26-2014",
        "Self-management of health and disease",
    )
    assert p1.programme == "H2020" and p1.call.code == "H2020"
    assert p1.external_url == "https://cordis.europa.eu/project/rcn/1"
    assert (p1.start_date, p1.end_date) == (date(2016, 1, 1), date(2019, 12, 31))
    assert p1.total_cost == Decimal("3500000.50") and p1.grant_amount == Decimal("3000000")
    assert p1.status == "completed" and p1.is_health is True
    assert p1.lead_org_id == _org("100").id
    # A topic but no title; no text row at all: both keep an empty title and a CORDIS link.
    assert p2.title == "" and not p2.has_text and p2.topic_code == "FoF-01-2016"
    assert p3.title == "" and p3.abstract == "" and p3.acronym == "H2020-3"
    assert p3.display_title == "H2020-3" and p3.external_url.endswith("/rcn/3")
    roles = {(pp.organisation.external_id, pp.role) for pp in _project("3").partners}
    assert roles == {("200", "coordinator"), ("203", "third_party")}  # H2020 "partner"


def test_horizon_europe_project_and_partners(app, tmp_path):
    import_cordis(write_cordis(tmp_path / "data"))
    db.session.commit()
    p = _project("900")
    assert (p.acronym, p.title, p.programme, p.call.code) == (
        "ONCOAI",
        "AI for cancer screening",
        "HORIZON",
        "HORIZON",
    )
    assert p.abstract == "An objective that spans\nseveral lines, as CORDIS objectives do."
    assert p.keywords == ["cancer screening", "deep learning"]
    assert p.euroscivoc == ["oncology", "machine learning"]
    assert (p.topic_code, p.legal_basis, p.grant_id) == (
        "HORIZON-TOPIC-900",
        "HORIZON.2.1",
        "101000900",
    )
    assert p.external_url == "https://cordis.europa.eu/project/id/101000900" and p.is_health
    rows = sorted(
        (pp.position, pp.organisation.external_id, pp.role, pp.department, pp.grant_amount)
        for pp in p.partners
    )
    assert rows == [
        (1, "200", "coordinator", "Institut fur Onkologie", Decimal("1000000")),
        (2, "203", "participant", None, Decimal("500000")),
        (3, "400", "participant", "R&D", Decimal("250000")),
        (4, "401", "third_party", None, None),
    ]
    assert p.lead_org_id == _org("200").id
    assoc = {pp.organisation.external_id: pp.role for pp in _project("901").partners}
    assert assoc == {"102": "coordinator", "500": "associated"}


def test_org_in_several_projects_of_both_programmes(app, tmp_path):
    import_cordis(write_cordis(tmp_path / "data"))
    db.session.commit()
    org = _org("200")
    mine = db.session.execute(
        select(FundedProject.external_id)
        .join(ProjectPartner, ProjectPartner.project_id == FundedProject.id)
        .where(ProjectPartner.org_id == org.id)
    ).scalars()
    assert set(mine) == {"1", "3", "900"}
    assert (
        db.session.execute(
            select(func.count()).select_from(Organisation).where(Organisation.external_id == "200")
        ).scalar_one()
        == 1
    )


def _found(kind: str, q: str) -> set[int]:
    return set(db.session.execute(search.matching(kind, q)).scalars())


def test_the_search_index_holds_what_the_import_wrote(app, tmp_path):
    # Indexed once at the end of the import: an organisation is found by its projects'
    # keywords and a project by its partners' names (partners are inserted with Core
    # statements, after the projects: a per-flush index missed them).
    import_cordis(write_cordis(tmp_path / "data"))
    db.session.commit()
    assert _org("200").id in _found("org", "cancer screening")
    assert _project("900").id in _found("project", "universidad ejemplo")
    # A new database: every document came from this analyser, no second pass needed.
    assert search.is_current()


def test_an_import_into_a_used_index_does_not_stamp_it(app, tmp_path):
    db.session.add(Organisation(slug="demo-lab", name="Demo lab", kind="university", is_demo=True))
    db.session.commit()
    import_cordis(write_cordis(tmp_path / "data"))
    db.session.commit()
    assert not search.is_current()
    assert _org("200").id in _found("org", "cancer screening")


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
    assert _counts()["Organisation"] == 9


def test_malformed_row_is_named_and_nothing_is_written(app, tmp_path):
    data = write_cordis(tmp_path / "data")
    bad = [list(p) for p in HE_PROJECTS]
    bad[1][6] = "01/01/2023"  # start_date of 901
    write_horizon(data, projects=[tuple(p) for p in bad])
    with pytest.raises(DataFileError) as err:
        import_cordis(data)
    db.session.rollback()
    # 900's objective spans two lines, so 901 starts on line 4 of the file.
    assert err.value.line == 4 and err.value.column == "start_date"
    assert "projects.csv, line 4, column start_date" in str(err.value)
    assert "not a date" in str(err.value)
    assert _counts() == {k: 0 for k in _counts()}


def test_cli_reports_counts_and_refuses_bad_files(app, tmp_path):
    data = write_cordis(tmp_path / "data")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["import", "cordis", str(data)])
    assert result.exit_code == 0, result.output
    assert "orgs_created=9" in result.output and "partners_created=13" in result.output
    db.session.remove()
    assert _counts()["FundedProject"] == 6
    (data / "h2020_participations.csv").write_text(
        "rcn,pic,role,activity_type,country,ec_contribution,is_health\n1,100,coordinator,,,12x,1\n",
        encoding="utf-8",
    )
    result = runner.invoke(args=["import", "cordis", str(data)])
    assert result.exit_code != 0
    assert "h2020_participations.csv, line 2, column ec_contribution" in result.output
    assert "nothing imported" in result.output


def test_without_horizon_europe_or_texts(app, tmp_path):
    stats = import_cordis(write_cordis(tmp_path / "data", texts=False, horizon=False))
    db.session.commit()
    assert stats["horizon_europe"].startswith("skipped")
    assert stats["projects_horizon_europe"] == 0 and stats["projects_with_title"] == 0
    assert _project("1").title == "" and _project("1").acronym == "H2020-1"
