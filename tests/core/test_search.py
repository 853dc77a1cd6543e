"""The one search helper reads Italian: accents and case folded, Italian/English word forms,
prefixes, typos in names, area labels; user input is never a pattern. Runs on both databases."""

from __future__ import annotations

import pytest

from app.challenges import services as challenges
from app.core import search
from app.extensions import db
from app.orgs import services as orgs
from app.projects import services as projects
from tests.projects import fixtures


@pytest.fixture
def world(app, make_user):
    owner = make_user("owner@search.example")
    w = {
        "pavia": orgs.create_org(
            owner,
            {
                "name": "Università degli Studi di Pavia",
                "kind": "university",
                "description": "Biosensori stampati per la medicina dello sport.",
            },
        ),
        "poli": orgs.create_org(
            owner,
            {"name": "Politecnico di Milano", "kind": "university", "description": "Robotics."},
        ),
        "geno": orgs.create_org(
            owner,
            {"name": "Helix Lab", "kind": "startup", "areas": ["genomics"], "description": "DNA"},
        ),
        "pct": orgs.create_org(
            owner, {"name": "Cento per cento", "kind": "company", "description": "Pharma 100%"}
        ),
    }
    db.session.commit()
    return w


def _names(q: str) -> set[str]:
    return {o.name for o in orgs.search_orgs(orgs.parse_search({"q": q})).items}


def test_accents_and_case_are_folded(world):
    found = _names("università")
    assert "Università degli Studi di Pavia" in found
    assert _names("universita") == found == _names("UNIVERSITÀ") == _names("Universita'")


def test_italian_and_english_word_forms(world):
    # "biosensore" (singular) finds "Biosensori"; "genomica" finds the Genomics area's org
    # whose text never says "genomica" (the area label is indexed in both languages).
    assert _names("biosensore") == {"Università degli Studi di Pavia"}
    assert _names("genomica") == {"Helix Lab"} == _names("genomics") == _names("GENOMICS")


def test_prefix_and_typo_in_a_name(world):
    assert _names("Polit") == {"Politecnico di Milano"}
    assert _names("Politecnco") == {"Politecnico di Milano"}
    assert _names("zzzzqqqq") == set()


def test_every_word_must_match(world):
    assert _names("università pavia") == {"Università degli Studi di Pavia"}
    assert _names("università robotics") == {"Politecnico di Milano"}
    assert _names("pavia robotics") == set()


@pytest.mark.parametrize("q", ["%", "_", "%%", "_%_", "'", '"', "*", "NEAR(", "a:*|b", "\\"])
def test_user_input_is_never_a_pattern_or_query_syntax(world, q):
    assert _names(q) == set()


def test_index_follows_every_write(world, make_user):
    org = world["poli"]
    owner = org.memberships[0].user
    orgs.update_org(owner, org, {"description": "Esoscheletri per la riabilitazione"})
    db.session.commit()
    assert _names("esoscheletro") == {"Politecnico di Milano"}
    assert _names("robotics") == set()
    db.session.delete(org)
    db.session.commit()
    assert _names("esoscheletro") == set()


def test_rollback_leaves_the_index_as_it_was(world):
    org = world["geno"]
    owner = org.memberships[0].user
    orgs.update_org(owner, org, {"description": "Proteomica"})
    db.session.flush()
    assert _names("proteomica") == {"Helix Lab"}
    db.session.rollback()
    assert _names("proteomica") == set()


def test_projects_by_title_abstract_partner_and_area(app):
    fixtures.build()
    db.session.commit()

    def acronyms(q):
        page = projects.search_projects(projects.parse_search({"q": q}))
        return [p.acronym for p in page.items]

    assert acronyms("genomica") == ["BETA"]  # title "Beta genomics" and the genomics area
    assert acronyms("sepsi") == ["ALPHA"]  # prefix of the abstract's "Sepsis"
    assert set(acronyms("pavia")) == {"ALPHA"}  # a partner's name
    assert acronyms("diagnostica") and set(acronyms("diagnostica")) == {"ALPHA", "BETA"}
    assert acronyms("%") == [] and acronyms("_") == []
    # Best match first: "genomics" is in BETA's title (weighted) and area; ALPHA has neither.
    assert acronyms("beta genomics")[:1] == ["BETA"]


def test_challenges_folded_and_never_wildcards(app, make_user):
    owner = make_user("co@search.example")
    company = orgs.create_org(owner, {"name": "Farmaceutica Srl", "kind": "company"})
    ch = challenges.create_challenge(
        owner,
        {
            "org_id": company.id,
            "title": "Tracciabilità dei farmaci",
            "description": "Cerchiamo soluzioni per la catena del freddo.",
            "area": "digital_health",
        },
    )
    db.session.commit()
    rows = db.session.execute(search.matching("challenge", "TRACCIABILITA")).scalars().all()
    assert rows == [ch.id]
    assert db.session.execute(search.matching("challenge", "telemedicina")).scalars().all() == [
        ch.id
    ]
    assert db.session.execute(search.matching("challenge", "%")).scalars().all() == []


def test_rebuild_reindexes_rows_written_without_the_orm(world):
    db.session.execute(search.SearchDoc.__table__.delete())
    db.session.commit()
    assert _names("pavia") == set()
    counts = search.rebuild()
    db.session.commit()
    assert counts["org"] == 4
    assert _names("pavia") == {"Università degli Studi di Pavia"}


def test_analyser():
    assert search.fold("UNIVERSITÀ Ça") == "universita ca"
    assert "genom" in search.analyse("Genomica").split()
    assert search.query_terms("% _ ''") == []


def test_rebuild_if_empty_also_rebuilds_an_index_of_another_analyser(world, app):
    """`flask search rebuild --if-empty` (what `make db` runs) rebuilds once after an analyser
    change (the stamp row), then leaves the index alone."""
    runner = app.test_cli_runner()
    db.session.execute(
        search.SearchDoc.__table__.delete().where(search.SearchDoc.kind == "_analyser")
    )
    db.session.commit()
    assert not search.is_current()
    out = runner.invoke(args=["search", "rebuild", "--if-empty"]).output
    assert "indexed" in out and "4 org" in out
    assert search.is_current()
    again = runner.invoke(args=["search", "rebuild", "--if-empty"]).output
    assert "already built" in again
    assert _names("pavia") == {"Università degli Studi di Pavia"}
