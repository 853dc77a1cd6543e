"""The digest of unread messages for the users who chose it instead of one e-mail per
message: `flask messaging digest` (cron) mails each of them, in their language, the messages
that arrived since their last digest and are still unread. Running it twice sends nothing
twice: each user's `last_digest_at` moves to the run's time inside the same transaction, and
the mail leaves only after the CLI's commit (app.core.txn)."""

from __future__ import annotations

from itertools import groupby

from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import and_, func, or_, select

from app.auth.models import User
from app.core.db import utcnow
from app.core.urls import absolute_url
from app.extensions import db
from app.mail import send_mail
from app.messaging.inbox import author_label, event_text
from app.messaging.models import Conversation, ConversationState, Message, MessagingPreference
from app.messaging.permissions import member_org_ids
from app.public.formatting import format_dt

EXCERPT = 300  # characters of each message quoted in the digest


def unread_since(user, since, until) -> list[Message]:
    """Messages of the other side in the user's threads, created in (since, until], not read
    yet, in threads the user has not left; ordered by thread, then time."""
    orgs = member_org_ids(user) or {-1}
    st = ConversationState
    q = (
        select(Message)
        .join(Conversation, Message.conversation_id == Conversation.id)
        .outerjoin(st, and_(st.conversation_id == Conversation.id, st.user_id == user.id))
        .where(
            or_(Conversation.from_org_id.in_(orgs), Conversation.to_org_id.in_(orgs)),
            or_(Message.author_org_id.is_(None), Message.author_org_id.not_in(orgs)),
            or_(Message.author_id.is_(None), Message.author_id != user.id),
            Message.id > func.coalesce(st.last_read_id, 0),
            st.left_at.is_(None),
            Message.created_at <= until,
        )
        .order_by(Message.conversation_id, Message.id)
    )
    if since is not None:
        q = q.where(Message.created_at > since)
    return list(db.session.execute(q).scalars())


def _body(user, messages: list[Message]) -> str:
    lines = [_("Unread messages on the portal since your last digest:"), ""]
    for _cid, group in groupby(messages, key=lambda m: m.conversation_id):
        group = list(group)
        conv = group[0].conversation
        lines.append(f"== {conv.subject} ({conv.from_org.name} → {conv.to_org.name})")
        for m in group:
            text = m.body if m.kind == "text" else f"{event_text(m)} {m.body}".strip()
            org = f", {m.author_org.name}" if m.author_org else ""
            lines.append(f"- {author_label(m)}{org}, {format_dt(m.created_at)}:")
            lines.append("  " + text[:EXCERPT].replace("\n", "\n  "))
        lines.append("  " + absolute_url("messaging.thread", conversation_id=conv.id))
        lines.append("")
    lines.append(
        _(
            "You receive this digest instead of one e-mail per message. Change it here: %(url)s",
            url=absolute_url("messaging.settings"),
        )
    )
    return "\n".join(lines)


def send_message_digests(now=None) -> dict:
    """Mail one digest to every active user who chose it and has unread messages since the
    last one; returns counts. The caller commits once (mail after the commit)."""
    now = now or utcnow()
    stats = {"digest_users": 0, "sent": 0, "nothing_new": 0}
    prefs = db.session.execute(
        select(MessagingPreference).where(MessagingPreference.email_mode == "digest")
    ).scalars()
    for pref in list(prefs):
        user = db.session.get(User, pref.user_id)
        if user is None or not user.active:
            continue
        stats["digest_users"] += 1
        since = max(
            (t for t in (pref.last_digest_at, pref.digest_since) if t is not None),
            key=lambda t: t.replace(tzinfo=None),
            default=None,
        )
        messages = unread_since(user, since, now)
        pref.last_digest_at = now
        if not messages:
            stats["nothing_new"] += 1
            continue
        with force_locale(user.locale or "it"):
            subject = ngettext("%(num)d unread message", "%(num)d unread messages", len(messages))
            send_mail(user.email, f"[Portale Innovazione Salute] {subject}", _body(user, messages))
        stats["sent"] += 1
    db.session.flush()
    return stats
