"""Responses to a challenge: submit, edit until the deadline, read with strict visibility."""

from __future__ import annotations

from sqlalchemy import select

from app.audit.services import record_event
from app.auth.permissions import is_authenticated, is_staff
from app.challenges import notices
from app.challenges.i18n import _
from app.challenges.labels import STATUS_LABELS
from app.challenges.models import Challenge, ChallengeResponse
from app.challenges.permissions import (
    can_edit_response,
    can_see_response,
    is_poster,
    responder_orgs,
)
from app.challenges.services import as_utc, deadline_passed
from app.challenges.workflow import RESPONSE_TRANSITIONS
from app.core import validate
from app.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from app.extensions import db
from app.public.formatting import format_dt

EDITABLE_STATUSES = ("submitted", "info_requested")


def _clean(data: dict, partial: bool) -> dict:
    out: dict = {}
    if not partial or "summary" in data:
        out["summary"] = validate.text(data, "summary", required=True, max_len=5000)
    for f in ("approach", "team", "timeline"):
        if f in data:
            out[f] = validate.text(data, f, max_len=10000)
    if "trl_current" in data:
        out["trl_current"] = validate.integer(data, "trl_current", lo=1, hi=9)
    if "estimated_cost" in data:
        out["estimated_cost"] = validate.money(data, "estimated_cost")
    return out


def check_accepting(challenge: Challenge) -> None:
    """Raise Conflict, saying why, unless the challenge accepts responses now."""
    if challenge.status != "open":
        raise Conflict(
            _(
                "The challenge is not open for responses (it is %(s)s).",
                s=str(STATUS_LABELS.get(challenge.status, challenge.status)).lower(),
            ),
            "status",
        )
    if deadline_passed(challenge):
        when = format_dt(as_utc(challenge.deadline))
        raise Conflict(
            _(
                "The deadline (%(d)s) has passed: responses can no longer be submitted or changed.",
                d=when,
            ),
            "deadline",
        )


def submit_response(actor, challenge: Challenge, data: dict) -> ChallengeResponse:
    """Answer an open challenge on behalf of one of the actor's organisations (one per org)."""
    if not is_authenticated(actor):
        raise PermissionDenied(_("Log in to respond."))
    orgs = responder_orgs(actor, challenge)
    if not orgs:
        raise PermissionDenied(
            _("Only members of an organisation other than the posting company can respond.")
        )
    org_id = validate.integer(data, "org_id", lo=1)
    if org_id is None and len(orgs) == 1:
        org = orgs[0]
    else:
        org = next((o for o in orgs if o.id == org_id), None)
        if org is None:
            raise ValidationError(_("org_id: choose one of your organisations."), "org_id")
    values = _clean(data, partial=False)
    check_accepting(challenge)
    if db.session.execute(
        select(ChallengeResponse.id).where(
            ChallengeResponse.challenge_id == challenge.id, ChallengeResponse.org_id == org.id
        )
    ).first():
        raise Conflict(
            _("org_id: %(o)s has already responded; edit that response instead.", o=org.name),
            "org_id",
        )
    response = ChallengeResponse(
        challenge_id=challenge.id,
        org_id=org.id,
        created_by_id=actor.id,
        status="submitted",
        approach="",
        team="",
        timeline="",
        feedback="",
    )
    for key, value in values.items():
        setattr(response, key, value)
    db.session.add(response)
    db.session.flush()
    record_event(
        actor,
        "challenge_response.created",
        "challenge_response",
        response.id,
        challenge=challenge.id,
        org=org.id,
    )
    notices.response_created(response, challenge, org.name)
    return response


def update_response(actor, response: ChallengeResponse, data: dict) -> ChallengeResponse:
    """Authors edit until the deadline; answering a request for info re-submits it."""
    if not can_edit_response(actor, response):
        raise PermissionDenied(_("Only the responding organisation edits its response."))
    values = _clean(data, partial=True)
    check_accepting(response.challenge)
    if response.status not in EDITABLE_STATUSES:
        raise Conflict(
            _("status: a response that is %(s)s can no longer be edited.", s=response.status),
            "status",
        )
    for key, value in values.items():
        setattr(response, key, value)
    db.session.flush()
    event = record_event(
        actor,
        "challenge_response.updated",
        "challenge_response",
        response.id,
        fields=sorted(values),
    )
    if response.status == "info_requested" and "submitted" in RESPONSE_TRANSITIONS[response.status]:
        response.status = "submitted"
        db.session.flush()
        notices.response_status(response, event.id)
    return response


def get_response(actor, challenge: Challenge, response_id) -> ChallengeResponse:
    """A response of this challenge the actor may read, else NotFound (no hint it exists)."""
    try:
        rid = int(response_id)
    except (TypeError, ValueError):
        raise NotFound(_("Response not found.")) from None
    response = db.session.get(ChallengeResponse, rid)
    if (
        response is None
        or response.challenge_id != challenge.id
        or not can_see_response(actor, response)
    ):
        raise NotFound(_("Response not found."))
    return response


def list_responses(actor, challenge: Challenge) -> list[ChallengeResponse]:
    """All responses for the poster and staff; only their own for responders; else nothing."""
    if not is_authenticated(actor):
        raise PermissionDenied(_("Log in first."))
    q = select(ChallengeResponse).where(ChallengeResponse.challenge_id == challenge.id)
    if not (is_staff(actor) or is_poster(actor, challenge)):
        q = q.where(ChallengeResponse.org_id.in_([m.org_id for m in actor.memberships]))
    return list(db.session.execute(q.order_by(ChallengeResponse.id)).scalars())


def my_responses(actor) -> list[ChallengeResponse]:
    """Responses of the actor's organisations, newest first."""
    if not is_authenticated(actor):
        raise PermissionDenied(_("Log in first."))
    org_ids = [m.org_id for m in actor.memberships]
    return list(
        db.session.execute(
            select(ChallengeResponse)
            .where(ChallengeResponse.org_id.in_(org_ids))
            .order_by(ChallengeResponse.updated_at.desc())
        ).scalars()
    )
