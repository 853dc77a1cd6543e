"""Conversations between organisations: open (with the reason), reply, read / unread, archive,
and accept or decline the partnership request a thread carries.

Only members of the two organisations see a thread; to everybody else it does not exist (404).
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import and_, func, or_, select, update

from app.audit.services import pseudonym, record_event
from app.core import validate
from app.core.db import utcnow
from app.core.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    ServiceError,
    ValidationError,
)
from app.extensions import db
from app.messaging import attachments
from app.messaging.links import link
from app.messaging.models import Conversation, ConversationState, Message
from app.messaging.origins import Origin, resolve_origin
from app.messaging.permissions import can_see_conversation, member_org_ids
from app.messaging.prefs import notify_by_preference
from app.notifications.services import org_user_ids
from app.orgs.models import Membership, Organisation

MAX_BODY = 5000  # characters of one message (documented in the README and the API schema)
DEFAULT_NEW_PER_HOUR = 10  # new conversations one user may open per hour (MESSAGING_NEW_PER_HOUR)


class RateLimited(ServiceError):
    """Too many new conversations in the last hour."""

    status = 429


class NobodyHome(Conflict):
    """The addressed organisation has no member on the portal: nothing can be delivered."""


def has_members(org: Organisation) -> bool:
    """Whether anybody represents the organisation on the portal."""
    return (
        db.session.execute(
            select(Membership.id).where(Membership.org_id == org.id).limit(1)
        ).first()
        is not None
    )


def sender_orgs(actor) -> list[Organisation]:
    """Organisations the actor can write in the name of."""
    return [m.organisation for m in getattr(actor, "memberships", [])]


def _from_org(actor, data: dict) -> Organisation:
    orgs = {o.id: o for o in sender_orgs(actor)}
    if not orgs:
        raise PermissionDenied(_("Join or register an organisation to contact others."))
    oid = validate.integer(data, "from_org", lo=1, hi=2**31 - 1)
    if oid is None:
        if len(orgs) > 1:
            raise ValidationError(_("from_org: choose the organisation you write for."), "from_org")
        return next(iter(orgs.values()))
    if oid not in orgs:
        raise ValidationError(_("from_org: you are not a member of this organisation."), "from_org")
    return orgs[oid]


def clean_body(data: dict) -> str:
    """The message body: required plain text, at most MAX_BODY characters."""
    body = validate.text(data, "body", required=True, max_len=MAX_BODY)
    if "\x00" in body:
        raise ValidationError(_("body: must be text."), "body")
    return body


def check_rate(actor) -> None:
    """Refuse (429) a new conversation over the hourly limit of the actor."""
    limit = int(current_app.config.get("MESSAGING_NEW_PER_HOUR", DEFAULT_NEW_PER_HOUR))
    since = utcnow() - timedelta(hours=1)
    # Counted in the database, so that every worker shares the limit.
    opened = db.session.execute(
        select(func.count(Conversation.id)).where(
            Conversation.created_by_id == actor.id, Conversation.created_at >= since
        )
    ).scalar_one()
    if opened >= limit:
        raise RateLimited(
            _(
                "You opened %(n)d conversations in the last hour, the most allowed: "
                "try again later or reply in an existing conversation.",
                n=opened,
            )
        )


def thread_link(conv: Conversation) -> str:
    """The thread's address for notifications."""
    return link("messaging.thread", conversation_id=conv.id)


def user_state(conv: Conversation, user_id: int) -> ConversationState:
    """The user's marks on a thread (created on first use)."""
    st = db.session.execute(
        select(ConversationState).where(
            ConversationState.conversation_id == conv.id, ConversationState.user_id == user_id
        )
    ).scalar_one_or_none()
    if st is None:
        st = ConversationState(
            conversation_id=conv.id,
            user_id=user_id,
            last_read_id=0,
            marked_unread=False,
            archived=False,
        )
        db.session.add(st)
    return st


