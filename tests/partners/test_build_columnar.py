"""Issue 18, the matcher's cold build at scale: what it reads and what it keeps.

A small world is written with Core statements (no profile save, no model: random unit
vectors), with CORDIS and portal projects, owners' texts, offers and seeks, so that every
branch of the build is exercised. The build must read each table once (the projects' texts
once for the lexical documents and the research profiles) and give what the per-table reads
gave.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pytest
from sqlalchemy import event, insert

from app.extensions import db
from app.orgs.models import Organisation, OrgArea
from app.partners import documents, embeddings, engine
from app.partners.models import Embedding, IndexVersion
from app.projects.models import FundedProject, FundingCall, ProjectPartner
from matching.index import normalise

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
KINDS = ("company", "university", "research_hospital", "startup", "research_institute")
WORDS = (
    "sepsis biosensor wearable imaging genomics cardiology oncology telemedicine rehabilitation "
    "città ospedale terapia intensiva dispositivi medici ricerca clinica validazione"
).split()


def _text(rng, n: int) -> str:
    return " ".join(rng.choice(WORDS, n))


def build_world(n_orgs: int = 60, n_projects: int = 80, seed: int = 5) -> None:
    """``n_orgs`` organisations and ``n_projects`` projects (a quarter the portal's own), each
    organisation with a profile vector, a third with an owner's text and offers, a fifth with
    seeks (and their vectors)."""
    rng = np.random.default_rng(seed)
    model = embeddings.get_encoder().model_name
    db.session.execute(
        insert(FundingCall.__table__),
        [
            {
                "id": 1,
                "programme": "H2020",
                "code": "H2020",
                "title": "Horizon 2020",
                "description": "",
                "eligible_kinds": [],
                "areas": [],
                "source": "cordis",
                "is_demo": False,
                "created_at": NOW,
                "updated_at": NOW,
            }
        ],
    )
    orgs, areas, vectors = [], [], []
    for i in range(1, n_orgs + 1):
        owned = i % 3 == 0
        orgs.append(
            {
                "id": i,
                "slug": f"org-{i}",
                "name": f"Organisation {i}",
                "kind": KINDS[i % len(KINDS)],
                "description": _text(rng, 12) if owned else "",
                "competences": ["imaging", "genomica"] if owned else [],
                "offers": _text(rng, 8) if owned else "",
                "seeks": _text(rng, 8) if i % 5 == 0 else "",
                "trl_min": 6 if i % 4 == 0 else None,
                "trl_max": 3 if i % 4 == 0 else (7 if i % 7 == 0 else None),
                "country": "IT",
                "region": "Lombardia" if i % 2 else None,
                "province": ("MI", "BG", None)[i % 3],
                "verified": False,
                "source": "portal" if owned else "cordis",
                "is_demo": False,
                "created_at": NOW,
                "updated_at": NOW - dt.timedelta(days=400 * (i % 5)),
            }
        )
        if owned:
            areas.append({"org_id": i, "area": "digital_health"})
        fields = ["profile"] + (["offers"] if owned else []) + (["seeks"] if i % 5 == 0 else [])
        for field in fields:
            vec = rng.normal(size=384).astype(np.float32)
            vectors.append(
                {
                    "entity_type": "organisation",
                    "entity_id": i,
                    "field": field,
                    "model_name": model,
                    "text_hash": f"{i}-{field}",
                    "dim": 384,
                    "vector": (vec / np.linalg.norm(vec)).tobytes(),
                    "created_at": NOW,
                    "updated_at": NOW,
                }
            )
    db.session.execute(insert(Organisation.__table__), orgs)
    db.session.execute(insert(OrgArea.__table__), areas)
    projects, partners = [], []
    for p in range(1, n_projects + 1):
        projects.append(
            {
                "id": p,
                "call_id": 1,
                "acronym": f"P{p}",
                "title": _text(rng, 6),
                "abstract": _text(rng, 40) if p % 6 else "",
                "keywords": list(rng.choice(WORDS, 2)) if p % 2 else [],
                "euroscivoc": ["medicine"] if p % 3 == 0 else [],
                "topic_title": "SC1" if p % 4 == 0 else None,
                "areas": [],
                "start_date": dt.date(2014 + p % 11, 1 + p % 12, 1) if p % 9 else None,
                "status": "closed",
                "is_health": True,
                "source": "portal" if p % 4 == 0 else "cordis",
                "external_id": str(p),
                "is_demo": False,
                "programme": "H2020",
                "created_at": NOW,
                "updated_at": NOW,
            }
        )
        members = sorted({int(x) for x in rng.integers(1, n_orgs + 1, int(rng.integers(1, 6)))})
        for pos, oid in enumerate(members):
            partners.append(
                {
                    "project_id": p,
                    "org_id": oid,
                    "role": "coordinator" if pos == 0 else "participant",
                    "position": pos,
                }
            )
    db.session.execute(insert(FundedProject.__table__), projects)
    db.session.execute(insert(ProjectPartner.__table__), partners)
    db.session.execute(insert(Embedding.__table__), vectors)
    db.session.execute(insert(IndexVersion.__table__), [{"name": "orgs", "version": 1}])
    db.session.commit()


@pytest.fixture
def world(app):
    build_world()


def _statements_naming(table: str):
    """Collects the statements sent while the context is open that read ``table``."""
    seen: list[str] = []
    pattern = re.compile(rf"\bFROM\s+{table}\b|\bJOIN\s+{table}\b", re.IGNORECASE)

    def on(_conn, _cur, statement, *_a):
        if pattern.search(statement):
            seen.append(statement)

    return seen, on


def test_the_build_reads_the_projects_twice_and_the_partners_once(world):
    projects, on_projects = _statements_naming("funded_projects")
    partners, on_partners = _statements_naming("project_partners")
    event.listen(db.engine, "before_cursor_execute", on_projects)
    event.listen(db.engine, "before_cursor_execute", on_partners)
    try:
        matcher = engine.build_matcher()
    finally:
        event.remove(db.engine, "before_cursor_execute", on_projects)
        event.remove(db.engine, "before_cursor_execute", on_partners)
    assert len(matcher.orgs_) == 60
    # the participations (joined with the projects' start and source) and the projects' texts
    assert len(projects) == 2, projects
    assert len(partners) == 1, partners


def test_one_read_of_the_projects_gives_what_the_separate_reads_gave(world):
    parts = engine.participations()
    rows = documents.project_rows()
    assert (
        documents.research_texts(links=engine.research_links(parts), rows=rows)
        == documents.research_texts()
    )
    one = documents.research_texts([3, 4, 5])
    assert one == {k: v for k, v in documents.research_texts().items() if k in (3, 4, 5)}
    assert documents.project_documents(parts, rows) == documents.project_documents(parts)
    assert any(r[7] == "portal" for r in rows) and any(r[7] == "cordis" for r in rows)


def test_an_offer_without_an_owner_text_is_the_profile_row_not_a_copy(world):
    matcher = engine.build_matcher()
    vecs = embeddings.load_vectors("organisation")
    research = documents.research_texts()
    shared = 0
    for oid in matcher.orgs_:
        own = vecs["offers"].get(oid)
        if own is None and oid in research:
            own, shared = vecs["profile"][oid], shared + 1
        got = matcher.offer_vector(oid)
        assert (got is None) == (own is None), oid
        assert own is None or np.array_equal(got, normalise(own))
    assert shared > 10
    assert len(matcher.offer_index_) == len(vecs["offers"])  # the owners' offers only
