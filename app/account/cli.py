"""`flask digest send`: the weekly digest, for cron."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.account.digest import send_digests
from app.extensions import db

digest_cli = AppGroup("digest", help="The weekly e-mail digest.")


@digest_cli.command("send")
def send_cmd() -> None:
    """Mail the weekly digest to the users who opted in (commits once; mail after the commit)."""
    stats = send_digests()
    db.session.commit()
    click.echo("Digest: " + ", ".join(f"{k}={v}" for k, v in stats.items()))
