"""Server-side record of login sessions: started at login, revoked at logout."""

from __future__ import annotations

import secrets

from flask import session
from sqlalchemy import select, update

from app.auth.models import User, UserSession
from app.core.db import utcnow
from app.core.text import digest
from app.extensions import db

SESSION_KEY = "sid"


def _hash(token: str) -> str:
    return digest(token)


def start_session(user: User) -> None:
    """Record a new session for the user and put its token in the (fresh) cookie session."""
    token = secrets.token_urlsafe(32)
    db.session.add(UserSession(user_id=user.id, token_hash=_hash(token)))
    session[SESSION_KEY] = token


def session_is_active(user_id: int) -> bool:
    """Does the cookie carry a session token that the server still honours for this user?"""
    token = session.get(SESSION_KEY)
    if not token:
        return False
    return (
        db.session.execute(
            select(UserSession.id).where(
                UserSession.token_hash == _hash(token),
                UserSession.user_id == user_id,
                UserSession.revoked_at.is_(None),
            )
        ).first()
        is not None
    )


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
