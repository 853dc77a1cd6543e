"""The Region's services suggested to an organisation responding to a challenge: courses
(from its profile and the challenge text), helpdesk guidelines and computing resources (from
the challenge and the response), by the matching engine's existing suggestion code. Nothing
is written."""

from __future__ import annotations

from typing import NamedTuple

from flask_babel import get_locale
from flask_babel import gettext as _

from app.challenges.models import ChallengeResponse
from app.challenges.permissions import can_see_response
from app.compliance.guidelines import list_guidelines
from app.compliance.models import Guideline
from app.compute.suggestions import (
    ResourceSuggestion,
    rank_texts,
    resource_suggestion_dict,
    suggest_for_text,
)
from app.core import validate
from app.core.errors import NotFound, PermissionDenied
from app.extensions import db
from app.orgs.permissions import is_org_member
from app.training.suggestions import (
    CourseSuggestion,
    course_suggestion_dict,
    suggest_courses_for_text,
)


class GuidelineSuggestion(NamedTuple):
    """A helpdesk guideline, its similarity with the text in [0, 1], the shared key terms."""

    guideline: Guideline
    score: float
    terms: list[str]


class ResponseServices(NamedTuple):
    """What the three services offer for one challenge response."""

    response: ChallengeResponse
    courses: list[CourseSuggestion]
    guidelines: list[GuidelineSuggestion]
    resources: list[ResourceSuggestion]


def response_text(response: ChallengeResponse) -> str:
    """The challenge and the response, as the engine reads them."""
    ch = response.challenge
    parts = (ch.title, ch.description, ch.expected_outcome, response.summary, response.approach)
    return ". ".join(p.strip() for p in parts if p and p.strip())


def guideline_text(g: Guideline) -> str:
    """A guideline's title and body (English when written, the encoder reads it best)."""
    return ". ".join(x for x in (g.title_en or g.title_it, g.body_en or g.body_it) if x)


def suggest_guidelines(text: str, k: int = 3) -> list[GuidelineSuggestion]:
    """Helpdesk guidelines closest to `text`, best first."""
    items = list_guidelines()
    ranked = rank_texts(text, [guideline_text(g) for g in items], k)
    return [GuidelineSuggestion(items[i], score, terms) for i, score, terms in ranked]


def get_own_response(actor, response_id) -> ChallengeResponse:
    """A response of one of the actor's organisations (others who may read it get 403, the
    rest 404)."""
    rid = validate.integer({"response_id": response_id}, "response_id", lo=1, hi=2**63 - 1)
    response = db.session.get(ChallengeResponse, rid) if rid else None
    if response is None or not can_see_response(actor, response):
        raise NotFound(_("Response not found."))
    if not is_org_member(actor, response.organisation):
        raise PermissionDenied(_("Only the responding organisation's members see its suggestions."))
    return response


def suggest_for_response(actor, response_id, k: int = 3) -> ResponseServices:
    """Courses, guidelines and computing resources that fit a response of the actor's
    organisation and the challenge it answers."""
    response = get_own_response(actor, response_id)
    text = response_text(response)
    return ResponseServices(
        response,
        suggest_courses_for_text(actor, response.organisation, text, k),
        suggest_guidelines(text, k),
        suggest_for_text(text, k),
    )


def guideline_title(g: Guideline) -> str:
    """The title in the reader's language (Italian when there is no English one)."""
    return g.title_en if str(get_locale() or "it").startswith("en") and g.title_en else g.title_it


def response_services_dict(found: ResponseServices) -> dict:
    """JSON form for the API."""
    r = found.response
    return {
        "response": {"id": r.id, "challenge_id": r.challenge_id, "org": r.organisation.slug},
        "courses": [course_suggestion_dict(s) for s in found.courses],
        "guidelines": [
            {
                "slug": s.guideline.slug,
                "title": guideline_title(s.guideline),
                "score": s.score,
                "terms": s.terms,
            }
            for s in found.guidelines
        ],
        "resources": [resource_suggestion_dict(s) for s in found.resources],
    }
