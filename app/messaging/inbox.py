"""The inbox: a user's threads with their unread state, the header count, and the JSON forms
of threads and messages."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import and_, exists, false, func, or_, select

from app.core import validate
from app.core.errors import PermissionDenied
from app.core.pagination import Page, paginate
from app.extensions import db
from app.messaging.models import Conversation, ConversationState, Message
from app.messaging.permissions import member_org_ids

FOLDERS = ("inbox", "archived", "left")


def _unread_clause(user_id: int):
    st = ConversationState
    newer = exists().where(
        Message.conversation_id == Conversation.id,
        Message.id > func.coalesce(st.last_read_id, 0),
        or_(Message.author_id.is_(None), Message.author_id != user_id),
    )
    return or_(func.coalesce(st.marked_unread, false()).is_(True), newer)


def _mine(actor):
    orgs = member_org_ids(actor) or {-1}
    return (
        select(Conversation)
        .outerjoin(
            ConversationState,
            and_(
                ConversationState.conversation_id == Conversation.id,
                ConversationState.user_id == actor.id,
            ),
        )
        .where(or_(Conversation.from_org_id.in_(orgs), Conversation.to_org_id.in_(orgs)))
    )


def list_conversations(
    actor, folder: str = "inbox", page=1, unread_only=False, per_page: int = 20
) -> Page:
    """The actor's threads, newest activity first; each item carries `.unread`."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Log in first."))
    folder = validate.choice({"folder": folder}, "folder", FOLDERS, default="inbox")
    page_no = validate.integer({"page": page}, "page", lo=1, hi=100000) or 1
    archived = func.coalesce(ConversationState.archived, false())
    if folder == "left":
        q = _mine(actor).where(ConversationState.left_at.is_not(None))
    else:
        q = _mine(actor).where(
            archived.is_(folder == "archived"), ConversationState.left_at.is_(None)
        )
    if unread_only:
        q = q.where(_unread_clause(actor.id))
    q = q.order_by(Conversation.last_message_at.desc(), Conversation.id.desc())
    result = paginate(q, page_no, per_page)
    ids = [c.id for c in result.items]
    unread = set(
        db.session.execute(
            _mine(actor)
            .where(Conversation.id.in_(ids or [-1]), _unread_clause(actor.id))
            .with_only_columns(Conversation.id)
        ).scalars()
    )
    for c in result.items:
        c.unread = c.id in unread
    return result


def is_unread(actor, conv: Conversation) -> bool:
    """Whether the thread has something the actor has not read (or marked unread)."""
    q = _mine(actor).where(Conversation.id == conv.id, _unread_clause(actor.id))
    return db.session.execute(q.with_only_columns(Conversation.id)).first() is not None


def unread_total(actor) -> int:
    """Conversations in the inbox with something the actor has not read."""
    if not getattr(actor, "is_authenticated", False) or not actor.memberships:
        return 0
    q = _mine(actor).where(
        func.coalesce(ConversationState.archived, false()).is_(False),
        ConversationState.left_at.is_(None),
        _unread_clause(actor.id),
    )
    return db.session.execute(
        select(func.count()).select_from(q.with_only_columns(Conversation.id).subquery())
    ).scalar_one()


def conversation_dict(
    conv: Conversation, unread: bool | None = None, messages: bool = False, left=None
) -> dict:
    """JSON form for the API."""
    out = {
        "id": conv.id,
        "subject": conv.subject,
        "from_org": {
            "id": conv.from_org.id,
            "slug": conv.from_org.slug,
            "name": conv.from_org.name,
        },
        "to_org": {"id": conv.to_org.id, "slug": conv.to_org.slug, "name": conv.to_org.name},
        "origin": {"type": conv.origin_type, "id": conv.origin_id, **(conv.origin_summary or {})},
        "request_status": conv.request_status,
        "last_message_at": conv.last_message_at.isoformat() if conv.last_message_at else None,
    }
    if unread is not None:
        out["unread"] = bool(unread)
    if left is not None:
        out["left"] = bool(left)
    if messages:
        out["messages"] = [message_dict(m) for m in conv.messages]
    return out


def author_label(msg: Message) -> str:
    """The author's name, or a neutral label once the account is erased."""
    if msg.author is not None:
        return msg.author.name
    return _("Former user") if msg.author_ref else _("Portal")


def event_text(msg: Message) -> str:
    """The sentence of an event (partnership accepted / declined, a member left), in the
    reader's language."""
    org = msg.author_org.name if msg.author_org else ""
    if msg.kind == "left":
        return _("%(name)s (%(org)s) left the conversation.", name=author_label(msg), org=org)
    if msg.kind == "accepted":
        return _("%(org)s accepted the partnership.", org=org)
    return _("%(org)s declined the partnership.", org=org)


def message_dict(msg: Message) -> dict:
    """JSON form of one message (an event's body is its sentence, then the note)."""
    body = msg.body if msg.kind == "text" else f"{event_text(msg)}\n{msg.body}".strip()
    return {
        "id": msg.id,
        "kind": msg.kind,
        "author": author_label(msg),
        "author_org_id": msg.author_org_id,
        "body": body,
        "attachments": [
            {"id": a.id, "filename": a.filename, "content_type": a.content_type, "size": a.size}
            for a in msg.attachments
        ],
        "created_at": msg.created_at.isoformat(),
    }
