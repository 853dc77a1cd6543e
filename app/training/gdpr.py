"""The training part of a person's GDPR export (Art. 15): their registrations."""

from __future__ import annotations

from app.core import personal_data
from app.training.registrations import my_registrations


def export_for(user) -> dict:
    """Registrations of the user, with course, status and attendance."""
    return {
        "training_registrations": [
            {
                "course_id": r.course_id,
                "course": r.course.title,
                "starts_at": r.course.starts_at.isoformat(),
                "status": r.status,
                "attended": r.attended,
                "registered_at": r.queued_at.isoformat() if r.queued_at else None,
            }
            for r in my_registrations(user)
        ]
    }


# Authorship rows cascade or are set to NULL with the account: no eraser is needed.
personal_data.register("training", export=export_for)
