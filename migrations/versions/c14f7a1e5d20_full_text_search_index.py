"""full-text search index: search_docs + SQLite FTS5 / PostgreSQL tsvector, unaccent, pg_trgm

Revision ID: c14f7a1e5d20
Revises: 4c800d2925e4
Create Date: 2026-12-01 22:40:00

The rows are filled by `flask search rebuild` (the Makefile's `db` step runs it) and kept in step
by the ORM on every write afterwards.
"""

import sqlalchemy as sa
from alembic import op

revision = "c14f7a1e5d20"
down_revision = "4c800d2925e4"
branch_labels = None
depends_on = None

# The statements of this revision, frozen here (app.core.search holds the current ones; a
# later revision, e.g. 2f1b9c3d4e5a, changes them).
SQLITE_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(title, body, "
    "content='search_docs', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts_vocab USING fts5vocab(search_fts, 'col')",
    "CREATE TRIGGER IF NOT EXISTS search_docs_ai AFTER INSERT ON search_docs BEGIN "
    "INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    "CREATE TRIGGER IF NOT EXISTS search_docs_ad AFTER DELETE ON search_docs BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); END",
    "CREATE TRIGGER IF NOT EXISTS search_docs_au AFTER UPDATE ON search_docs BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); "
    "INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
)
SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS search_docs_au",
    "DROP TRIGGER IF EXISTS search_docs_ad",
    "DROP TRIGGER IF EXISTS search_docs_ai",
    "DROP TABLE IF EXISTS search_fts_vocab",
    "DROP TABLE IF EXISTS search_fts",
)
PG_VECTOR = (
    "setweight(to_tsvector('simple', portal_unaccent(title)), 'A') || "
    "setweight(to_tsvector('simple', portal_unaccent(body)), 'B')"
)
PG_DDL = (
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # unaccent() is only STABLE; an index expression needs an IMMUTABLE wrapper with the
    # dictionary named explicitly.
    "CREATE OR REPLACE FUNCTION portal_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE "
    "PARALLEL SAFE STRICT AS $$ SELECT unaccent('unaccent'::regdictionary, $1) $$",
    f"CREATE INDEX IF NOT EXISTS ix_search_docs_tsv ON search_docs USING gin (({PG_VECTOR}))",
    "CREATE INDEX IF NOT EXISTS ix_search_docs_trgm ON search_docs "
    "USING gin ((portal_unaccent(lower(title))) gin_trgm_ops)",
)
PG_DROP = (
    "DROP INDEX IF EXISTS ix_search_docs_trgm",
    "DROP INDEX IF EXISTS ix_search_docs_tsv",
    "DROP FUNCTION IF EXISTS portal_unaccent(text)",
)


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
