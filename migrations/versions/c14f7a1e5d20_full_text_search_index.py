"""full-text search index: search_docs + SQLite FTS5 / PostgreSQL tsvector, unaccent, pg_trgm

Revision ID: c14f7a1e5d20
Revises: 4c800d2925e4
Create Date: 2026-12-01 22:40:00

The rows are filled by `flask search rebuild` (the Makefile's `db` step runs it) and kept in step
by the ORM on every write afterwards.
"""

import sqlalchemy as sa
from alembic import op

from app.core.search import PG_DDL, PG_DROP, SQLITE_DDL, SQLITE_DROP

revision = "c14f7a1e5d20"
down_revision = "4c800d2925e4"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "search_docs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("ref_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kind", "ref_id", name="uq_search_docs_kind_ref"),
    )
    dialect = op.get_bind().dialect.name
    for stmt in SQLITE_DDL if dialect == "sqlite" else PG_DDL if dialect == "postgresql" else ():
        op.execute(stmt)


def downgrade():
    dialect = op.get_bind().dialect.name
    for stmt in SQLITE_DROP if dialect == "sqlite" else PG_DROP if dialect == "postgresql" else ():
        op.execute(stmt)
    op.drop_table("search_docs")
