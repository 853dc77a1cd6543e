"""Keep the matcher in step with profile changes and closures (connected when the blueprint
is imported)."""

from __future__ import annotations

from flask import current_app

from app.core.signals import org_deleted, org_saved
from app.partners import embeddings, engine


@org_saved.connect
def _on_org_saved(org, **_kw) -> None:
    """Saving a profile updates its vectors at once (only the changed texts are encoded)."""
    if current_app.config.get("MATCHING_ENABLED", True):
        engine.refresh_org(org)


@org_deleted.connect
def _on_org_deleted(org, **_kw) -> None:
    """A closed organisation's stored vectors go with it, in the same unit of work (whether
    matching is on or not: they are its data)."""
    embeddings.forget_entity("organisation", org.id)
