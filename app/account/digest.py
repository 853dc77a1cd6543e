"""The weekly digest: new matching proposals, collaboration offers and challenges, mailed to the
users who opted in (off by default) by `flask digest send` (cron), with a signed one-click
unsubscribe link."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from app.account.models import DigestSubscription, SeenProposals
from app.auth.models import User
from app.challenges.models import Challenge
from app.core.db import utcnow
from app.core.errors import NotFound, PermissionDenied
from app.core.urls import absolute_url
from app.extensions import db
from app.mail import send_mail
from app.offers.models import CollaborationOffer
from app.partners.services import suggest_partners

PERIOD = timedelta(days=7)
_SALT = "digest-unsubscribe"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def unsubscribe_token(user_id: int) -> str:
    """Signed token of the unsubscribe link (no expiry: an old digest must still work)."""
    return _serializer().dumps({"u": user_id})


def _subscription(user_id: int) -> DigestSubscription | None:
    return db.session.execute(
        select(DigestSubscription).where(DigestSubscription.user_id == user_id)
    ).scalar_one_or_none()


def is_subscribed(user) -> bool:
    """Whether the user receives the weekly digest."""
    sub = _subscription(user.id)
    return bool(sub and sub.opted_in_at)


def set_digest(actor, on: bool) -> bool:
    """Opt in to (or out of) the weekly digest; returns the new choice."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Log in first."))
    sub = _subscription(actor.id)
    if sub is None:
        sub = DigestSubscription(user_id=actor.id)
        db.session.add(sub)
    sub.opted_in_at = utcnow() if on else None
    db.session.flush()
    return on


def user_for_token(token: str) -> User:
    """The user an unsubscribe link belongs to (NotFound for a forged or broken token)."""
    try:
        data = _serializer().loads(token)
    except BadSignature as exc:
        raise NotFound(_("This unsubscribe link is not valid.")) from exc
    user = db.session.get(User, int(data.get("u", 0))) if isinstance(data, dict) else None
    if user is None:
        raise NotFound(_("This unsubscribe link is not valid."))
    return user


def unsubscribe(token: str) -> User:
    """Turn the digest off for the link's user (no login needed: the link is signed)."""
    user = user_for_token(token)
    sub = _subscription(user.id)
    if sub is not None:
        sub.opted_in_at = None
    return user


def _lines(user, since) -> list[str]:
    lines: list[str] = []
    org_ids = [m.org_id for m in user.memberships] or [-1]
    for m in user.memberships:
        seen = db.session.execute(
            select(SeenProposals).where(
                SeenProposals.user_id == user.id, SeenProposals.org_id == m.org_id
            )
        ).scalar_one_or_none()
        seen_ids = set(seen.target_ids or []) if seen else set()
        new = [p for p in suggest_partners(user, m.organisation, k=5) if p.org.id not in seen_ids]
        for p in new:
            lines.append(
                _(
                    "New proposed partner for %(org)s: %(name)s",
                    org=m.organisation.name,
                    name=p.org.name,
                )
            )
    offers = db.session.execute(
        select(CollaborationOffer).where(
            CollaborationOffer.status == "published",
            CollaborationOffer.published_at >= since,
            CollaborationOffer.org_id.not_in(org_ids),
        )
    ).scalars()
    lines += [_("New collaboration offer: %(t)s", t=o.summary) for o in offers]
    challenges = db.session.execute(
        select(Challenge).where(
            Challenge.status == "open",
            Challenge.published_at >= since,
            Challenge.org_id.not_in(org_ids),
        )
    ).scalars()
    lines += [_("New challenge: %(t)s", t=c.title) for c in challenges]
    return lines


def send_digests(now=None) -> dict:
    """Mail the digest to every opted-in user not served in the last week who has something
    new; returns counts. The CLI commits once at the end (mail leaves after the commit)."""
    now = now or utcnow()
    stats = {"subscribed": 0, "sent": 0, "nothing_new": 0}
    subs = db.session.execute(
        select(DigestSubscription).where(DigestSubscription.opted_in_at.is_not(None))
    ).scalars()
    for sub in list(subs):
        last = sub.last_sent_at
        if last is not None and last.tzinfo is None:
            last = last.replace(tzinfo=now.tzinfo)
        if last is not None and now - last < PERIOD - timedelta(hours=1):
            continue
        user = db.session.get(User, sub.user_id)
        if user is None or not user.active:
            continue
        stats["subscribed"] += 1
        with force_locale(user.locale or "it"):
            lines = _lines(user, last or now - PERIOD)
            if not lines:
                stats["nothing_new"] += 1
                continue
            body = "\n".join(
                [
                    _("What is new for you on the portal this week:"),
                    "",
                    *[f"- {line}" for line in lines],
                    "",
                    absolute_url("account.home"),
                    "",
                    _(
                        "Stop these e-mails with one click: %(url)s",
                        url=absolute_url("account.unsubscribe", token=unsubscribe_token(user.id)),
                    ),
                ]
            )
            send_mail(user.email, "[Portale Innovazione Salute] " + _("Your weekly digest"), body)
        sub.last_sent_at = now
        stats["sent"] += 1
    db.session.flush()
    return stats
