"""One registry of what each feature holds about a person (GDPR Art. 15 export, Art. 17
erasure), so that a new feature cannot be forgotten by the account pages.

Each package registers its part where it defines the data::

    personal_data.register("notifications", export=export_notes, erase=None)

``export(user) -> JSON-able`` returns the user's data of that part; ``erase(user)`` removes
or anonymises it inside the erasure's transaction (before the account row is deleted, so
rows that cascade with the user need no eraser). The account pages call :func:`export_all`
and :func:`erase_all`; a lower package never imports the features to reach their data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Part:
    """One feature's share of a person's data."""

    name: str
    export: Callable[[object], object] | None
    erase: Callable[[object], object] | None


_parts: dict[str, Part] = {}


def register(
    name: str,
    *,
    export: Callable[[object], object] | None = None,
    erase: Callable[[object], object] | None = None,
) -> None:
    """Declare a part (registering a name again replaces it, e.g. on module reload)."""
    _parts[name] = Part(name, export, erase)


def parts() -> list[str]:
    """Names of the registered parts, in registration order."""
    return list(_parts)


def export_all(user) -> dict[str, object]:
    """Every registered part's data about ``user``."""
    return {p.name: p.export(user) for p in _parts.values() if p.export is not None}


def erase_all(user) -> list[str]:
    """Run every registered eraser for ``user``; returns the names of the parts erased."""
    done = []
    for part in _parts.values():
        if part.erase is not None:
            part.erase(user)
            done.append(part.name)
    return done
