"""E-mails that leave only if the transaction that decided them commits.

The desk's forwards and the claim links are mailed to addresses that are not users, so they do
not go through the notifications: they are queued on the database session and sent after its
commit (dropped on rollback), like the uploaded files of ``app.core.files``.
"""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session

from app.mail import send_mail

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
