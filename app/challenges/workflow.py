"""The explicit state machines of challenges and responses, and their transition services."""

from __future__ import annotations

from app.audit.services import record_event
from app.challenges import notices
from app.challenges.i18n import _
from app.challenges.models import RETIRED_STATUSES, Challenge, ChallengeResponse
from app.challenges.permissions import can_manage_challenge, can_moderate, can_review_response
from app.challenges.services import as_utc
from app.core import validate
from app.core.db import utcnow
from app.core.errors import Conflict, PermissionDenied, ValidationError, check_transition
from app.core.signals import item_retired
from app.extensions import db

# Allowed challenge transitions: current status -> statuses it may move to.
CHALLENGE_TRANSITIONS: dict[str, set[str]] = {
    "draft": {"submitted", "withdrawn"},
    "submitted": {"open", "draft", "withdrawn"},
    "open": {"evaluating", "closed", "withdrawn"},
    "evaluating": {"awarded", "closed", "withdrawn"},
    "awarded": set(),
    "closed": set(),
    "withdrawn": set(),
}
# action -> (target status, who may do it: "owner" of the posting company or "staff").
CHALLENGE_ACTIONS: dict[str, tuple[str, str]] = {
    "submit": ("submitted", "owner"),
    "approve": ("open", "staff"),
    "return": ("draft", "staff"),
    "evaluate": ("evaluating", "owner"),
    "award": ("awarded", "owner"),
    "close": ("closed", "owner"),
    "withdraw": ("withdrawn", "owner"),
}

# Allowed response transitions (the responder moves info_requested -> submitted by editing).
RESPONSE_TRANSITIONS: dict[str, set[str]] = {
    "submitted": {"info_requested", "shortlisted", "rejected"},
    "info_requested": {"submitted", "shortlisted", "rejected"},
    "shortlisted": {"info_requested", "accepted", "rejected"},
    "accepted": set(),
    "rejected": set(),
}
REVIEW_ACTIONS: dict[str, str] = {
    "shortlist": "shortlisted",
    "request_info": "info_requested",
    "accept": "accepted",
    "reject": "rejected",
}
# Feedback is mandatory when asking for information or rejecting: the responder must know why.
FEEDBACK_REQUIRED = ("request_info", "reject")


def allowed_actions(user, challenge: Challenge) -> list[str]:
    """Actions this user may take on the challenge now (for the buttons)."""
    out = []
    for action, (target, who) in CHALLENGE_ACTIONS.items():
        if target not in CHALLENGE_TRANSITIONS.get(challenge.status, set()):
            continue
        if (who == "staff" and can_moderate(user)) or (
            who == "owner" and can_manage_challenge(user, challenge)
        ):
            out.append(action)
    return out


def transition_challenge(actor, challenge: Challenge, action: str, comment: str = "") -> Challenge:
    """Move a challenge through its workflow; an illegal move raises IllegalTransition (409)."""
    if action not in CHALLENGE_ACTIONS:
        raise ValidationError(
            f"action: '{action}' is not one of {', '.join(CHALLENGE_ACTIONS)}.", "action"
        )
    target, who = CHALLENGE_ACTIONS[action]
    allowed = can_moderate(actor) if who == "staff" else can_manage_challenge(actor, challenge)
    if not allowed:
        raise PermissionDenied(
            _("Only region staff may do this.")
            if who == "staff"
            else _("Only the owners of the posting company may do this.")
        )
    comment = validate.text(
        {"comment": comment}, "comment", max_len=2000, required=action == "return"
    )
    check_transition(CHALLENGE_TRANSITIONS, challenge.status, target, "challenge")
    if action == "submit":
        _check_complete(challenge)
    if action == "award" and not any(r.status == "accepted" for r in responses_of(challenge)):
        raise Conflict(_("Accept at least one response before awarding the challenge."), "status")
    previous = challenge.status
    challenge.status = target
    if action in ("approve", "return"):
        challenge.review_comment = comment
    if action == "approve":
        challenge.published_at = utcnow()
    db.session.flush()
    event = record_event(
        actor, f"challenge.{action}", "challenge", challenge.id, **{"from": previous, "to": target}
    )
    db.session.flush()
    notices.challenge_transition(challenge, action, event.id)
    if target in RETIRED_STATUSES:
        item_retired.send("challenge", ids=[challenge.id])
    return challenge


def _check_complete(challenge: Challenge) -> None:

    if challenge.deadline is None or as_utc(challenge.deadline) <= utcnow():
        raise ValidationError(
            _("deadline: set a deadline in the future before submitting."), "deadline"
        )


def responses_of(challenge: Challenge) -> list[ChallengeResponse]:
    """Every response to the challenge (no permission check: internal helper)."""
    return list(
        db.session.execute(
            db.select(ChallengeResponse)
            .where(ChallengeResponse.challenge_id == challenge.id)
            .order_by(ChallengeResponse.id)
        ).scalars()
    )


def review_response(
    actor, response: ChallengeResponse, action: str, feedback: str = ""
) -> ChallengeResponse:
    """Company owners shortlist, request information, accept or reject (with feedback)."""
    if not can_review_response(actor, response):
        raise PermissionDenied(_("Only the owners of the posting company review responses."))
    if action not in REVIEW_ACTIONS:
        raise ValidationError(
            f"action: '{action}' is not one of {', '.join(REVIEW_ACTIONS)}.", "action"
        )
    feedback = validate.text(
        {"feedback": feedback}, "feedback", max_len=4000, required=action in FEEDBACK_REQUIRED
    )
    if response.challenge.status not in ("open", "evaluating"):
        raise Conflict(
            _("Responses can be reviewed only while the challenge is open or being evaluated."),
            "status",
        )
    target = REVIEW_ACTIONS[action]
    check_transition(RESPONSE_TRANSITIONS, response.status, target, "response")
    previous = response.status
    response.status = target
    if feedback:
        response.feedback = feedback
    db.session.flush()
    event = record_event(
        actor,
        f"challenge_response.{action}",
        "challenge_response",
        response.id,
        **{"from": previous, "to": target},
    )
    db.session.flush()
    notices.response_status(response, event.id)
    return response
