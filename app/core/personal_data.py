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

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

# What replaces a person's name or e-mail address in text that others keep (a response, a
# message, another user's notification): the same in every language.
REDACTED = "[…]"


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


def identifiers(user) -> list[str]:
    """The strings that identify ``user`` in free text: the name and the e-mail address."""
    return [v for v in (getattr(user, "name", None), getattr(user, "email", None)) if v]


def mentions(text: str | None, user) -> bool:
    """Whether ``text`` names ``user`` (name or e-mail, case-insensitive)."""
    if not text:
        return False
    low = text.lower()
    return any(v.lower() in low for v in identifiers(user))


def scrub(text: str | None, user) -> str | None:
    """``text`` with the user's name and e-mail replaced by :data:`REDACTED`."""
    if not text:
        return text
    for value in sorted(identifiers(user), key=len, reverse=True):
        text = re.sub(re.escape(value), REDACTED, text, flags=re.IGNORECASE)
    return text


def scrub_rows(rows: Iterable[object], columns: Iterable[str], user) -> int:
    """Scrub the text ``columns`` of each row in place; returns how many values changed."""
    columns = tuple(columns)
    changed = 0
    for row in rows:
        for col in columns:
            value = getattr(row, col)
            if isinstance(value, str) and mentions(value, user):
                setattr(row, col, scrub(value, user))
                changed += 1
    return changed


def iso(value) -> str | None:
    """A date or datetime for the export (None stays None)."""
    return value.isoformat() if value else None
