"""The helpdesk part of a person's GDPR export (Art. 15): assessments they ran, consultations
they asked and the messages they wrote."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select, update

from app.compliance.models import Assessment, Consultation, ConsultationMessage
from app.core import personal_data
from app.extensions import db


def export_for(user) -> dict:
    """Assessments created by the user, their consultations and messages."""
    assessments = db.session.execute(
        select(Assessment).where(Assessment.created_by_id == user.id).order_by(Assessment.id)
    ).scalars()
    consultations = db.session.execute(
        select(Consultation).where(Consultation.requester_id == user.id).order_by(Consultation.id)
    ).scalars()
    messages = db.session.execute(
        select(ConsultationMessage)
        .where(ConsultationMessage.author_id == user.id)
        .order_by(ConsultationMessage.id)
    ).scalars()
    return {
        "compliance_assessments": [
            {
                "id": a.id,
                "organisation": a.organisation.name,
                "product": a.product,
                "version": a.version,
                "answers": a.answers,
                "at": a.created_at.isoformat(),
            }
            for a in assessments
        ],
        "compliance_consultations": [
            {"id": c.id, "subject": c.subject, "topic": c.topic, "status": c.status}
            for c in consultations
        ],
        "compliance_messages": [
            {"consultation_id": m.consultation_id, "body": m.body, "at": m.created_at.isoformat()}
            for m in messages
        ],
    }


def erase_for(user) -> int:
    """Empty the text of the user's consultation messages (the thread keeps their place, the
    author is set to NULL with the account); returns how many."""
    result = db.session.execute(
        update(ConsultationMessage)
        .where(ConsultationMessage.author_id == user.id)
        .values(body="", removed=True)
        .execution_options(synchronize_session="fetch")
    )
    return result.rowcount or 0


def message_text(msg: ConsultationMessage) -> str:
    """A message's text, or the notice that its author had it removed (reader's language)."""
    return _("[removed at the author's request]") if msg.removed else msg.body


personal_data.register("compliance", export=export_for, erase=erase_for)