def add_message(
    conv: Conversation, author, org_id: int | None, body: str, kind="text", revive=True
) -> Message:
    """Append a message; the author has read it (and is back in the thread if they had left),
    the others see the thread again in their inbox (unless `revive` is off: a leave event)."""
    now = utcnow()
    msg = Message(
        conversation=conv,
        author_id=author.id if author else None,
        author_ref=pseudonym(author.id) if author else None,
        author_org_id=org_id,
        kind=kind,
        body=body,
        created_at=now,
    )
    db.session.add(msg)
    conv.last_message_at = now
    db.session.flush()
    if revive:
        # A new message brings an archived or left thread back to the inbox of the others.
        db.session.execute(
            update(ConversationState)
            .where(ConversationState.conversation_id == conv.id)
            .where(ConversationState.user_id != (author.id if author else -1))
            .values(archived=False, left_at=None)
        )
    if author is not None:
        st = user_state(conv, author.id)
        st.last_read_id, st.marked_unread = msg.id, False
        if revive:
            st.left_at = None
    return msg


def _notify_other_side(
    actor, conv: Conversation, msg: Message, author_org_id: int, first: bool = False
) -> None:
    """Tell the members of the other organisation, each in their own language."""
    other = conv.to_org_id if author_org_id == conv.from_org_id else conv.from_org_id
    org_name = db.session.get(Organisation, author_org_id).name
    recipients = [uid for uid in org_user_ids(other) if uid != actor.id]
    excerpt = msg.body[:200]
    notify_by_preference(
        recipients,
        "message.new",
        (lambda: _("%(org)s would like to get in touch: %(text)s", org=org_name, text=excerpt))
        if first
        else (lambda: _("New message from %(org)s: %(text)s", org=org_name, text=excerpt)),
        thread_link(conv),
        event_key=f"message:{msg.id}",
    )


def _existing(from_org, to_org, origin: Origin) -> Conversation | None:
    q = select(Conversation).where(
        or_(
            and_(Conversation.from_org_id == from_org.id, Conversation.to_org_id == to_org.id),
            and_(Conversation.from_org_id == to_org.id, Conversation.to_org_id == from_org.id),
        ),
        Conversation.origin_type == origin.type,
    )
    q = q.where(
        Conversation.origin_id.is_(None)
        if origin.id is None
        else Conversation.origin_id == origin.id
    )
    return db.session.execute(q.limit(1)).scalar_one_or_none()


def start_conversation(actor, to_org: Organisation, data: dict) -> Conversation:
    """Open a thread with `to_org` (or add to the one already open for the same reason).

    data: body (required, at most MAX_BODY characters), from_org (when the actor belongs to
    several), origin (proposal / challenge / dataset / offer / direct) and origin_id, subject.
    An organisation without members refuses with NobodyHome (409): use the innovation desk.
    """
    from_org = _from_org(actor, data)
    if from_org.id == to_org.id:
        raise ValidationError(_("to_org: an organisation cannot write to itself."), "to_org")
    origin = resolve_origin(actor, from_org, to_org, data)
    body = clean_body(data)
    subject = validate.text(data, "subject", max_len=200) or origin.subject
    if not has_members(to_org):
        raise NobodyHome(
            _(
                "Nobody represents %(org)s on the portal yet: nothing was sent. "
                "You can ask the Region's innovation desk to pass your request on.",
                org=to_org.name,
            ),
            "to_org",
        )
    blocked = db.session.execute(
        select(Conversation.id).where(
            Conversation.blocked_by_org_id == to_org.id,
            or_(Conversation.from_org_id == from_org.id, Conversation.to_org_id == from_org.id),
        )
    ).first()
    if blocked:
        raise Conflict(
            _("%(org)s does not accept messages from your organisation.", org=to_org.name),
            "to_org",
        )
    conv = _existing(from_org, to_org, origin)
    first = conv is None
    if conv is None:
        check_rate(actor)
        conv = Conversation(
            from_org_id=from_org.id,
            to_org_id=to_org.id,
            subject=subject,
            origin_type=origin.type,
            origin_id=origin.id,
            origin_summary=origin.summary,
            request_status="pending" if origin.partnership else "none",
            created_by_id=actor.id,
        )
        db.session.add(conv)
        db.session.flush()
        record_event(
            actor,
            "conversation.started",
            "conversation",
            conv.id,
            from_org=from_org.id,
            to_org=to_org.id,
            origin=origin.type,
        )
    msg = add_message(conv, actor, from_org.id, body)
    _notify_other_side(actor, conv, msg, from_org.id, first=first)
    return conv


