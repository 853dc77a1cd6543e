"""`flask datasets ...` commands (register `datasets_cli` in app/cli.py)."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import AppGroup

from app.datasets.access import expire_approvals
from app.extensions import db

datasets_cli = AppGroup("datasets", help="Health dataset catalogue.")


@datasets_cli.command("expire")
@click.option("--today", default=None, help="Date to compare with (YYYY-MM-DD); default today.")
def expire_cmd(today: str | None) -> None:
    """Mark approved access requests whose expiry date has passed as expired."""
    try:
        day = date.fromisoformat(today) if today else None
    except ValueError as exc:
        raise click.BadParameter("use YYYY-MM-DD", param_hint="--today") from exc
    count = expire_approvals(day)
    db.session.commit()
    click.echo(f"Access requests expired: {count}")
