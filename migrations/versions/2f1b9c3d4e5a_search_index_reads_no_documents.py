"""search index reads no documents, the directory's facet index, the dashboard's per-project
sums (issue 18)

Revision ID: 2f1b9c3d4e5a
Revises: ef79ca3fd352
Create Date: 2026-12-02 16:30:00

- `search_docs.id` becomes `KIND_CODES[kind] << 32 | ref_id` (BIGINT on PostgreSQL), so the
  SQLite FTS5 row id names the record and a query never joins `search_docs`;
- PostgreSQL: the vector is stored in a narrow `search_fts(kind, ref_id, tsv)` kept by a trigger,
  under a GIN index on (kind, tsv) (`btree_gin`); the expression index over the whole text goes;
- `ix_org_facets`: the facet and sort columns of `organisations`, so counting the matches of a
  search by facet reads an index, not the rows;
- `dashboard_projects` / `dashboard_partners` / `dashboard_breakdowns`: the per-project sums
  the dashboard adds up for the projects nobody monitors, and their province/kind breakdowns
  per call (app/projects/dashboard_sums.py), filled here from the existing rows.

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

SIMPLE = (
    "p.source <> 'portal' "
    "AND NOT EXISTS (SELECT 1 FROM milestones m WHERE m.project_id = p.id) "
    "AND NOT EXISTS (SELECT 1 FROM progress_reports r WHERE r.project_id = p.id)"
)
FILL_DASHBOARD = (
    "INSERT INTO dashboard_projects (project_id, call_id, status, start_date, total_cost, "
    "grant_amount, areas) "
    "SELECT p.id, p.call_id, p.status, p.start_date, p.total_cost, p.grant_amount, p.areas "
    f"FROM funded_projects p WHERE {SIMPLE}",
    "INSERT INTO dashboard_partners (project_id, province, kind, partners, cost_share, granted) "
    "SELECT pp.project_id, o.province, o.kind, count(*), coalesce(sum(pp.cost_share), 0), "
    "coalesce(sum(CASE WHEN EXISTS (SELECT 1 FROM project_partners x WHERE x.project_id = "
    "pp.project_id AND x.grant_amount IS NOT NULL) THEN coalesce(pp.grant_amount, 0) "
    "WHEN pp.org_id = p.lead_org_id THEN coalesce(p.grant_amount, 0) ELSE 0 END), 0) "
    "FROM project_partners pp "
    "JOIN dashboard_projects d ON d.project_id = pp.project_id "
    "JOIN funded_projects p ON p.id = pp.project_id "
    "JOIN organisations o ON o.id = pp.org_id "
    "GROUP BY pp.project_id, o.province, o.kind",
    *(
        "INSERT INTO dashboard_breakdowns (dimension, call_id, status, key, projects, "
        f"cost_share, granted) SELECT '{dim}', d.call_id, d.status, {col}, "
        "count(DISTINCT dp.project_id), coalesce(sum(dp.cost_share), 0), "
        "coalesce(sum(dp.granted), 0) FROM dashboard_partners dp "
        "JOIN dashboard_projects d ON d.project_id = dp.project_id "
        f"GROUP BY d.call_id, d.status, {col}"
        for dim, col in (("province", "coalesce(dp.province, '—')"), ("kind", "dp.kind"))
    ),
)


def fill_project_breakdowns(dialect: str) -> tuple[str, ...]:
    """The per-project dimensions of dashboard_breakdowns: call, area, start date."""
    head = (
        "INSERT INTO dashboard_breakdowns (dimension, call_id, status, key, projects, "
        "cost_share, granted) SELECT '{dim}', d.call_id, d.status, {col}, count(*), "
        "coalesce(sum(d.total_cost), 0), coalesce(sum(d.grant_amount), 0) "
    )
    if dialect == "sqlite":
        areas = "FROM dashboard_projects d LEFT JOIN json_each(d.areas) e ON 1 = 1 "
        area = "coalesce(e.value, 'none')"
    else:
        areas = (
            "FROM dashboard_projects d LEFT JOIN LATERAL json_array_elements_text(d.areas) "
            "e(value) ON true "
        )
        area = "coalesce(e.value, 'none')"
    start = "CAST(d.start_date AS VARCHAR)"
    return (
        head.format(dim="call", col="''")
        + "FROM dashboard_projects d GROUP BY d.call_id, d.status",
        head.format(dim="area", col=area) + areas + f"GROUP BY d.call_id, d.status, {area}",
        head.format(dim="start", col=start)
        + "FROM dashboard_projects d WHERE d.start_date IS NOT NULL "
        + f"GROUP BY d.call_id, d.status, {start}",
    )


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
    op.create_table(
        "dashboard_projects",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("call_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("total_cost", sa.Numeric(precision=16, scale=2), nullable=True),
        sa.Column("grant_amount", sa.Numeric(precision=16, scale=2), nullable=True),
        sa.Column("areas", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["funded_projects.id"],
            name=op.f("fk_dashboard_projects_project_id_funded_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("project_id", name=op.f("pk_dashboard_projects")),
    )
    op.create_index("ix_dashboard_projects_call", "dashboard_projects", ["call_id", "status"])
    op.create_index("ix_dashboard_projects_status", "dashboard_projects", ["status"])
    op.create_table(
        "dashboard_partners",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("province", sa.String(length=64), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("partners", sa.Integer(), nullable=False),
        sa.Column("cost_share", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("granted", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["dashboard_projects.project_id"],
            name=op.f("fk_dashboard_partners_project_id_dashboard_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dashboard_partners")),
    )
    op.create_index("ix_dashboard_partners_project", "dashboard_partners", ["project_id"])
    op.create_index("ix_dashboard_partners_province", "dashboard_partners", ["province", "kind"])
    op.create_index("ix_dashboard_partners_kind", "dashboard_partners", ["kind"])
    op.create_table(
        "dashboard_breakdowns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dimension", sa.String(length=16), nullable=False),
        sa.Column("call_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("projects", sa.Integer(), nullable=False),
        sa.Column("cost_share", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("granted", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dashboard_breakdowns")),
        sa.UniqueConstraint("dimension", "call_id", "status", "key", name="uq_dashboard_breakdown"),
    )
    for stmt in (*FILL_DASHBOARD, *fill_project_breakdowns(dialect)):
        op.execute(stmt)


def downgrade():
    op.drop_table("dashboard_breakdowns")
    op.drop_table("dashboard_partners")
    op.drop_table("dashboard_projects")
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
