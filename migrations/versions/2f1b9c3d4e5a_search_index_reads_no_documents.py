"""search index reads no documents: the row id / narrow table carries kind and record, covering
index of the directory's facet columns (issue 18)

Revision ID: 2f1b9c3d4e5a
Revises: ef79ca3fd352
Create Date: 2026-12-02 16:30:00

- `search_docs.id` becomes `KIND_CODES[kind] << 32 | ref_id` (BIGINT on PostgreSQL), so the
  SQLite FTS5 row id names the record and a query never joins `search_docs`;
- PostgreSQL: the vector is stored in a narrow `search_fts(kind, ref_id, tsv)` kept by a trigger,
  under a GIN index on (kind, tsv) (`btree_gin`); the expression index over the whole text goes;
- `ix_org_facets`: the facet and sort columns of `organisations`, so counting the matches of a
  search by facet reads an index, not the rows.

The statements are frozen here (app.core.search holds the current ones).
"""

import sqlalchemy as sa
from alembic import op

revision = "2f1b9c3d4e5a"
down_revision = "ef79ca3fd352"
branch_labels = None
depends_on = None

KIND_CODES = {"org": 1, "project": 2, "challenge": 3, "dataset": 4, "course": 5, "_analyser": 63}
NEW_ID = (
    "(CASE kind "
    + " ".join(f"WHEN '{k}' THEN {c}" for k, c in KIND_CODES.items())
    + " ELSE 62 END) * 4294967296 + ref_id"
)
FACET_COLUMNS = [
    "id",
    "regional",
    "kind",
    "province",
    "verified",
    "trl_min",
    "trl_max",
    "project_count",
    "name",
]

SQLITE_TRIGGERS = (
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
SQLITE_TRIGGER_NAMES = ("search_docs_au", "search_docs_ad", "search_docs_ai")

PG_VECTOR = (
    "setweight(to_tsvector('simple', {row}.title), 'A') || "
    "setweight(to_tsvector('simple', {row}.body), 'B')"
)
PG_OLD_VECTOR = (
    "setweight(to_tsvector('simple', portal_unaccent(title)), 'A') || "
    "setweight(to_tsvector('simple', portal_unaccent(body)), 'B')"
)
PG_UP = (
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    "CREATE TABLE IF NOT EXISTS search_fts (kind varchar(24) NOT NULL, ref_id integer NOT NULL, "
    "tsv tsvector NOT NULL, PRIMARY KEY (kind, ref_id))",
    "CREATE OR REPLACE FUNCTION search_docs_fts() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF TG_OP <> 'INSERT' THEN "
    "DELETE FROM search_fts WHERE kind = OLD.kind AND ref_id = OLD.ref_id; END IF; "
    "IF TG_OP <> 'DELETE' THEN INSERT INTO search_fts (kind, ref_id, tsv) "
    f"VALUES (NEW.kind, NEW.ref_id, {PG_VECTOR.format(row='NEW')}); END IF; "
    "RETURN NULL; END $$",
    "INSERT INTO search_fts (kind, ref_id, tsv) "
    f"SELECT kind, ref_id, {PG_VECTOR.format(row='d')} FROM search_docs d",
    "CREATE OR REPLACE TRIGGER search_docs_fts AFTER INSERT OR UPDATE OR DELETE ON search_docs "
    "FOR EACH ROW EXECUTE FUNCTION search_docs_fts()",
    "CREATE INDEX IF NOT EXISTS ix_search_fts_tsv ON search_fts USING gin (kind, tsv)",
)


def upgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in SQLITE_TRIGGER_NAMES:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute(f"UPDATE search_docs SET id = {NEW_ID}")
        op.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
        for stmt in SQLITE_TRIGGERS:
            op.execute(stmt)
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_search_docs_tsv")
        op.execute("ALTER TABLE search_docs ALTER COLUMN id DROP DEFAULT")
        op.execute("ALTER TABLE search_docs ALTER COLUMN id TYPE bigint")
        op.execute("DROP SEQUENCE IF EXISTS search_docs_id_seq")
        op.execute(f"UPDATE search_docs SET id = {NEW_ID}")
        for stmt in PG_UP:
            op.execute(stmt)
    op.create_index("ix_org_facets", "organisations", FACET_COLUMNS)


def downgrade():
    op.drop_index("ix_org_facets", table_name="organisations")
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS search_docs_fts ON search_docs")
        op.execute("DROP TABLE IF EXISTS search_fts")
        op.execute("DROP FUNCTION IF EXISTS search_docs_fts()")
        # Dense ids again (old ids are all >= 2**32, so no new id meets an old one).
        op.execute(
            "UPDATE search_docs s SET id = r.n FROM (SELECT id, row_number() OVER "
            "(ORDER BY id) AS n FROM search_docs) r WHERE s.id = r.id"
        )
        op.execute("ALTER TABLE search_docs ALTER COLUMN id TYPE integer")
        op.execute("CREATE SEQUENCE search_docs_id_seq OWNED BY search_docs.id")
        op.execute(
            "SELECT setval('search_docs_id_seq', coalesce((SELECT max(id) FROM search_docs), 0)"
            " + 1, false)"
        )
        op.execute(
            "ALTER TABLE search_docs ALTER COLUMN id SET DEFAULT nextval('search_docs_id_seq')"
        )
        op.execute(
            f"CREATE INDEX IF NOT EXISTS ix_search_docs_tsv ON search_docs USING gin "
            f"(({PG_OLD_VECTOR}))"
        )
    # SQLite: the old code reads any row ids (it joins search_docs on the FTS row id).
    _ = sa
