"""Courses suggested to an organisation from its profile, by the matching engine.

The engine's encoder embeds the course texts (kept in a small in-process cache keyed by the
text's hash, so a page view writes nothing) and ranks them against the organisation's profile
vector; the key terms the texts share are the explanation.
"""

from __future__ import annotations

import hashlib
from typing import NamedTuple

import numpy as np
from flask_babel import gettext as _

from app.core import caches
from app.core.errors import PermissionDenied
from app.orgs.permissions import is_org_member
from app.partners import engine
from app.training import vocab
from app.training.models import Course
from app.training.services import upcoming_courses

# Courses further than this from the profile are not proposed.
MIN_SCORE = 0.15
_VECTORS: dict[str, np.ndarray] = {}
caches.register(_VECTORS.clear)


class CourseSuggestion(NamedTuple):
    """A course, its similarity with the profile in [0, 1], and the shared key terms."""

    course: Course
    score: float
    terms: list[str]


def course_text(course: Course) -> str:
    """What a course is about, as the engine reads it."""
    audience = ", ".join(str(vocab.AUDIENCES.get(a, a)) for a in course.audience or [])
    return ". ".join(
        x
        for x in (
            course.title,
            course.summary,
            course.description,
            str(vocab.TOPICS.get(course.topic, course.topic)),
            audience,
        )
        if x
    )


def _vectors(matcher, texts: list[str]) -> np.ndarray:
    keys = [hashlib.sha256(t.encode()).hexdigest() for t in texts]
    todo = [i for i, k in enumerate(keys) if k not in _VECTORS]
    if todo:
        if len(_VECTORS) > 5000:  # the catalogue is small; stale texts are dropped wholesale
            _VECTORS.clear()
        for i, vec in zip(todo, matcher.encoder_.encode([texts[i] for i in todo]), strict=True):
            _VECTORS[keys[i]] = vec
    return np.stack([_VECTORS[k] for k in keys])


def suggest_courses(actor, org, k: int = 3) -> list[CourseSuggestion]:
    """Upcoming published courses that fit the organisation's profile, best first."""
    if not is_org_member(actor, org):
        raise PermissionDenied(_("Only the organisation's members see its suggestions."))
    courses = upcoming_courses()
    matcher = engine.get_matcher()
    if matcher is None or not courses or matcher.org_vector(org.id) is None:
        return []
    texts = [course_text(c) for c in courses]
    ranked = matcher.rank_items_for_org(
        org.id, [c.id for c in courses], _vectors(matcher, texts), texts, k=min(k, len(courses))
    )
    by_id = {c.id: c for c in courses}
    return [
        CourseSuggestion(by_id[s.item_id], round(s.score, 3), s.shared_terms)
        for s in ranked
        if s.score >= MIN_SCORE
    ]


def suggest_courses_for_text(actor, org, text: str, k: int = 3) -> list[CourseSuggestion]:
    """Upcoming published courses that fit both the organisation's profile and a text (e.g. a
    challenge and the organisation's response to it), best first; the text alone when the
    organisation has no profile vector yet."""
    if not is_org_member(actor, org):
        raise PermissionDenied(_("Only the organisation's members see its suggestions."))
    courses = upcoming_courses()
    matcher = engine.get_matcher()
    text = (text or "").strip()
    if matcher is None or not courses or not text:
        return []
    query = _unit(matcher.encoder_.encode([text])[0])
    profile = matcher.org_vector(org.id)
    if profile is not None:
        query = query + _unit(profile)  # rank_items normalises: the mean direction of the two
    texts = [course_text(c) for c in courses]
    ranked = matcher.rank_items(
        query,
        [c.id for c in courses],
        _vectors(matcher, texts),
        texts,
        k=min(k, len(courses)),
        query_text=text,
    )
    by_id = {c.id: c for c in courses}
    return [
        CourseSuggestion(by_id[s.item_id], round(s.score, 3), s.shared_terms)
        for s in ranked
        if s.score >= MIN_SCORE
    ]


def _unit(vec) -> np.ndarray:
    v = np.asarray(vec, dtype=np.float32).reshape(-1)
    n = float(np.linalg.norm(v))
    return v / n if n else v


def course_suggestion_dict(s: CourseSuggestion) -> dict:
    """JSON form of one course suggestion."""
    return {"id": s.course.id, "title": s.course.title, "score": s.score, "terms": s.terms}


def suggestions_for_org(actor, org=None) -> tuple:
    """(organisation, its course suggestions): `org` or the actor's first organisation."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Log in first."))
    if org is None:
        if not actor.memberships:
            raise PermissionDenied(_("Join or register an organisation to get suggestions."))
        org = actor.memberships[0].organisation
    return org, suggest_courses(actor, org)
