"""The real CORDIS files of ../shared/data, imported once (SQLite, its own database), checked
against counts recomputed here from the files with the issue's rule (skipped without data)."""

from __future__ import annotations

import csv
from collections import Counter

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.orgs.models import Organisation
from app.projects.models import FundedProject, ProjectPartner
from app.seeding import DEFAULT_DATA_DIR
from app.seeding.cordis import import_cordis
from tests.conftest import make_app

HE = DEFAULT_DATA_DIR / "horizon_europe"
pytestmark = pytest.mark.skipif(
    not (DEFAULT_DATA_DIR / "h2020_project_texts.csv").is_file()
    or not (HE / "projects.csv").is_file(),
    reason="real data folder (../shared/data with horizon_europe/) not available",
)


def _rows(path):
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _expected() -> dict:
    """The scope recomputed from the files: Lombardy (NUTS ITC4, else the comune) or health."""
    h_orgs = {r["pic"]: r for r in _rows(DEFAULT_DATA_DIR / "h2020_organisations.csv")}
    e_orgs = {r["pic"]: r for r in _rows(HE / "organisations.csv")}

    def lombardy(pic):
        e = e_orgs.get(pic)
        if e and e["nuts_code"]:
            return e["nuts_code"].startswith("ITC4")
        return (h_orgs.get(pic) or {}).get("is_lombardy") == "1"

    def named(pic):
        return bool(
            (h_orgs.get(pic) or {}).get("name") or (e_orgs.get(pic) or {}).get("legal_name")
        )

    out = {"pics": set(), "links": 0}
    texts = {r["rcn"]: r for r in _rows(DEFAULT_DATA_DIR / "h2020_project_texts.csv")}
    for prog, projects, parts in (
        ("h2020", "h2020_projects.csv", "h2020_participations.csv"),
        ("he", "horizon_europe/projects.csv", "horizon_europe/participations.csv"),
    ):
        projects = {r["rcn"]: r for r in _rows(DEFAULT_DATA_DIR / projects)}
        parts = [p for p in _rows(DEFAULT_DATA_DIR / parts) if p["rcn"] in projects]
        scope = {r for r, p in projects.items() if p["is_health"] == "1"}
        scope |= {p["rcn"] for p in parts if lombardy(p["pic"])}
        pairs = {(p["rcn"], p["pic"]) for p in parts if p["rcn"] in scope and named(p["pic"])}
        out[prog] = len(scope)
        out["links"] += len(pairs)
        out["pics"] |= {pic for _r, pic in pairs}
        if prog == "h2020":
            out["titled"] = sum(1 for r in scope if (texts.get(r) or {}).get("title"))
        else:
            out["titled"] += sum(1 for r in scope if projects[r]["title"])
    out["lombardy"] = sum(1 for pic in out["pics"] if lombardy(pic))
    return out


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    app = make_app(f"sqlite:///{tmp_path_factory.mktemp('real') / 'real.db'}", tmp_path_factory)
    with app.app_context():
        db.create_all()
        stats = import_cordis(DEFAULT_DATA_DIR)
        db.session.commit()
        yield stats
        db.session.remove()
        db.engine.dispose()


def test_counts_match_the_files(real):
    want = _expected()
    assert real["projects_h2020"] == want["h2020"]
    assert real["projects_horizon_europe"] == want["he"]
    assert real["orgs_created"] == len(want["pics"])
    assert real["partners_created"] == want["links"]
    assert real["projects_with_title"] == want["titled"]
    assert real["orgs_lombardy"] == want["lombardy"]
    count = lambda m: db.session.execute(select(func.count()).select_from(m)).scalar_one()  # noqa: E731
    assert count(Organisation) == len(want["pics"])
    assert count(FundedProject) == want["h2020"] + want["he"]
    assert count(ProjectPartner) == want["links"]


def _one(name_like: str) -> Organisation:
    return (
        db.session.execute(
            select(Organisation).where(Organisation.name.ilike(name_like)).order_by(Organisation.id)
        )
        .scalars()
        .first()
    )


def test_known_organisations_have_the_right_kind_and_place(real):
    polimi = _one("Politecnico di Milano")
    assert (polimi.kind, polimi.region, polimi.province) == ("university", "Lombardia", "MI")
    assert polimi.vat_number and polimi.website  # from the Horizon Europe record
    for name, kind in (
        ("Istituto Europeo di Oncologia%", "research_hospital"),
        ("Humanitas Mirasole%", "research_hospital"),
        ("Istituto di Ricerche Farmacologiche Mario Negri%", "research_institute"),
        ("Consiglio Nazionale delle Ricerche", "research_institute"),
        ("Ospedale San Raffaele%", "research_hospital"),
    ):
        assert _one(name).kind == kind, name
    n = db.session.execute(
        select(func.count()).where(ProjectPartner.org_id == polimi.id)
    ).scalar_one()
    assert n > 300  # the issue counts 369 rows for Politecnico di Milano


def test_lombardy_orgs_by_kind_add_up(real):
    kinds = Counter(
        db.session.execute(
            select(Organisation.kind).where(Organisation.region == "Lombardia")
        ).scalars()
    )
    assert sum(kinds.values()) == real["orgs_lombardy"]
    assert kinds["university"] >= 10 and kinds["research_hospital"] >= 10
