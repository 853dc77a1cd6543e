"""Clarification questions and the company's answers (visible to all who see the challenge)."""

from __future__ import annotations

from sqlalchemy import select

from app.audit.services import record_event
from app.challenges import notices
from app.challenges.i18n import _
from app.challenges.models import Challenge, ChallengeQuestion
from app.challenges.permissions import can_answer_question, responder_orgs
from app.core import validate
from app.core.db import utcnow
from app.core.errors import Conflict, NotFound, PermissionDenied
from app.extensions import db


def list_questions(challenge: Challenge) -> list[ChallengeQuestion]:
    """Questions of a challenge (the caller has already checked it may see the challenge)."""
    return list(
        db.session.execute(
            select(ChallengeQuestion)
            .where(ChallengeQuestion.challenge_id == challenge.id)
            .order_by(ChallengeQuestion.id)
        ).scalars()
    )


def ask_question(actor, challenge: Challenge, data: dict) -> ChallengeQuestion:
    """A registered member of another organisation asks while the challenge is open."""
    orgs = responder_orgs(actor, challenge)
    if not orgs:
        raise PermissionDenied(
            _(
                "Only members of a registered organisation other than the "
                "posting company can ask questions."
            )
        )
    text = validate.text(data, "question", required=True, max_len=2000)
    if challenge.status != "open":
        raise Conflict(_("Questions can be asked only while the challenge is open."), "status")
    q = ChallengeQuestion(
        challenge_id=challenge.id, org_id=orgs[0].id, asked_by_id=actor.id, question=text
    )
    db.session.add(q)
    db.session.flush()
    record_event(actor, "challenge_question.asked", "challenge", challenge.id, question=q.id)
    notices.question_asked(q, challenge)
    return q


def answer_question(actor, challenge: Challenge, question_id, data: dict) -> ChallengeQuestion:
    """The posting company answers (or corrects its answer; the notice goes once)."""
    if not can_answer_question(actor, challenge):
        raise PermissionDenied(_("Only the posting company answers questions."))
    try:
        q = db.session.get(ChallengeQuestion, int(question_id))
    except (TypeError, ValueError):
        q = None
    if q is None or q.challenge_id != challenge.id:
        raise NotFound(_("Question not found."))
    text = validate.text(data, "answer", required=True, max_len=4000)
    q.answer = text
    q.answered_by_id = actor.id
    q.answered_at = utcnow()
    db.session.flush()
    record_event(actor, "challenge_question.answered", "challenge", challenge.id, question=q.id)
    notices.question_answered(q, challenge)
    return q
