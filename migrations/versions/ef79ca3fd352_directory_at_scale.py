"""directory at scale: organisations.regional / project_count and the indexes the directory,
its facets and the home page read (issue 18)

Revision ID: ef79ca3fd352
Revises: cbee766550b8
Create Date: 2026-12-02 02:05:00

`regional` and `project_count` are filled here from the existing rows; afterwards the ORM keeps
`regional` in step and app/projects/activity.py keeps `project_count` (and `flask search
rebuild` recomputes both after bulk SQL imports).
"""

import sqlalchemy as sa
from alembic import op

revision = "ef79ca3fd352"
down_revision = "cbee766550b8"
branch_labels = None
depends_on = None

ORG_INDEXES = (
    ("ix_org_regional_name", ["regional", "name", "id"]),
    ("ix_org_regional_kind", ["regional", "kind"]),
    ("ix_org_regional_province", ["regional", "province"]),
    ("ix_org_regional_verified", ["regional", "verified"]),
    ("ix_org_regional_activity", ["regional", "project_count", "name"]),
    ("ix_org_activity", ["project_count", "name"]),
    ("ix_org_trl", ["regional", "trl_min", "trl_max"]),
)


def upgrade():
    with op.batch_alter_table("organisations") as batch:
        batch.add_column(
            sa.Column("regional", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch.add_column(
            sa.Column("project_count", sa.Integer(), server_default="0", nullable=False)
        )
    op.execute(
        "UPDATE organisations SET regional = (coalesce(region, '') = 'Lombardia' "
        "OR source IN ('portal', 'demo', 'startup_register'))"
    )
    op.execute(
        "UPDATE organisations SET project_count = (SELECT count(*) FROM project_partners p "
        "WHERE p.org_id = organisations.id)"
    )
    for name, cols in ORG_INDEXES:
        op.create_index(name, "organisations", cols)
    op.create_index("ix_org_areas_area_org", "org_areas", ["area", "org_id"])


def downgrade():
    op.drop_index("ix_org_areas_area_org", table_name="org_areas")
    for name, _cols in ORG_INDEXES:
        op.drop_index(name, table_name="organisations")
    with op.batch_alter_table("organisations") as batch:
        batch.drop_column("project_count")
        batch.drop_column("regional")
