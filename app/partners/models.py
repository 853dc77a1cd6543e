"""Partnership proposals from the matching engine, contact requests, and stored embeddings."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import Timestamps
from app.extensions import db

PROPOSAL_STATUSES = ("suggested", "contacted", "accepted", "declined", "dismissed")


class PartnershipProposal(Timestamps, db.Model):
    """A suggested partnership from one organisation to another, with its explanation."""

    __tablename__ = "partnership_proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    from_org_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    to_org_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    score: Mapped[float] = mapped_column(Float, default=0.0)
    signals: Mapped[dict] = mapped_column(JSON, default=dict)
    explanation: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="suggested", index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    from_org = relationship("Organisation", foreign_keys=[from_org_id])
    to_org = relationship("Organisation", foreign_keys=[to_org_id])

    __table_args__ = (UniqueConstraint("from_org_id", "to_org_id", name="uq_proposal_pair"),)


class ContactRequest(Timestamps, db.Model):
    """A message from one organisation to another, optionally following a proposal."""

    __tablename__ = "contact_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int | None] = mapped_column(
        ForeignKey("partnership_proposals.id", ondelete="SET NULL")
    )
    from_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    to_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    sender_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    message: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="sent")


class Embedding(Timestamps, db.Model):
    """A stored vector for one text of one entity, keyed by model and text hash."""

    __tablename__ = "embeddings"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_type: Mapped[str] = mapped_column(String(32))  # organisation, challenge, dataset
    entity_id: Mapped[int] = mapped_column(Integer)
    field: Mapped[str] = mapped_column(String(16))  # profile, offers, seeks
    model_name: Mapped[str] = mapped_column(String(255))
    text_hash: Mapped[str] = mapped_column(String(64))
    dim: Mapped[int] = mapped_column(Integer)
    vector: Mapped[bytes] = mapped_column(LargeBinary)

    __table_args__ = (
        UniqueConstraint(
            "entity_type", "entity_id", "field", "model_name", name="uq_embedding_key"
        ),
    )


class IndexVersion(db.Model):
    """Version stamp: workers reload their in-memory vectors when it changes."""

    __tablename__ = "index_versions"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
