"""What the challenge search reads of a challenge (registered with app.core.search)."""

from __future__ import annotations

from app.challenges.models import Challenge
from app.core import search
from app.orgs.labels import AREA_LABELS


def challenge_document(ch: Challenge) -> tuple[str, list[str]]:
    """Title, and the problem statement, expected outcome and area label in both languages."""
    texts = [ch.description, ch.expected_outcome]
    return ch.title, texts + search.in_all_languages(AREA_LABELS.get(ch.area))


search.register(Challenge, "challenge", challenge_document)
