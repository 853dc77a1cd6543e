"""`flask challenges ...` commands (the daily deadline reminder)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.challenges.reminders import send_deadline_reminders
from app.extensions import db

challenges_cli = AppGroup("challenges", help="Open-innovation challenges upkeep.")


@challenges_cli.command("remind")
@click.option(
    "--days",
    default=3,
    show_default=True,
    type=click.IntRange(1, 60),
    help="Remind about deadlines within this many days.",
)
def remind_cmd(days: int) -> None:
    """Notify interested organisations of deadlines approaching (safe to run every day)."""
    stats = send_deadline_reminders(days)
    db.session.commit()
    click.echo(
        f"Deadline reminders: {stats['challenges']} challenge(s), "
        f"{stats['notifications']} notification(s) sent."
    )
