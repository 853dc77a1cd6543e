"""login throttles (failed logins per account, shared by every worker) and confirmed e-mail
addresses (issue 17)

Revision ID: a17c0de5e001
Revises: 114483557f4a
Create Date: 2026-12-01 22:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "a17c0de5e001"
down_revision = "114483557f4a"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "login_throttles",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_login_throttles")),
    )
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("email_confirmed_at", sa.DateTime(timezone=True), nullable=True))
    # Accounts that exist already were made before confirmation was asked: they stay usable.
    op.execute("UPDATE users SET email_confirmed_at = created_at")


def downgrade():
    with op.batch_alter_table("users") as batch:
        batch.drop_column("email_confirmed_at")
    op.drop_table("login_throttles")
