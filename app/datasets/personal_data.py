"""The data catalogue's part of a person's data (GDPR): access requests made, and the names
written in every request's history (the requester's and the reviewer's)."""

from __future__ import annotations

import json

from sqlalchemy import String, cast, func, or_, select

from app.core import personal_data
from app.core.personal_data import REDACTED, iso, scrub_rows
from app.datasets.models import AccessRequest
from app.extensions import db

TEXTS = ("research_question", "variables", "safeguards", "environment", "compute", "conditions")


def export_access_requests(user) -> list[dict]:
    """Access requests the user made, with what was written and their history."""
    rows = db.session.execute(
        select(AccessRequest)
        .where(AccessRequest.requester_id == user.id)
        .order_by(AccessRequest.id)
    ).scalars()
    return [
        {
            "dataset": r.dataset.title_it or r.dataset.title_en,
            "purpose": r.purpose,
            "research_question": r.research_question,
            "variables": r.variables,
            "period": [iso(r.period_start), iso(r.period_end)],
            "legal_basis": r.legal_basis,
            "safeguards": r.safeguards,
            "environment": r.environment,
            "compute": r.compute,
            "status": r.status,
            "submitted_at": iso(r.submitted_at),
            "history": r.history or [],
        }
        for r in rows
    ]


def _requests_naming(user) -> list[AccessRequest]:
    """Requests the user made or decided, or whose history names them."""
    history = func.lower(cast(AccessRequest.history, String))
    needles = {user.name.lower(), json.dumps(user.name.lower())[1:-1]} if user.name else set()
    return list(
        db.session.execute(
            select(AccessRequest).where(
                or_(
                    AccessRequest.requester_id == user.id,
                    AccessRequest.decided_by_id == user.id,
                    *(history.contains(n, autoescape=True) for n in needles),
                )
            )
        ).scalars()
    )


def erase_access_requests(user) -> None:
    """Keep the requests for the publisher's record, without the person: the history says
    who acted only as a redaction mark, and texts naming them are scrubbed."""
    for req in _requests_naming(user):
        entries = []
        for entry in req.history or []:
            if entry.get("by_id") == user.id or entry.get("by") == user.name:
                entry = {**entry, "by": REDACTED, "by_id": None}
            entries.append(entry)
        req.history = entries
        scrub_rows([req], TEXTS + ("decision_reason",), user)


personal_data.register(
    "access_requests", export=export_access_requests, erase=erase_access_requests
)
