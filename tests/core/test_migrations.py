"""The migrations build the schema of the models, on SQLite and on PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

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
        downgrade(revision="base")
        with db.engine.connect() as conn:
            assert set(db.inspect(conn).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()
