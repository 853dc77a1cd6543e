"""The partners' part of a person's data (GDPR): the contact messages they sent for an
organisation. The receiving organisation keeps the message; the erasure scrubs the sender's
name and address from it (the sender column is SET NULL with the account)."""

from __future__ import annotations

from sqlalchemy import select

from app.core import personal_data
from app.core.personal_data import iso, scrub_rows
from app.extensions import db
from app.partners.models import ContactRequest


def _sent(user) -> list[ContactRequest]:
    return list(
        db.session.execute(
            select(ContactRequest)
            .where(ContactRequest.sender_id == user.id)
            .order_by(ContactRequest.id)
        ).scalars()
    )


def export_contacts(user) -> list[dict]:
    """Contact messages the user sent."""
    return [
        {
            "from_org": c.from_org_id,
            "to_org": c.to_org_id,
            "message": c.message,
            "status": c.status,
            "at": iso(c.created_at),
        }
        for c in _sent(user)
    ]


personal_data.register(
    "contact_messages",
    export=export_contacts,
    erase=lambda user: scrub_rows(_sent(user), ("message",), user),
)
