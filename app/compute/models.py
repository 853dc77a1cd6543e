"""Computing resources of the ecosystem, access requests to them and reported use."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import Timestamps
from app.extensions import db


class ComputeResource(Timestamps, db.Model):
    """An HPC allocation, GPU cluster, cloud credit or secure processing environment."""

    __tablename__ = "compute_resources"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    provider_org_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    provider_name: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(24), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    gpu_hours_per_quarter: Mapped[int] = mapped_column(Integer, default=0)
    access_conditions: Mapped[str] = mapped_column(Text, default="")
    eligibility: Mapped[list] = mapped_column(JSON, default=list)
    purposes: Mapped[list] = mapped_column(JSON, default=list)
    cost: Mapped[str] = mapped_column(String(200), default="")
    certifications: Mapped[list] = mapped_column(JSON, default=list)
    location: Mapped[str] = mapped_column(String(16), default="eu", index=True)
    restricted_data_ok: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)

    provider = relationship("Organisation")


class ComputeRequest(Timestamps, db.Model):
    """A request for GPU-hours over a period; a state machine decided by staff or provider."""

    __tablename__ = "compute_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_id: Mapped[int] = mapped_column(
        ForeignKey("compute_resources.id", ondelete="CASCADE"), index=True
    )
    requester_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(Text, default="")
    gpu_hours: Mapped[int] = mapped_column(Integer)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    needs_restricted_data: Mapped[bool] = mapped_column(Boolean, default=False)
    access_request_id: Mapped[int | None] = mapped_column(
        ForeignKey("access_requests.id", ondelete="SET NULL")
    )
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    allocated_hours: Mapped[int | None] = mapped_column(Integer)
    conditions: Mapped[str] = mapped_column(Text, default="")
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    history: Mapped[list] = mapped_column(JSON, default=list)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)

    resource = relationship("ComputeResource")
    organisation = relationship("Organisation")
    access_request = relationship("AccessRequest")
    usage = relationship(
        "ComputeUsage",
        back_populates="request",
        cascade="all, delete-orphan",
        order_by="ComputeUsage.period",
    )


class ComputeUsage(Timestamps, db.Model):
    """GPU-hours used in one month of an allocation, reported by the provider."""

    __tablename__ = "compute_usage"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("compute_requests.id", ondelete="CASCADE"), index=True
    )
    period: Mapped[str] = mapped_column(String(7))  # YYYY-MM
    hours_used: Mapped[int] = mapped_column(Integer)
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    request = relationship("ComputeRequest", back_populates="usage")
