"""E-mails that leave only if the transaction that decided them commits.

Messages, desk forwards and claim links queue their mails on the database session; they are
sent after its commit and dropped on rollback, like the uploaded files of ``app.core.files``
(the bell notifications are rows of the same transaction). Until the portal-wide unit of work
lands, this keeps the collaboration loop from mailing about something that did not happen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from flask_babel import force_locale
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.auth.models import User
from app.extensions import db
from app.mail import send_mail
from app.notifications.services import notify

_KEY = "messaging_mail"


def mail_after_commit(session, to: str, subject: str, body: str) -> None:
    """Queue one plain-text e-mail on ``session``; it is sent once the session commits."""
    session.info.setdefault(_KEY, []).append((to, subject, body))


@event.listens_for(Session, "after_commit")
def _send(session) -> None:
    for to, subject, body in session.info.pop(_KEY, []):
        send_mail(to, subject, body)


@event.listens_for(Session, "after_rollback")
def _drop(session) -> None:
    session.info.pop(_KEY, None)


def notify_after_commit(
    user_ids: Iterable[int],
    kind: str,
    message: Callable[[], str],
    link: str | None = None,
    event_key: str | None = None,
) -> int:
    """Like ``notify_in_locale``: a bell notification per user in their own language (exactly
    once per ``event_key``), but the e-mail waits for the commit (dropped on rollback)."""
    created = 0
    for uid in dict.fromkeys(user_ids):
        user = db.session.get(User, uid)
        if user is None or not user.active:
            continue
        with force_locale(user.locale or "it"):
            text = message()
        if notify([uid], kind, text, link, event_key=event_key, email=False):
            created += 1
            mail_after_commit(
                db.session,
                user.email,
                f"[Portale Innovazione Salute] {text[:80]}",
                f"{text}\n\n{link or ''}",
            )
    return created
