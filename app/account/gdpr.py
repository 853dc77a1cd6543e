"""The collaboration loop's part of the personal-data export (GDPR Art. 15): the user's
messages, claims, offers and requests to the innovation desk.

Erasure needs no code here: messages keep their body for the other organisation with the author
set to NULL by the database and only the pseudonymous ``author_ref`` left ("Former user");
claims go with the account; offers and desk requests lose the link to it.
"""

from __future__ import annotations

from sqlalchemy import select

from app.core import personal_data
from app.extensions import db
from app.messaging.models import DeskRequest, Message, ProfileClaim
from app.offers.models import CollaborationOffer


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def export_messages(user) -> list[dict]:
    """Messages written by the user."""
    messages = db.session.execute(
        select(Message).where(Message.author_id == user.id).order_by(Message.id)
    ).scalars()
    return [
        {
            "conversation": m.conversation_id,
            "subject": m.conversation.subject,
            "body": m.body,
            "at": _iso(m.created_at),
        }
        for m in messages
    ]


def export_claims(user) -> list[dict]:
    """Profile claims made by the user."""
    claims = db.session.execute(
        select(ProfileClaim).where(ProfileClaim.user_id == user.id).order_by(ProfileClaim.id)
    ).scalars()
    return [
        {
            "organisation": c.organisation.name,
            "method": c.method,
            "email": c.email,
            "reason": c.reason,
            "status": c.status,
            "at": _iso(c.created_at),
        }
        for c in claims
    ]


def export_offers(user) -> list[dict]:
    """Collaboration offers created by the user."""
    offers = db.session.execute(
        select(CollaborationOffer)
        .where(CollaborationOffer.created_by_id == user.id)
        .order_by(CollaborationOffer.id)
    ).scalars()
    return [
        {"summary": o.summary, "kind": o.kind, "status": o.status, "at": _iso(o.created_at)}
        for o in offers
    ]


def export_desk_requests(user) -> list[dict]:
    """Requests the user sent through the innovation desk."""
    desk = db.session.execute(
        select(DeskRequest).where(DeskRequest.sender_id == user.id).order_by(DeskRequest.id)
    ).scalars()
    return [
        {"to": r.to_org.name, "body": r.body, "status": r.status, "at": _iso(r.created_at)}
        for r in desk
    ]


# Erasure needs no eraser here (see the module docstring).
personal_data.register("messages", export=export_messages)
personal_data.register("profile_claims", export=export_claims)
personal_data.register("collaboration_offers", export=export_offers)
personal_data.register("desk_requests", export=export_desk_requests)
