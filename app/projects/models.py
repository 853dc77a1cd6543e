"""Funding calls, funded projects, partners, milestones, progress reports and outputs."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
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

PROJECT_STATUSES = ("planned", "active", "suspended", "completed", "terminated")
REPORT_STATUSES = ("draft", "submitted", "accepted", "returned")
OUTPUT_KINDS = ("publication", "patent", "dataset", "product", "other")


class FundingCall(Timestamps, db.Model):
    """A call for proposals of a programme (regional call, or Horizon 2020 for imported data)."""

    __tablename__ = "funding_calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme: Mapped[str] = mapped_column(String(120))
    code: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text, default="")
    budget: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    opens_on: Mapped[date | None] = mapped_column(Date)
    closes_on: Mapped[date | None] = mapped_column(Date)
    eligible_kinds: Mapped[list] = mapped_column(JSON, default=list)
    areas: Mapped[list] = mapped_column(JSON, default=list)
    source: Mapped[str] = mapped_column(String(32), default="portal")
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)


class FundedProject(Timestamps, db.Model):
    """A project funded under a call."""

    __tablename__ = "funded_projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("funding_calls.id"), index=True)
    acronym: Mapped[str] = mapped_column(String(100))
    # Empty for an imported project whose text is not in the data (see display_title).
    title: Mapped[str] = mapped_column(String(500))
    abstract: Mapped[str] = mapped_column(Text, default="")
    # Imported programmes: "H2020" or "HORIZON"; None for the portal's own regional projects.
    programme: Mapped[str | None] = mapped_column(String(16), index=True)
    grant_id: Mapped[str | None] = mapped_column(String(32))
    keywords: Mapped[list] = mapped_column(JSON, default=list)
    topic_code: Mapped[str | None] = mapped_column(String(100))
    topic_title: Mapped[str | None] = mapped_column(String(500))
    call_code: Mapped[str | None] = mapped_column(String(100))
    funding_scheme: Mapped[str | None] = mapped_column(String(64))
    programme_title: Mapped[str | None] = mapped_column(String(255))
    legal_basis: Mapped[str | None] = mapped_column(String(64))
    euroscivoc: Mapped[list] = mapped_column(JSON, default=list)
    lead_org_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    total_cost: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    grant_amount: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    start_date: Mapped[date | None] = mapped_column(Date, index=True)
    end_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="active", index=True)
    areas: Mapped[list] = mapped_column(JSON, default=list)
    is_health: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(String(32), default="portal", index=True)
    external_id: Mapped[str | None] = mapped_column(String(64), index=True)
    external_url: Mapped[str | None] = mapped_column(String(255))
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    # Open data (app/projects/opendata.py): CUP (Codice Unico di Progetto, 15 characters) and
    # ISTAT code of the municipality where the project takes place (6 digits).
    cup: Mapped[str | None] = mapped_column(String(15), index=True)
    istat_code: Mapped[str | None] = mapped_column(String(6))

    call = relationship("FundingCall")
    lead = relationship("Organisation")
    partners = relationship(
        "ProjectPartner", back_populates="project", cascade="all, delete-orphan"
    )
    milestones = relationship(
        "Milestone", cascade="all, delete-orphan", order_by="Milestone.due_date"
    )
    reports = relationship(
        "ProgressReport",
        back_populates="project",
        cascade="all, delete-orphan",
        order_by="ProgressReport.period_start",
    )
    outputs = relationship(
        "ProjectOutput", cascade="all, delete-orphan", order_by="ProjectOutput.id"
    )

    __table_args__ = (UniqueConstraint("source", "external_id", name="uq_project_source_external"),)

    @property
    def has_text(self) -> bool:
        """True when the project has a real title (imported projects may have none)."""
        return bool((self.title or "").strip())

    @property
    def display_title(self) -> str:
        """The title, else the acronym, else the record number (imported data without text)."""
        if self.has_text:
            return self.title
        return self.acronym or f"CORDIS {self.external_id}"


class ProjectPartner(db.Model):
    """An organisation's participation in a project, with its role and money."""

    __tablename__ = "project_partners"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("funded_projects.id", ondelete="CASCADE"), index=True
    )
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    # coordinator, participant, associated, third_party (CORDIS roles mapped to these).
    role: Mapped[str] = mapped_column(String(16), default="participant")
    # Order of the partner in the CORDIS record (1 = coordinator) and its department there.
    position: Mapped[int | None] = mapped_column(Integer)
    department: Mapped[str | None] = mapped_column(String(255))
    cost_share: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    grant_amount: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))

    project = relationship("FundedProject", back_populates="partners")
    organisation = relationship("Organisation")

    __table_args__ = (UniqueConstraint("project_id", "org_id", name="uq_partner_project_org"),)


class Milestone(Timestamps, db.Model):
    """A planned milestone with due date, deliverable and completion evidence."""

    __tablename__ = "milestones"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("funded_projects.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(255))
    deliverable: Mapped[str] = mapped_column(Text, default="")
    due_date: Mapped[date] = mapped_column(Date)
    completed_on: Mapped[date | None] = mapped_column(Date)
    evidence: Mapped[str] = mapped_column(Text, default="")

    @property
    def is_late(self) -> bool:
        """Completed after its due date."""
        return self.completed_on is not None and self.completed_on > self.due_date

    def is_overdue(self, today: date) -> bool:
        """Not completed and past its due date."""
        return self.completed_on is None and self.due_date < today


class ProgressReport(Timestamps, db.Model):
    """A periodic report: spending per partner, milestones reached, narrative, KPIs."""

    __tablename__ = "progress_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("funded_projects.id", ondelete="CASCADE"), index=True
    )
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    spending: Mapped[dict] = mapped_column(JSON, default=dict)  # {org_id: amount}
    narrative: Mapped[str] = mapped_column(Text, default="")
    kpis: Mapped[dict] = mapped_column(JSON, default=dict)
    # [{"id": milestone id, "completed_on": "YYYY-MM-DD", "evidence": "..."}]
    milestones_reached: Mapped[list] = mapped_column(JSON, default=list)
    problems: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    review_comment: Mapped[str] = mapped_column(Text, default="")
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    project = relationship("FundedProject", back_populates="reports")

    @property
    def total_spent(self) -> Decimal:
        """Sum of the amounts spent by every partner in the period."""
        return sum((Decimal(str(v)) for v in (self.spending or {}).values()), Decimal(0))


class ProjectOutput(Timestamps, db.Model):
    """A result: publication (DOI), patent, dataset (linked to the catalogue), product."""

    __tablename__ = "project_outputs"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("funded_projects.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(255))
    doi: Mapped[str | None] = mapped_column(String(255))
    url: Mapped[str | None] = mapped_column(String(255))
    dataset_id: Mapped[int | None] = mapped_column(ForeignKey("datasets.id", ondelete="SET NULL"))
    trl_reached: Mapped[int | None] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
