"""Keep the matcher in step with profile changes (connected when the blueprint is imported)."""

from __future__ import annotations

from flask import current_app

from app.core.signals import org_saved
from app.partners import engine


@org_saved.connect
def _on_org_saved(org, **_kw) -> None:
    """Saving a profile updates its vectors at once (only the changed texts are encoded)."""
    if current_app.config.get("MATCHING_ENABLED", True):
        engine.refresh_org(org)
