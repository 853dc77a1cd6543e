"""Server-side record of login sessions: started at login, revoked at logout, and ended by the
idle timeout (SESSION_IDLE_MINUTES since the last request) and the absolute one
(SESSION_MAX_HOURS since login).

The last-activity time travels in the signed session cookie (a GET never writes to the
database); the login time is the server's own record, so neither can be extended by a client.
"""

from __future__ import annotations

import secrets
import time
from datetime import UTC, timedelta

from flask import current_app, session
from sqlalchemy import select, update

from app.auth.models import User, UserSession
from app.core.db import utcnow
from app.core.text import digest
from app.extensions import db

SESSION_KEY = "sid"
SEEN_KEY = "seen"
# The cookie is rewritten at most this often to record activity (seconds).
_TOUCH_EVERY = 60


def _hash(token: str) -> str:
    return digest(token)


def start_session(user: User) -> None:
    """Record a new session for the user and put its token in the (fresh) cookie session."""
    token = secrets.token_urlsafe(32)
    db.session.add(UserSession(user_id=user.id, token_hash=_hash(token)))
    session[SESSION_KEY] = token
    session[SEEN_KEY] = int(time.time())


def session_is_active(user_id: int) -> bool:
    """Does the cookie carry a session token that the server still honours for this user,
    neither idle too long nor older than the absolute limit? Records the activity."""
    token = session.get(SESSION_KEY)
    seen = session.get(SEEN_KEY)
    if not token or not isinstance(seen, int):
        return False
    cfg = current_app.config
    now = int(time.time())
    if now - seen > cfg["SESSION_IDLE_MINUTES"] * 60:
        return False
    created = db.session.execute(
        select(UserSession.created_at).where(
            UserSession.token_hash == _hash(token),
            UserSession.user_id == user_id,
            UserSession.revoked_at.is_(None),
        )
    ).scalar()
    if created is None:
        return False
    created = created if created.tzinfo else created.replace(tzinfo=UTC)
    if utcnow() - created > timedelta(hours=cfg["SESSION_MAX_HOURS"]):
        return False
    if now - seen >= _TOUCH_EVERY:
        session[SEEN_KEY] = now
    return True


def end_session() -> None:
    """Revoke the session of the current cookie (logout)."""
    token = session.get(SESSION_KEY)
    if token:
        db.session.execute(
            update(UserSession)
            .where(UserSession.token_hash == _hash(token), UserSession.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )


def end_all_sessions(user_id: int) -> None:
    """Revoke every session of a user (password change, role change, erasure)."""
    db.session.execute(
        update(UserSession)
        .where(UserSession.user_id == user_id, UserSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
