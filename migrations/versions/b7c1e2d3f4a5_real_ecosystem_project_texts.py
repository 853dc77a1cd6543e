"""real ecosystem: project texts (H2020 + Horizon Europe), partner order / department,
organisation address and ROR id

Revision ID: b7c1e2d3f4a5
Revises: c14f7a1e5d20
Create Date: 2026-12-01 22:15:00

"""

import sqlalchemy as sa
from alembic import op

revision = "b7c1e2d3f4a5"
down_revision = "c14f7a1e5d20"
branch_labels = None
depends_on = None

PROJECT_COLUMNS = (
    ("programme", sa.String(length=16)),
    ("grant_id", sa.String(length=32)),
    ("keywords", sa.JSON()),
    ("topic_code", sa.String(length=100)),
    ("topic_title", sa.String(length=500)),
    ("call_code", sa.String(length=100)),
    ("funding_scheme", sa.String(length=64)),
    ("programme_title", sa.String(length=255)),
    ("legal_basis", sa.String(length=64)),
    ("euroscivoc", sa.JSON()),
)


def upgrade():
    with op.batch_alter_table("funded_projects", schema=None) as batch_op:
        for name, type_ in PROJECT_COLUMNS:
            nullable = name not in ("keywords", "euroscivoc")
            batch_op.add_column(
                sa.Column(
                    name,
                    type_,
                    nullable=nullable,
                    server_default=None if nullable else sa.text("'[]'"),
                )
            )
        batch_op.alter_column(
            "acronym", existing_type=sa.String(length=64), type_=sa.String(length=100)
        )
        batch_op.alter_column(
            "title", existing_type=sa.String(length=255), type_=sa.String(length=500)
        )
        batch_op.create_index(batch_op.f("ix_funded_projects_programme"), ["programme"])
    with op.batch_alter_table("funded_projects", schema=None) as batch_op:
        batch_op.alter_column("keywords", server_default=None)
        batch_op.alter_column("euroscivoc", server_default=None)
    with op.batch_alter_table("project_partners", schema=None) as batch_op:
        batch_op.add_column(sa.Column("position", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("department", sa.String(length=255), nullable=True))
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("address", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("ror_id", sa.String(length=32), nullable=True))


def downgrade():
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_column("ror_id")
        batch_op.drop_column("address")
    with op.batch_alter_table("project_partners", schema=None) as batch_op:
        batch_op.drop_column("department")
        batch_op.drop_column("position")
    with op.batch_alter_table("funded_projects", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_funded_projects_programme"))
        batch_op.alter_column(
            "title", existing_type=sa.String(length=500), type_=sa.String(length=255)
        )
        batch_op.alter_column(
            "acronym", existing_type=sa.String(length=100), type_=sa.String(length=64)
        )
        for name, _type in reversed(PROJECT_COLUMNS):
            batch_op.drop_column(name)
