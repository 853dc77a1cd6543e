"""The migrations build the schema of the models, on SQLite and on PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from app.core import search
from app.core.search import include_name
from app.extensions import db
from tests.conftest import make_app

TABLES = {
    "organisations",
    "users",
    "memberships",
    "partnership_proposals",
    "challenges",
    "challenge_responses",
    "funding_calls",
    "funded_projects",
    "project_partners",
    "milestones",
    "progress_reports",
    "project_outputs",
    "datasets",
    "distributions",
    "access_requests",
    "audit_events",
}


def _fresh_url(backend, request, tmp_path_factory, name):
    if backend == "postgres":
        return request.getfixturevalue("pg_server").create_database(name)
    return f"sqlite:///{tmp_path_factory.mktemp('mig') / 'mig.db'}"


def test_upgrade_matches_models_and_downgrades(backend, request, tmp_path_factory):
    app = make_app(
        _fresh_url(backend, request, tmp_path_factory, "portal_migrations"), tmp_path_factory
    )
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"include_name": include_name})
            diff = compare_metadata(ctx, db.metadata)
            names = set(db.inspect(conn).get_table_names())
        assert TABLES <= names
        assert diff == [], f"models and migrations differ: {diff}"
        _search_index_follows_its_rows()
        downgrade(revision="base")
        with db.engine.connect() as conn:
            assert set(db.inspect(conn).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()


def _search_index_follows_its_rows():
    """The full-text structures the migrations build (not compared above) answer the queries of
    app.core.search and follow the rows of search_docs."""
    docs = search.SearchDoc.__table__
    row = {"kind": "org", "ref_id": 7, "title": search.analyse("Helix Lab")}
    db.session.execute(
        docs.insert().values(id=search.doc_id("org", 7), body=search.analyse("Genomica"), **row)
    )
    db.session.execute(
        docs.insert().values(
            id=search.doc_id("project", 7), kind="project", ref_id=7, title="", body="genomica"
        )
    )

    def found(q):
        sub = search.ranked("org", q)
        return db.session.execute(db.select(sub.c.ref_id, sub.c.rank)).all()

    assert [r[0] for r in found("genomica")] == [7]
    db.session.execute(docs.update().where(docs.c.kind == "org").values(body="robotica"))
    assert found("genomica") == [] and [r[0] for r in found("robotica")] == [7]
    db.session.execute(docs.delete())
    assert found("robotica") == []
    db.session.commit()