def get_conversation(actor, conversation_id) -> Conversation:
    """A conversation the actor may see; any other id answers NotFound (never 403)."""
    cid = validate.integer({"id": conversation_id}, "id", lo=1, hi=2**63 - 1)
    conv = db.session.get(Conversation, cid) if cid else None
    if conv is None or not can_see_conversation(actor, conv):
        raise NotFound(_("Conversation not found."))
    return conv


def _actor_side(actor, conv: Conversation) -> int:
    mine = member_org_ids(actor)
    return conv.from_org_id if conv.from_org_id in mine else conv.to_org_id


def _refuse_if_blocked(conv: Conversation, side: int) -> None:
    if conv.blocked_by_org_id is not None and conv.blocked_by_org_id != side:
        raise Conflict(
            _("The other organisation does not accept more messages in this conversation."),
            "status",
        )


def reply(actor, conv: Conversation, data: dict, upload=None) -> Message:
    """Add a message (and optionally one checked file) to a thread the actor belongs to."""
    if not can_see_conversation(actor, conv):
        raise NotFound(_("Conversation not found."))
    _refuse_if_blocked(conv, _actor_side(actor, conv))
    body = clean_body(data)
    checked = attachments.read_upload(upload)  # refused before anything is written
    side = _actor_side(actor, conv)
    msg = add_message(conv, actor, side, body)
    if checked:
        attachments.store(msg, upload.filename, *checked)
    _notify_other_side(actor, conv, msg, side)
    return msg


def mark(actor, conv: Conversation, what: str) -> ConversationState:
    """read / unread / archive / unarchive, for the actor only."""
    if not can_see_conversation(actor, conv):
        raise NotFound(_("Conversation not found."))
    what = validate.choice(
        {"action": what}, "action", ("read", "unread", "archive", "unarchive"), required=True
    )
    st = user_state(conv, actor.id)
    if what == "read":
        last = db.session.execute(
            select(func.max(Message.id)).where(Message.conversation_id == conv.id)
        ).scalar_one()
        st.last_read_id, st.marked_unread = last or 0, False
    elif what == "unread":
        st.marked_unread = True
    else:
        st.archived = what == "archive"
    db.session.flush()
    return st


def block(actor, conv: Conversation, on: bool = True) -> Conversation:
    """Block (or unblock) the other organisation in this thread: no more messages from it here,
    and no new conversation from it to the actor's organisation."""
    if not can_see_conversation(actor, conv):
        raise NotFound(_("Conversation not found."))
    side = _actor_side(actor, conv)
    if on:
        conv.blocked_by_org_id = side
    elif conv.blocked_by_org_id == side:
        conv.blocked_by_org_id = None
    record_event(
        actor,
        "conversation.blocked" if on else "conversation.unblocked",
        "conversation",
        conv.id,
        org=side,
    )
    return conv


def leave(actor, conv: Conversation) -> ConversationState:
    """Leave the thread: it disappears from the actor's inbox and archive (folder 'left'), the
    others read "<name> left the conversation"; a new message from someone else brings it back
    (unread, notified as usual), and so does a reply of the actor's own."""
    if not can_see_conversation(actor, conv):
        raise NotFound(_("Conversation not found."))
    st = user_state(conv, actor.id)
    if st.left_at is not None:
        raise Conflict(_("You have already left this conversation."), "status")
    add_message(conv, actor, _actor_side(actor, conv), "", kind="left", revive=False)
    st.left_at, st.archived, st.marked_unread = utcnow(), False, False
    record_event(actor, "conversation.left", "conversation", conv.id)
    db.session.flush()
    return st


def has_left(actor, conv: Conversation) -> bool:
    """Whether the actor left the thread (and nothing new brought it back since)."""
    st = db.session.execute(
        select(ConversationState.left_at).where(
            ConversationState.conversation_id == conv.id, ConversationState.user_id == actor.id
        )
    ).scalar_one_or_none()
    return st is not None
