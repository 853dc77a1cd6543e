"""messaging: leaving a conversation (per-user left_at) and the per-user e-mail choice
(each message or a digest); compliance: a consultation message removed at its author's
erasure

Revision ID: cbee766550b8
Revises: b7c1e2d3f4a5
Create Date: 2026-12-02 01:50:00

"""

import sqlalchemy as sa
from alembic import op

revision = "cbee766550b8"
down_revision = "b7c1e2d3f4a5"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("compliance_messages", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("removed", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("conversation_states", schema=None) as batch_op:
        batch_op.add_column(sa.Column("left_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "messaging_preferences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("email_mode", sa.String(length=16), nullable=False),
        sa.Column("digest_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_digest_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_messaging_preferences_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_messaging_preferences")),
    )
    with op.batch_alter_table("messaging_preferences", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_messaging_preferences_user_id"), ["user_id"], unique=True
        )


def downgrade():
    with op.batch_alter_table("messaging_preferences", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_messaging_preferences_user_id"))
    op.drop_table("messaging_preferences")
    with op.batch_alter_table("conversation_states", schema=None) as batch_op:
        batch_op.drop_column("left_at")
    with op.batch_alter_table("compliance_messages", schema=None) as batch_op:
        batch_op.drop_column("removed")
