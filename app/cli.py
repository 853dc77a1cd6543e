"""CLI commands: seed, import, demo accounts, matching rebuild. Each commits once at the end."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from app.account.cli import digest_cli
from app.challenges.cli import challenges_cli
from app.core.search import search_cli
from app.datasets.cli import datasets_cli
from app.extensions import db
from app.partners.cli import match_cli
from app.seeding import seed_all
from app.seeding.cordis import import_cordis
from app.seeding.cordis_files import DataFileError
from app.seeding.demo_accounts import account_lines

import_cli = AppGroup("import", help="Import real public data.")


@import_cli.command("cordis")
@click.argument("data_dir", type=click.Path(exists=True, file_okay=False))
def import_cordis_cmd(data_dir: str) -> None:
    """Import the CORDIS projects (H2020 + Horizon Europe) with a Lombardy participant or in
    health, and their participants; idempotent, one transaction."""
    try:
        stats = import_cordis(data_dir, progress=True)
    except DataFileError as exc:
        db.session.rollback()
        raise click.ClickException(f"nothing imported: {exc}") from None
    db.session.commit()
    click.echo("CORDIS import: " + ", ".join(f"{k}={v}" for k, v in stats.items()))


@click.command("seed")
@click.option("--data-dir", default=None, help="Folder of the real data (default ../shared/data).")
def seed_cmd(data_dir: str | None) -> None:
    """Load the demo ecosystem (real CORDIS + start-up register + demo content); idempotent."""
    try:
        stats = seed_all(data_dir, progress=True)
    except DataFileError as exc:
        db.session.rollback()
        raise click.ClickException(f"nothing seeded: {exc}") from None
    db.session.commit()
    click.echo("Seed: " + ", ".join(f"{k}={v}" for k, v in stats.items()))


@click.command("demo-accounts")
def demo_accounts_cmd() -> None:
    """Print the demo accounts and their passwords."""
    click.echo("\n".join(account_lines()))


def register_cli(app: Flask) -> None:
    """Attach the commands to `flask`."""
    app.cli.add_command(import_cli)
    app.cli.add_command(seed_cmd)
    app.cli.add_command(demo_accounts_cmd)
    app.cli.add_command(match_cli)
    app.cli.add_command(datasets_cli)
    app.cli.add_command(challenges_cli)
    app.cli.add_command(digest_cli)
    app.cli.add_command(search_cli)
