"""Courses / events of the training catalogue and the registrations to them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import Timestamps
from app.extensions import db


class Course(Timestamps, db.Model):
    """A course, webinar or event offered by a provider organisation."""

    __tablename__ = "training_courses"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(500), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(16), default="course", index=True)
    topic: Mapped[str] = mapped_column(String(24), index=True)
    audience: Mapped[list] = mapped_column(JSON, default=list)
    level: Mapped[str] = mapped_column(String(16), default="intro")
    format: Mapped[str] = mapped_column(String(16), default="online", index=True)
    place: Mapped[str] = mapped_column(String(200), default="")
    online_url: Mapped[str | None] = mapped_column(String(255))
    language: Mapped[str] = mapped_column(String(2), default="it", index=True)
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    registration_deadline: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    seats: Mapped[int] = mapped_column(Integer, default=30)
    provider_org_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)

    provider = relationship("Organisation")
    registrations = relationship(
        "Registration", back_populates="course", cascade="all, delete-orphan"
    )


class Registration(Timestamps, db.Model):
    """One person's place (confirmed or on the waiting list) in a course."""

    __tablename__ = "training_registrations"
    __table_args__ = (UniqueConstraint("course_id", "user_id", name="uq_training_reg_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(
        ForeignKey("training_courses.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="confirmed", index=True)
    # When the person joined the current queue: the waiting list is served in this order.
    queued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    attended: Mapped[bool | None] = mapped_column(Boolean)
    reminded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    course = relationship("Course", back_populates="registrations")
    user = relationship("User")
