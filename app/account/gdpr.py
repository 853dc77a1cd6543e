"""The collaboration loop's part of the personal-data export (GDPR Art. 15): the user's
messages, claims, offers and requests to the innovation desk.

Erasure needs no code here: messages keep their body for the other organisation with the author
set to NULL by the database and only the pseudonymous ``author_ref`` left ("Former user");
claims go with the account; offers and desk requests lose the link to it.
"""

from __future__ import annotations

from sqlalchemy import select

from app.core.signals import personal_data_export
from app.extensions import db
from app.messaging.models import DeskRequest, Message, ProfileClaim
from app.offers.models import CollaborationOffer


def _iso(value) -> str | None:
    return value.isoformat() if value else None


@personal_data_export.connect
def export_collaboration(user) -> dict:
    """Messages written, claims, offers created and desk requests sent by the user."""
    messages = db.session.execute(
        select(Message).where(Message.author_id == user.id).order_by(Message.id)
    ).scalars()
    claims = db.session.execute(
        select(ProfileClaim).where(ProfileClaim.user_id == user.id).order_by(ProfileClaim.id)
    ).scalars()
    offers = db.session.execute(
        select(CollaborationOffer)
        .where(CollaborationOffer.created_by_id == user.id)
        .order_by(CollaborationOffer.id)
    ).scalars()
    desk = db.session.execute(
        select(DeskRequest).where(DeskRequest.sender_id == user.id).order_by(DeskRequest.id)
    ).scalars()
    return {
        "messages": [
            {
                "conversation": m.conversation_id,
                "subject": m.conversation.subject,
                "body": m.body,
                "at": _iso(m.created_at),
            }
            for m in messages
        ],
        "profile_claims": [
            {
                "organisation": c.organisation.name,
                "method": c.method,
                "email": c.email,
                "reason": c.reason,
                "status": c.status,
                "at": _iso(c.created_at),
            }
            for c in claims
        ],
        "collaboration_offers": [
            {"summary": o.summary, "kind": o.kind, "status": o.status, "at": _iso(o.created_at)}
            for o in offers
        ],
        "desk_requests": [
            {"to": r.to_org.name, "body": r.body, "status": r.status, "at": _iso(r.created_at)}
            for r in desk
        ],
    }
