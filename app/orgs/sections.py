"""Sections that higher packages add to the organisation page (e.g. the research profile from
app.projects): orgs offers the hook, the feature fills it, so orgs never imports a feature."""

from __future__ import annotations

from collections.abc import Callable

_providers: dict[str, Callable] = {}


def register(name: str, provider: Callable) -> None:
    """Add a section: ``provider(org, request_args) -> dict | None`` (None = not shown)."""
    _providers[name] = provider


def profile_sections(org, args) -> dict:
    """{name: context} of every registered section for this organisation."""
    return {name: provider(org, args) for name, provider in _providers.items()}
