"""Process-local caches that tests (and admin commands) can clear in one place."""

from __future__ import annotations

from collections.abc import Callable

_clearers: list[Callable[[], None]] = []


def register(clear: Callable[[], None]) -> None:
    """Register a function that empties one cache."""
    _clearers.append(clear)


def clear_all() -> None:
    """Empty every registered cache."""
    for clear in _clearers:
        clear()
