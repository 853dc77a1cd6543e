"""The compute part of a person's GDPR export (Art. 15): the requests they wrote."""

from __future__ import annotations

from sqlalchemy import select

from app.compute.models import ComputeRequest
from app.core import personal_data
from app.extensions import db


def export_for(user) -> dict:
    """Compute requests written by the user."""
    rows = db.session.execute(
        select(ComputeRequest)
        .where(ComputeRequest.requester_id == user.id)
        .order_by(ComputeRequest.id)
    ).scalars()
    return {
        "compute_requests": [
            {
                "id": r.id,
                "resource": r.resource.name,
                "title": r.title,
                "gpu_hours": r.gpu_hours,
                "period": [r.period_start.isoformat(), r.period_end.isoformat()],
                "status": r.status,
                "access_request_id": r.access_request_id,
            }
            for r in rows
        ]
    }


# Authorship rows cascade or are set to NULL with the account: no eraser is needed.
personal_data.register("compute", export=export_for)
