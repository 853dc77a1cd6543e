"""Collaboration offers and requests, in EEN's three kinds."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import Timestamps
from app.extensions import db

OFFER_KINDS = ("technology_offer", "technology_request", "partner_search")
OFFER_STATUSES = ("draft", "submitted", "published", "closed")


class CollaborationOffer(Timestamps, db.Model):
    """An organisation's technology offer, technology request or R&D partner search."""

    __tablename__ = "collaboration_offers"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(32), index=True)
    summary: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    areas: Mapped[list] = mapped_column(JSON, default=list)
    trl: Mapped[int | None] = mapped_column(Integer)
    expires_on: Mapped[date | None] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    review_comment: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    organisation = relationship("Organisation")
