"""Notify users in the portal (the bell) and by e-mail, exactly once per event."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from app.auth.models import User
from app.core import personal_data
from app.core.db import utcnow
from app.core.errors import NotFound, PermissionDenied
from app.core.pagination import Page, paginate
from app.core.urls import absolute
from app.extensions import db
from app.mail import send_mail
from app.notifications.models import Notification
from app.orgs.models import Membership


def notify(
    user_ids: Iterable[int],
    kind: str,
    message: str,
    link: str | None = None,
    event_key: str | None = None,
    email: bool = True,
) -> list[Notification]:
    """Create one notification per user (skipping users already notified of `event_key`) and
    queue its e-mail for after the commit. Returns the notifications created.

    ``message`` is stored as given, in one language: prefer :func:`notify_in_locale`, which
    renders it in each recipient's language."""
    created = []
    for uid in dict.fromkeys(user_ids):
        if (
            event_key is not None
            and db.session.execute(
                select(Notification.id).where(
                    Notification.user_id == uid, Notification.event_key == event_key
                )
            ).first()
        ):
            continue
        user = db.session.get(User, uid)
        if user is None or not user.active:
            continue
        note = Notification(user_id=uid, kind=kind, message=message, link=link, event_key=event_key)
        db.session.add(note)
        created.append(note)
        if email:  # queued: delivered only if the transaction commits (app.core.txn)
            send_mail(
                user.email,
                f"[Portale Innovazione Salute] {message[:80]}",
                f"{message}\n\n{absolute(link)}",
            )
    db.session.flush()
    return created


def notify_in_locale(
    user_ids: Iterable[int],
    kind: str,
    message: Callable[[], str],
    link: str | None = None,
    event_key: str | None = None,
    bell_only: Collection[int] = (),
) -> int:
    """:func:`notify`, with ``message()`` rendered in each recipient's own language (Italian
    when none is set); the users in ``bell_only`` get no e-mail. Returns how many
    notifications were created."""
    created = 0
    for uid in dict.fromkeys(user_ids):
        user = db.session.get(User, uid)
        if user is None:
            continue
        with force_locale(user.locale or "it"):
            text = message()
        mail = uid not in bell_only
        created += len(notify([uid], kind, text, link, event_key=event_key, email=mail))
    return created


def org_user_ids(org_id: int, owners_only: bool = False) -> list[int]:
    """Ids of the members (or only the owners) of an organisation."""
    q = select(Membership.user_id).where(Membership.org_id == org_id)
    if owners_only:
        q = q.where(Membership.role == "owner")
    return list(db.session.execute(q).scalars())


def staff_user_ids() -> list[int]:
    """Ids of region staff and admins."""
    return list(
        db.session.execute(
            select(User.id).where(User.role.in_(("staff", "admin")), User.active.is_(True))
        ).scalars()
    )


def list_notifications(actor, page: int = 1) -> Page:
    """The actor's notifications, newest first."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Log in first."))
    q = (
        select(Notification)
        .where(Notification.user_id == actor.id)
        .order_by(Notification.id.desc())
    )
    return paginate(q, page, 30)


def unread_count(actor) -> int:
    """Number of unread notifications."""
    return db.session.execute(
        select(func.count(Notification.id)).where(
            Notification.user_id == actor.id, Notification.read_at.is_(None)
        )
    ).scalar_one()


def mark_read(actor, notification_id: int | None = None) -> int:
    """Mark one (or all) of the actor's notifications as read; returns how many."""
    q = select(Notification).where(Notification.user_id == actor.id, Notification.read_at.is_(None))
    if notification_id is not None:
        q = q.where(Notification.id == notification_id)
    notes = list(db.session.execute(q).scalars())
    if notification_id is not None and not notes:
        note = db.session.get(Notification, notification_id)
        if note is None or note.user_id != actor.id:
            raise NotFound(_("Notification not found."))
    for n in notes:
        n.read_at = utcnow()
    return len(notes)


def _export_notes(user) -> list[dict]:
    """The user's notifications (they go with the account: the rows cascade)."""
    notes = db.session.execute(
        select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
    ).scalars()
    return [{"message": n.message, "link": n.link, "at": n.created_at.isoformat()} for n in notes]


def _erase_mentions(user) -> None:
    """Others' notifications that name the user ("Greta asked to join") keep the event, not
    the person (the user's own notifications cascade with the account)."""
    needles = personal_data.identifiers(user)
    if not needles:
        return
    low = func.lower(Notification.message)
    rows = db.session.execute(
        select(Notification).where(
            Notification.user_id != user.id,
            or_(*(low.contains(n.lower(), autoescape=True) for n in needles)),
        )
    ).scalars()
    personal_data.scrub_rows(rows, ("message",), user)


personal_data.register("notifications", export=_export_notes, erase=_erase_mentions)
