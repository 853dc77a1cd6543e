"""The challenges' part of a person's data (GDPR): challenges posted, responses written,
questions asked and files uploaded.

These belong to the organisations (a response is the start-up's proposal, a question and its
answer are read by every solver), so the erasure keeps them: the link to the account goes with
it (the columns are SET NULL) and the texts that name the person are scrubbed.
"""

from __future__ import annotations

from sqlalchemy import or_, select

from app.challenges.models import Attachment, Challenge, ChallengeQuestion, ChallengeResponse
from app.core import personal_data
from app.core.personal_data import iso, scrub_rows
from app.extensions import db

CHALLENGE_TEXTS = (
    "title",
    "description",
    "expected_outcome",
    "reward",
    "response_requirements",
    "review_comment",
)
RESPONSE_TEXTS = ("summary", "approach", "team", "timeline", "feedback")


def _mine(model, column, user_id: int) -> list:
    return list(
        db.session.execute(select(model).where(column == user_id).order_by(model.id)).scalars()
    )


def export_challenges(user) -> list[dict]:
    """Challenges the user posted."""
    return [
        {
            "title": c.title,
            "organisation": c.organisation.name,
            "description": c.description,
            "status": c.status,
            "deadline": iso(c.deadline),
            "at": iso(c.created_at),
        }
        for c in _mine(Challenge, Challenge.created_by_id, user.id)
    ]


def export_responses(user) -> list[dict]:
    """Responses the user wrote for an organisation."""
    return [
        {
            "challenge": r.challenge.title,
            "organisation": r.organisation.name,
            **{f: getattr(r, f) for f in ("summary", "approach", "team", "timeline")},
            "status": r.status,
            "at": iso(r.created_at),
        }
        for r in _mine(ChallengeResponse, ChallengeResponse.created_by_id, user.id)
    ]


def export_questions(user) -> list[dict]:
    """Questions the user asked, and those they answered."""
    rows = db.session.execute(
        select(ChallengeQuestion)
        .where(
            or_(
                ChallengeQuestion.asked_by_id == user.id,
                ChallengeQuestion.answered_by_id == user.id,
            )
        )
        .order_by(ChallengeQuestion.id)
    ).scalars()
    return [
        {
            "challenge": q.challenge_id,
            "question": q.question,
            "answer": q.answer,
            "asked": q.asked_by_id == user.id,
            "at": iso(q.created_at),
        }
        for q in rows
    ]


def export_files(user) -> list[dict]:
    """Files the user uploaded to challenges and responses (the bytes are downloadable from
    the pages that show them)."""
    return [
        {
            "filename": a.filename,
            "attached_to": f"{a.owner_type}:{a.owner_id}",
            "content_type": a.content_type,
            "size": a.size,
            "at": iso(a.created_at),
        }
        for a in _mine(Attachment, Attachment.uploaded_by_id, user.id)
    ]


def erase(user) -> None:
    """Scrub the person's name and address from what the organisations keep."""
    scrub_rows(_mine(Challenge, Challenge.created_by_id, user.id), CHALLENGE_TEXTS, user)
    scrub_rows(
        _mine(ChallengeResponse, ChallengeResponse.created_by_id, user.id), RESPONSE_TEXTS, user
    )
    questions = db.session.execute(
        select(ChallengeQuestion).where(
            or_(
                ChallengeQuestion.asked_by_id == user.id,
                ChallengeQuestion.answered_by_id == user.id,
            )
        )
    ).scalars()
    scrub_rows(questions, ("question", "answer"), user)
    scrub_rows(_mine(Attachment, Attachment.uploaded_by_id, user.id), ("filename",), user)


personal_data.register("challenges", export=export_challenges, erase=erase)
personal_data.register("challenge_responses", export=export_responses)
personal_data.register("challenge_questions", export=export_questions)
personal_data.register("uploaded_files", export=export_files)
