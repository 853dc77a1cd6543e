"""The helpdesk part of a person's GDPR export (Art. 15): assessments they ran, consultations
they asked and the messages they wrote."""

from __future__ import annotations

from sqlalchemy import select

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


# Authorship rows cascade or are set to NULL with the account: no eraser is needed.
personal_data.register("compliance", export=export_for)
