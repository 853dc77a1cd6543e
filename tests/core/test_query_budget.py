"""SQL per page (issue 18): a bounded, documented number of queries that does not grow with the
data (no N+1), and directory/dashboard queries that read indexes, never a whole table, on both
databases (`EXPLAIN QUERY PLAN` on SQLite, `EXPLAIN` with sequential scans priced out on
PostgreSQL, so the plan shows whether an index path exists at all).

Small data set: the demo content of `flask seed` without the real-data import, plus 20 imported
organisations in 8 imported projects. Larger: the same plus 300 imported organisations in 120
imported projects (4 partners each) and 3x the datasets.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import event, insert, select, text

from app.core import caches
from app.datasets.models import Dataset, Distribution
from app.extensions import db
from app.orgs import directory, services
from app.orgs.models import AREAS, Organisation, OrgArea
from app.projects.models import FundedProject, FundingCall, ProjectPartner
from app.seeding import seed_all
from app.seeding.demo_accounts import DEMO_PASSWORD
from tests.conftest import login

# Page -> the most queries it may run, counted with empty caches, as region staff (the figures
# include the 3-5 session, user, membership and notification reads of a logged-in page). The
# directory: one page of rows + their areas + 6 GROUP BYs (kind, area, province, verified, TRL
# ranges, scope); with a text query the index is read once and the facets counted from it.
BUDGET = {
    "/": 8,
    "/orgs": 13,
    "/orgs?q=genomica": 11,
    "/orgs?kind=company&area=diagnostics&scope=all": 13,
    "/orgs?page=3&per_page=5&scope=all": 13,
    "/orgs?sort=activity&scope=all": 13,
    "/api/v1/orgs?scope=all": 3,
    "/challenges": 16,
    "/datasets": 17,
    "/catalog.ttl": 12,
    "/projects/dashboard": 17,
    "/projects/dashboard?external=1": 24,
}


def _count(client, path: str) -> int:
    caches.clear_all()
    seen: list[str] = []

    def _on(_conn, _cur, statement, *_a):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", _on)
    try:
        resp = client.get(path)
    finally:
        event.remove(db.engine, "before_cursor_execute", _on)
    assert resp.status_code == 200, (path, resp.status_code)
    return len(seen)


def _grow(n_orgs: int, tag: str, dataset_copies: int) -> None:
    """n_orgs imported organisations in 0.4 x n_orgs imported projects (4 partners each), and
    dataset_copies copies of every dataset."""
    call = FundingCall(
        programme="H2020", code=f"H2020-{tag}", title="Horizon 2020", source="cordis"
    )
    db.session.add(call)
    orgs = [
        Organisation(
            slug=f"imported-{tag}-{i}",
            name=f"Imported Genomica Lab {i}",
            kind=("company", "university", "research_hospital")[i % 3],
            description="Genomica e imaging per la diagnostica.",
            source="cordis",
            external_id=f"pic{tag}{i}",
            region="Lombardia" if i % 4 == 0 else None,
            province="MI" if i % 4 == 0 else None,
            competences=[],
            areas=[OrgArea(area="diagnostics")] if i % 2 else [],
        )
        for i in range(n_orgs)
    ]
    db.session.add_all(orgs)
    db.session.flush()
    for j in range(n_orgs * 2 // 5):
        p = FundedProject(
            call=call,
            acronym=f"IMP{j}",
            title=f"Imported project {j}",
            source="cordis",
            external_id=f"rcn{tag}{j}",
            total_cost=Decimal(100000),
            grant_amount=Decimal(80000),
            start_date=date(2018, 1 + j % 12, 1),
            lead_org_id=orgs[j].id,
            status="completed",
            areas=[],
        )
        db.session.add(p)
        db.session.flush()
        for k in range(4):
            partner = orgs[(j + (n_orgs // 5) * k) % n_orgs]
            db.session.add(ProjectPartner(project_id=p.id, org_id=partner.id))
    db.session.flush()
    datasets = db.session.execute(select(Dataset).where(Dataset.is_demo)).scalars().all()
    for copy in range(dataset_copies):
        for ds in datasets:
            row = {c.name: getattr(ds, c.name) for c in Dataset.__table__.columns if c.name != "id"}
            row["identifier"] = f"{ds.identifier}-{tag}{copy}"
            new_id = db.session.execute(
                insert(Dataset).values(**row).returning(Dataset.id)
            ).scalar_one()
            for dist in ds.distributions:
                d = {
                    c.name: getattr(dist, c.name)
                    for c in Distribution.__table__.columns
                    if c.name not in ("id", "dataset_id")
                }
                db.session.execute(insert(Distribution).values(dataset_id=new_id, **d))
    db.session.commit()


def _staff_client(app):
    client = app.test_client()
    assert login(client, "staff@demo.portale.example", DEMO_PASSWORD).status_code == 302
    return client


def test_queries_per_page_do_not_grow_with_the_data(app):
    app.config["MATCHING_ENABLED"] = False
    try:
        seed_all(data_dir="/nonexistent")
        _grow(20, "s", 0)
        client = _staff_client(app)
        small = {path: _count(client, path) for path in BUDGET}
        _grow(300, "l", 2)
        large = {path: _count(client, path) for path in BUDGET}
    finally:
        app.config["MATCHING_ENABLED"] = True
    grew = {p: (small[p], large[p]) for p in BUDGET if large[p] > small[p]}
    assert grew == {}, f"queries grew with the data (small, large): {grew}"
    over = {p: n for p, n in large.items() if n > BUDGET[p]}
    assert over == {}, f"over the documented budget: {over} (all: {large})"


PLAN_PARAMS = [
    {},
    {"scope": "all"},
    {"kind": "company"},
    {"province": "MI", "verified": "1"},
    {"area": "diagnostics", "scope": "all"},
    {"trl": "4"},
    {"sort": "activity"},
    {"sort": "-name", "scope": "all", "page": "50"},
]
WHOLE_TABLE = {
    "sqlite": re.compile(r"^SCAN (organisations|org_areas|funded_projects)$"),
    "postgresql": re.compile(r"Seq Scan on (organisations|org_areas|funded_projects)\b"),
}


def _plan(stmt) -> list[str]:
    dialect = db.engine.dialect
    sql = str(stmt.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
    if dialect.name == "sqlite":
        return [row[3] for row in db.session.execute(text("EXPLAIN QUERY PLAN " + sql))]
    return [row[0] for row in db.session.execute(text("EXPLAIN " + sql))]


@pytest.fixture
def planned(app):
    """Enough organisations for the planner to consider its indexes; on PostgreSQL, sequential
    scans priced out so that the plan says whether an index path exists."""
    for i in range(200):
        db.session.add(
            Organisation(
                slug=f"o{i}",
                name=f"Org {i}",
                source="cordis",
                province=("MI", "PV", "BG", "CO", None)[i % 5],
                kind=("company", "university", "startup")[i % 3],
                region="Lombardia" if i % 2 else None,
                competences=[],
                areas=[OrgArea(area=AREAS[i % len(AREAS)])],
            )
        )
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("ANALYZE"))
        db.session.execute(text("SET enable_seqscan = off"))
    else:
        db.session.execute(text("ANALYZE"))
    yield
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("RESET enable_seqscan"))


@pytest.mark.parametrize(
    "args", PLAN_PARAMS, ids=lambda a: "&".join(f"{k}={v}" for k, v in a.items()) or "default"
)
def test_directory_queries_read_indexes(planned, args):
    params = services.parse_search(args)
    stmts = dict(directory.facet_statements(params))
    stmts["page"] = directory.page_statement(params, params["page"], params["per_page"])
    pattern = WHOLE_TABLE[db.engine.dialect.name]
    scans = {
        name: [line for line in _plan(stmt) if pattern.search(line.strip())]
        for name, stmt in stmts.items()
    }
    assert {k: v for k, v in scans.items() if v} == {}


def test_dashboard_reads_the_portal_projects_by_index(planned):
    stmt = select(FundedProject.id).where(FundedProject.source == "portal")
    pattern = WHOLE_TABLE[db.engine.dialect.name]
    assert [line for line in _plan(stmt) if pattern.search(line.strip())] == []


TEXT_PARAMS = [
    {"q": "org"},
    {"q": "org", "kind": "company", "scope": "all"},
    {"q": "org", "area": "diagnostics", "province": "MI"},
    {"q": "org", "sort": "activity", "trl": "4"},
]


@pytest.mark.parametrize(
    "args", TEXT_PARAMS, ids=lambda a: "&".join(f"{k}={v}" for k, v in a.items())
)
def test_text_search_counts_matches_from_indexes_only(planned, args):
    """A match is counted and ranked from the full-text index and the facet index: the search
    documents (`search_docs`, the whole analysed text) are never read, nor a whole table."""
    params = services.parse_search(args)
    stmts = {
        **directory.text_count_statements(params),
        "page": directory.text_page_statement(params, 1, 20),
    }
    assert db.session.execute(stmts["groups"]).all(), "the test data must match the query"
    pattern = WHOLE_TABLE[db.engine.dialect.name]
    sql = {n: str(stmt.compile(dialect=db.engine.dialect)) for n, stmt in stmts.items()}
    assert [n for n, text_ in sql.items() if "search_docs" in text_] == []
    plans = {name: _plan(stmt) for name, stmt in stmts.items()}
    assert {n: [ln for ln in p if pattern.search(ln.strip())] for n, p in plans.items()} == {
        n: [] for n in plans
    }
    if db.engine.dialect.name == "sqlite":
        for name in ("groups", "areas"):
            assert any(f"COVERING INDEX {directory.FACET_INDEX}" in ln for ln in plans[name])
