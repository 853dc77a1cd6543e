"""Each user's e-mail choice for new messages: one e-mail per message (the default) or one
digest of the unread messages (`flask messaging digest`, for cron). The bell shows every
message either way."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from flask_babel import gettext as _
from sqlalchemy import select

from app.core import personal_data
from app.core.db import utcnow
from app.core.errors import PermissionDenied, ValidationError
from app.extensions import db
from app.messaging.models import EMAIL_MODES, MessagingPreference
from app.notifications.services import notify_in_locale


def preference(user_id: int) -> MessagingPreference | None:
    """The user's stored choice (None: never chosen, i.e. an e-mail per message)."""
    return db.session.execute(
        select(MessagingPreference).where(MessagingPreference.user_id == user_id)
    ).scalar_one_or_none()


def email_mode(user) -> str:
    """'each' or 'digest'."""
    pref = preference(user.id)
    return pref.email_mode if pref else "each"


def settings_dict(user) -> dict:
    """The JSON form of the choice."""
    pref = preference(user.id)
    return {
        "email_mode": pref.email_mode if pref else "each",
        "last_digest_at": (
            pref.last_digest_at.isoformat() if pref and pref.last_digest_at else None
        ),
    }


def set_email_mode(actor, data: dict) -> MessagingPreference:
    """Choose an e-mail per message ('each') or a digest ('digest'); switching to the digest
    starts it from now (earlier messages were already mailed one by one)."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Log in first."))
    mode = data.get("email_mode")
    if mode not in EMAIL_MODES:
        raise ValidationError(
            _("E-mail for new messages: choose one e-mail per message or the digest."),
            "email_mode",
        )
    pref = preference(actor.id)
    if pref is None:
        pref = MessagingPreference(user_id=actor.id, email_mode="each")
        db.session.add(pref)
    if mode == "digest" and pref.email_mode != "digest":
        pref.digest_since = utcnow()
    pref.email_mode = mode
    db.session.flush()
    return pref


def _digest_users(user_ids: list[int]) -> set[int]:
    if not user_ids:
        return set()
    return set(
        db.session.execute(
            select(MessagingPreference.user_id).where(
                MessagingPreference.user_id.in_(user_ids),
                MessagingPreference.email_mode == "digest",
            )
        ).scalars()
    )


def notify_by_preference(
    user_ids: Iterable[int],
    kind: str,
    message: Callable[[], str],
    link: str | None = None,
    event_key: str | None = None,
) -> int:
    """A bell notification for each recipient in their language; the e-mail (queued for after
    the commit) only for those who want one per message. Returns how many were notified."""
    ids = list(dict.fromkeys(user_ids))
    return notify_in_locale(
        ids, kind, message, link, event_key=event_key, bell_only=_digest_users(ids)
    )


# The choice goes with the account (the row cascades); the export shows it.
personal_data.register("messaging_settings", export=settings_dict)
