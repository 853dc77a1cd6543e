"""Keep the matcher in step with profile changes, closures and retired items (connected when
the blueprint is imported)."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from app.challenges.models import Challenge
from app.core.signals import item_retired, org_deleted, org_saved
from app.datasets.models import Dataset
from app.extensions import db
from app.partners import engine


@org_saved.connect
def _on_org_saved(org, **_kw) -> None:
    """Saving a profile updates its vectors at once (only the changed texts are encoded)."""
    if current_app.config.get("MATCHING_ENABLED", True):
        engine.refresh_org(org)


@org_deleted.connect
def _on_org_deleted(org, **_kw) -> None:
    """A closed organisation leaves the matcher with its challenges and datasets (whether
    matching is on or not: the stored vectors are its data); see ``engine.retire``."""
    challenges = db.session.scalars(select(Challenge.id).where(Challenge.org_id == org.id))
    datasets = db.session.scalars(select(Dataset.id).where(Dataset.publisher_org_id == org.id))
    engine.retire("challenge", list(challenges))
    engine.retire("dataset", list(datasets))
    engine.retire("organisation", [org.id])


@item_retired.connect
def _on_item_retired(entity_type: str, ids=(), **_kw) -> None:
    """A challenge closed, withdrawn or awarded (or any item another feature retires)."""
    engine.retire(entity_type, ids)
