"""Record and read audit events."""

from __future__ import annotations

import hashlib
import hmac
import json

from flask import current_app, has_request_context, request

from app.audit.models import AuditEvent
from app.core import personal_data
from app.core.db import utcnow
from app.extensions import db


def pseudonym(user_id: int) -> str:
    """Keyed hash of a user id: stable, not reversible without the secret key."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"user:{user_id}".encode(), hashlib.sha256).hexdigest()[:32]


def record_event(
    actor,
    action: str,
    target_type: str | None = None,
    target_id: object | None = None,
    durable: bool = False,
    **detail,
) -> AuditEvent:
    """Append an audit event; `actor` is a User, or None for anonymous / system.

    `durable=True` writes it in its own transaction at once, so that it survives the rollback of
    a failed request (e.g. a refused login).
    """
    actor_id = getattr(actor, "id", None) if actor is not None else None
    if actor_id is not None and not getattr(actor, "is_authenticated", True):
        actor_id = None
    if has_request_context():
        detail.setdefault("ip", request.remote_addr)
    event = AuditEvent(
        actor_id=actor_id,
        actor_ref=pseudonym(actor_id) if actor_id else None,
        action=action,
        target_type=target_type,
        target_id=None if target_id is None else str(target_id),
        detail=detail,
    )
    if durable:
        values = {
            c.name: getattr(event, c.name) for c in AuditEvent.__table__.columns if c.name != "id"
        }
        values["created_at"] = utcnow()
        with db.engine.begin() as conn:
            conn.execute(AuditEvent.__table__.insert().values(**values))
        return event
    db.session.add(event)
    return event


def list_events(
    target_type: str | None = None, target_id: object | None = None, limit: int = 200
) -> list[AuditEvent]:
    """Most recent events, optionally for one target."""
    q = db.select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if target_type:
        q = q.where(AuditEvent.target_type == target_type)
    if target_id is not None:
        q = q.where(AuditEvent.target_id == str(target_id))
    return list(db.session.execute(q).scalars())


def _export_activity(user) -> list[dict]:
    """The user's own audit trail, with the client addresses it recorded."""
    events = db.session.execute(
        db.select(AuditEvent).where(AuditEvent.actor_id == user.id).order_by(AuditEvent.id)
    ).scalars()
    return [
        {
            "action": e.action,
            "target": f"{e.target_type}:{e.target_id}",
            "at": e.created_at.isoformat(),
            "ip": (e.detail or {}).get("ip"),
        }
        for e in events
    ]


def _erase_activity(user) -> None:
    """Keep the trail, pseudonymous: the user's events lose the addresses they recorded,
    events about the account name it by its pseudonym, and texts naming the person (an
    address typed at a failed login, a name) are scrubbed."""
    for e in db.session.execute(
        db.select(AuditEvent).where(AuditEvent.actor_id == user.id)
    ).scalars():
        if e.detail and "ip" in e.detail:
            e.detail = {k: v for k, v in e.detail.items() if k != "ip"}
    ref = pseudonym(user.id)
    for e in db.session.execute(
        db.select(AuditEvent).where(
            AuditEvent.target_type == "user", AuditEvent.target_id == str(user.id)
        )
    ).scalars():
        e.target_id = ref
    needles = [json.dumps(v.lower())[1:-1] for v in personal_data.identifiers(user)]
    detail = db.func.lower(db.cast(AuditEvent.detail, db.String))
    for e in db.session.execute(
        db.select(AuditEvent).where(db.or_(*(detail.contains(n, autoescape=True) for n in needles)))
    ).scalars():
        e.detail = {
            k: personal_data.scrub(v, user) if isinstance(v, str) else v
            for k, v in (e.detail or {}).items()
        }


personal_data.register("activity", export=_export_activity, erase=_erase_activity)
