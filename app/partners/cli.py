"""`flask match ...` commands: re-encode changed texts, retrain the ranker."""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup

from app.extensions import db

match_cli = AppGroup("match", help="Matching engine upkeep: embeddings, ranker.")


@match_cli.command("rebuild")
def rebuild_cmd() -> None:
    """Encode the organisation texts that changed since the last run (progress bar)."""
    from app.partners.embeddings import get_encoder, rebuild_org_embeddings

    start = time.perf_counter()
    stats = rebuild_org_embeddings(progress=True)
    db.session.commit()
    click.echo(
        f"match rebuild ({get_encoder().model_name}): encoded {stats['encoded']} texts, "
        f"{stats['unchanged']} unchanged, {stats['removed']} removed "
        f"in {time.perf_counter() - start:.1f}s"
    )
