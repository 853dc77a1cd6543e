"""`flask messaging digest`: the digest of unread messages, for cron."""

from __future__ import annotations

import click

from app.extensions import db
from app.messaging.blueprint import bp
from app.messaging.digest import send_message_digests


@bp.cli.command("digest")
def digest_cmd() -> None:
    """Mail each user who chose the digest their unread messages since the last one (commits
    once; the mail leaves after the commit; running it again sends nothing twice)."""
    stats = send_message_digests()
    db.session.commit()
    click.echo("Messaging digest: " + ", ".join(f"{k}={v}" for k, v in stats.items()))
