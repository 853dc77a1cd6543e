"""In-portal notifications (the bell)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import Timestamps
from app.extensions import db


class Notification(Timestamps, db.Model):
    """A message to one user, with an optional link; unread until read_at is set."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(48))
    message: Mapped[str] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(String(255))
    # Idempotency key: the same event never notifies the same user twice.
    event_key: Mapped[str | None] = mapped_column(String(128), index=True)
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
