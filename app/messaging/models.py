"""Conversations between organisations, their messages and read marks, the innovation desk
queue for organisations nobody represents yet, and claims of imported profiles."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import Timestamps
from app.extensions import db

ORIGINS = ("proposal", "challenge", "dataset", "offer", "direct")
# Partnership request carried by a conversation: none, or pending -> accepted / declined.
REQUEST_STATUSES = ("none", "pending", "accepted", "declined")
DESK_STATUSES = ("open", "forwarded", "closed")
CLAIM_METHODS = ("email_domain", "staff")
CLAIM_STATUSES = ("pending", "approved", "rejected", "expired")
EMAIL_MODES = ("each", "digest")


class Conversation(Timestamps, db.Model):
    """A thread between the organisation that opened it and the one it was addressed to."""

    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(primary_key=True)
    from_org_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    to_org_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    subject: Mapped[str] = mapped_column(String(200))
    origin_type: Mapped[str] = mapped_column(String(16), default="direct")
    origin_id: Mapped[int | None] = mapped_column(Integer)
    # The reason shown at the top of the thread (proposal explanation, challenge, offer, ...).
    origin_summary: Mapped[dict] = mapped_column(JSON, default=dict)
    request_status: Mapped[str] = mapped_column(String(16), default="none")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The organisation that blocked the other in this thread (no more messages from the other).
    blocked_by_org_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL")
    )
    last_message_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)

    from_org = relationship("Organisation", foreign_keys=[from_org_id])
    to_org = relationship("Organisation", foreign_keys=[to_org_id])
    messages = relationship(
        "Message",
        back_populates="conversation",
        order_by="Message.id",
        cascade="all, delete-orphan",
    )


class Message(db.Model):
    """One plain-text message; the author's organisation is kept when the author is erased."""

    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # Pseudonymous reference of the author (a keyed hash): survives the account's erasure.
    author_ref: Mapped[str | None] = mapped_column(String(64))
    author_org_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL")
    )
    # text, or a partnership event (accepted / declined) whose sentence is rendered on display
    kind: Mapped[str] = mapped_column(String(16), default="text")
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)

    conversation = relationship("Conversation", back_populates="messages")
    attachments = relationship(
        "MessageAttachment", back_populates="message", cascade="all, delete-orphan"
    )
    author = relationship("User")
    author_org = relationship("Organisation")


class ConversationState(db.Model):
    """Per user: the last message read, a manual 'unread' mark, and whether it is archived."""

    __tablename__ = "conversation_states"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    last_read_id: Mapped[int] = mapped_column(Integer, default=0)
    marked_unread: Mapped[bool] = mapped_column(Boolean, default=False)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    # Set when the user left the thread: hidden from inbox and archive until a new message
    # from someone else arrives (or the user replies), which clears it.
    left_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        UniqueConstraint("conversation_id", "user_id", name="uq_conversation_state_user"),
    )


class MessagingPreference(db.Model):
    """Per user: an e-mail for each new message ('each', the default) or one digest of the
    unread messages ('digest', sent by `flask messaging digest`)."""

    __tablename__ = "messaging_preferences"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), unique=True, index=True
    )
    email_mode: Mapped[str] = mapped_column(String(16), default="each")
    # Messages created after this instant and still unread go into the next digest.
    digest_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_digest_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class DeskRequest(Timestamps, db.Model):
    """A request for an organisation without members, handled by the Region's innovation desk."""

    __tablename__ = "desk_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    from_org_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL")
    )
    to_org_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    sender_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    origin_type: Mapped[str] = mapped_column(String(16), default="direct")
    origin_id: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    forwarded_to: Mapped[str | None] = mapped_column(String(254))
    note: Mapped[str] = mapped_column(Text, default="")
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    handled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    from_org = relationship("Organisation", foreign_keys=[from_org_id])
    to_org = relationship("Organisation", foreign_keys=[to_org_id])
    sender = relationship("User", foreign_keys=[sender_id])


class ProfileClaim(Timestamps, db.Model):
    """A user's claim to represent an imported organisation: by a link mailed to an address on
    the organisation's own web domain, or by staff approval."""

    __tablename__ = "profile_claims"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    method: Mapped[str] = mapped_column(String(16))
    email: Mapped[str | None] = mapped_column(String(254))
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reason: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    organisation = relationship("Organisation")
    user = relationship("User", foreign_keys=[user_id])


class MessageAttachment(db.Model):
    """A file attached to a message: type read from its bytes, stored under a random name
    outside static/, served only to the members of the two organisations."""

    __tablename__ = "message_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("messages.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(200))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(Integer)

    message = relationship("Message", back_populates="attachments")
