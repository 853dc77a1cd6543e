"""Open-innovation challenges, clarification questions, responses, invitations, attachments."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import Timestamps
from app.extensions import db

CHALLENGE_STATUSES = ("draft", "submitted", "open", "evaluating", "awarded", "closed", "withdrawn")
# Final states: the challenge leaves what the portal matches (its stored vector goes).
RETIRED_STATUSES = ("awarded", "closed", "withdrawn")
RESPONSE_STATUSES = ("submitted", "info_requested", "shortlisted", "accepted", "rejected")
VISIBILITIES = ("public", "registered")


class Challenge(Timestamps, db.Model):
    """A problem posted by a company for the ecosystem to solve."""

    __tablename__ = "challenges"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    expected_outcome: Mapped[str] = mapped_column(Text, default="")
    area: Mapped[str | None] = mapped_column(String(48), index=True)
    trl_required: Mapped[int | None] = mapped_column(Integer)
    budget: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    reward: Mapped[str] = mapped_column(Text, default="")
    deadline: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    visibility: Mapped[str] = mapped_column(String(16), default="public")
    response_requirements: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    review_comment: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    views: Mapped[int] = mapped_column(Integer, default=0)
    is_demo: Mapped[bool] = mapped_column(default=False)

    organisation = relationship("Organisation")


class ChallengeQuestion(Timestamps, db.Model):
    """A clarification question and the company's answer, visible to all who see the challenge."""

    __tablename__ = "challenge_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE"), index=True
    )
    org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"))
    asked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ChallengeResponse(Timestamps, db.Model):
    """An organisation's proposal answering a challenge; seen only by its authors, the poster
    and staff."""

    __tablename__ = "challenge_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE"), index=True
    )
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    summary: Mapped[str] = mapped_column(Text)
    approach: Mapped[str] = mapped_column(Text, default="")
    team: Mapped[str] = mapped_column(Text, default="")
    trl_current: Mapped[int | None] = mapped_column(Integer)
    timeline: Mapped[str] = mapped_column(Text, default="")
    estimated_cost: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    status: Mapped[str] = mapped_column(String(16), default="submitted", index=True)
    feedback: Mapped[str] = mapped_column(Text, default="")

    challenge = relationship("Challenge")
    organisation = relationship("Organisation")

    __table_args__ = (UniqueConstraint("challenge_id", "org_id", name="uq_response_org"),)


class ChallengeInvitation(Timestamps, db.Model):
    """A suggested solver invited by the challenge owners."""

    __tablename__ = "challenge_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(ForeignKey("challenges.id", ondelete="CASCADE"))
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    __table_args__ = (UniqueConstraint("challenge_id", "org_id", name="uq_invitation_org"),)


class Attachment(Timestamps, db.Model):
    """An uploaded file, stored outside static/ under a server-chosen name."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_type: Mapped[str] = mapped_column(String(32))  # challenge, response
    owner_id: Mapped[int] = mapped_column(Integer, index=True)
    filename: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
