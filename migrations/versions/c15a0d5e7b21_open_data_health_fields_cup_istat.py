"""open data: HealthDCAT-AP dataset fields, CUP and ISTAT code on funded projects

Revision ID: c15a0d5e7b21
Revises: a17c0de5e001
Create Date: 2026-12-01 22:50:00

"""

import sqlalchemy as sa
from alembic import op

revision = "c15a0d5e7b21"
down_revision = "a17c0de5e001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("datasets") as batch:
        batch.add_column(sa.Column("health_categories", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("legislation", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("purposes", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("population_coverage", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("retention_until", sa.Date(), nullable=True))
        batch.add_column(sa.Column("has_structured_data", sa.Boolean(), nullable=True))
    with op.batch_alter_table("funded_projects") as batch:
        batch.add_column(sa.Column("cup", sa.String(length=15), nullable=True))
        batch.add_column(sa.Column("istat_code", sa.String(length=6), nullable=True))
        batch.create_index("ix_funded_projects_cup", ["cup"], unique=False)


def downgrade():
    with op.batch_alter_table("funded_projects") as batch:
        batch.drop_index("ix_funded_projects_cup")
        batch.drop_column("istat_code")
        batch.drop_column("cup")
    with op.batch_alter_table("datasets") as batch:
        for name in (
            "has_structured_data",
            "retention_until",
            "population_coverage",
            "purposes",
            "legislation",
            "health_categories",
        ):
            batch.drop_column(name)
