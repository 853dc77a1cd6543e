"""Self-assessments, expert consultations with their thread, appointed experts, guidelines."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import Timestamps
from app.extensions import db


class Assessment(Timestamps, db.Model):
    """One saved run of the self-assessment for a product of an organisation; each new run of
    the same product gets the next version number."""

    __tablename__ = "compliance_assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    product: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer, default=1)
    rules_version: Mapped[str] = mapped_column(String(32))
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    result: Mapped[dict] = mapped_column(JSON, default=dict)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)

    organisation = relationship("Organisation")


class Expert(Timestamps, db.Model):
    """A person appointed by Region staff to answer consultations."""

    __tablename__ = "compliance_experts"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), unique=True, index=True
    )
    topics: Mapped[list] = mapped_column(JSON, default=list)
    appointed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    user = relationship("User", foreign_keys=[user_id])


class Consultation(Timestamps, db.Model):
    """A question to the Region's experts, with a thread and an outcome."""

    __tablename__ = "compliance_consultations"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    requester_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    assessment_id: Mapped[int | None] = mapped_column(
        ForeignKey("compliance_assessments.id", ondelete="SET NULL")
    )
    topic: Mapped[str] = mapped_column(String(16), index=True)
    urgency: Mapped[str] = mapped_column(String(8), default="normal")
    subject: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    expert_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    outcome: Mapped[str] = mapped_column(Text, default="")
    first_reply_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)

    organisation = relationship("Organisation")
    expert = relationship("User", foreign_keys=[expert_id])
    requester = relationship("User", foreign_keys=[requester_id])
    messages = relationship(
        "ConsultationMessage",
        back_populates="consultation",
        cascade="all, delete-orphan",
        order_by="ConsultationMessage.id",
    )
    files = relationship(
        "ConsultationFile",
        back_populates="consultation",
        cascade="all, delete-orphan",
        order_by="ConsultationFile.id",
    )


class ConsultationMessage(Timestamps, db.Model):
    """One message of a consultation thread."""

    __tablename__ = "compliance_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("compliance_consultations.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    # Set (and the body emptied) when the author's account is erased: the thread keeps its
    # place and shows "[removed at the author's request]" in the reader's language.
    removed: Mapped[bool] = mapped_column(Boolean, default=False)

    consultation = relationship("Consultation", back_populates="messages")
    author = relationship("User")


class Guideline(Timestamps, db.Model):
    """A practical guideline page in Markdown, edited by staff, linked from the questions."""

    __tablename__ = "compliance_guidelines"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True, index=True)
    title_it: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200), default="")
    body_it: Mapped[str] = mapped_column(Text, default="")
    body_en: Mapped[str] = mapped_column(Text, default="")
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)


class ConsultationFile(Timestamps, db.Model):
    """A file attached to a consultation (its bytes are checked on upload, stored under a
    random name)."""

    __tablename__ = "compliance_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("compliance_consultations.id", ondelete="CASCADE"), index=True
    )
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    filename: Mapped[str] = mapped_column(String(200))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)

    consultation = relationship("Consultation", back_populates="files")
