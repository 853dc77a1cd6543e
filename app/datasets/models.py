"""Health dataset catalogue (DCAT-AP_IT + HealthDCAT-AP), distributions and access requests."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import Timestamps
from app.extensions import db

ACCESS_RIGHTS = ("public", "restricted", "non_public")
PERSONAL_DATA_LEVELS = ("none", "anonymised", "pseudonymised", "identifiable")
STANDARDS = ("FHIR R4", "OMOP CDM", "DICOM", "HL7 CDA", "CDISC")
CODING_SYSTEMS = ("ICD-10", "SNOMED CT", "LOINC", "ATC")
ACCESS_REQUEST_STATUSES = (
    "draft",
    "submitted",
    "under_review",
    "changes_requested",
    "approved",
    "rejected",
    "expired",
    "revoked",
)


class Dataset(Timestamps, db.Model):
    """A catalogue entry with DCAT-AP_IT and HealthDCAT-AP metadata."""

    __tablename__ = "datasets"

    id: Mapped[int] = mapped_column(primary_key=True)
    identifier: Mapped[str] = mapped_column(String(128), unique=True)
    title_it: Mapped[str] = mapped_column(String(255))
    title_en: Mapped[str] = mapped_column(String(255), default="")
    description_it: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    publisher_org_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    rights_holder_org_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL")
    )
    themes: Mapped[list] = mapped_column(JSON, default=list)
    keywords: Mapped[list] = mapped_column(JSON, default=list)
    issued: Mapped[date | None] = mapped_column(Date)
    modified: Mapped[date | None] = mapped_column(Date)
    frequency: Mapped[str | None] = mapped_column(String(32))
    temporal_start: Mapped[date | None] = mapped_column(Date)
    temporal_end: Mapped[date | None] = mapped_column(Date)
    spatial: Mapped[str | None] = mapped_column(String(120))
    licence: Mapped[str | None] = mapped_column(String(120))
    conforms_to: Mapped[list] = mapped_column(JSON, default=list)
    coding_systems: Mapped[list] = mapped_column(JSON, default=list)
    number_of_records: Mapped[int | None] = mapped_column(BigInteger)
    number_of_individuals: Mapped[int | None] = mapped_column(BigInteger)
    personal_data: Mapped[str] = mapped_column(String(16), default="none", index=True)
    legal_basis: Mapped[str | None] = mapped_column(String(120))
    consent_codes: Mapped[list] = mapped_column(JSON, default=list)  # GA4GH DUO codes
    access_rights: Mapped[str] = mapped_column(String(16), default="public", index=True)
    contact_name: Mapped[str | None] = mapped_column(String(120))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    certification: Mapped[str | None] = mapped_column(String(32))
    certified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    certified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    # HealthDCAT-AP: EHDS health categories, extra applicable legislation (codes of
    # vocab.LEGISLATION; EHDS and GDPR are added by the export where they apply), purposes,
    # population coverage, retention and whether the data is structured (None = from formats).
    health_categories: Mapped[list] = mapped_column(JSON, default=list)
    legislation: Mapped[list] = mapped_column(JSON, default=list)
    purposes: Mapped[list] = mapped_column(JSON, default=list)
    population_coverage: Mapped[str] = mapped_column(Text, default="")
    retention_until: Mapped[date | None] = mapped_column(Date)
    has_structured_data: Mapped[bool | None] = mapped_column(Boolean)

    publisher = relationship("Organisation", foreign_keys=[publisher_org_id])
    distributions = relationship(
        "Distribution", back_populates="dataset", cascade="all, delete-orphan"
    )


class Distribution(Timestamps, db.Model):
    """A downloadable or accessible form of a dataset. URLs of restricted data stay hidden."""

    __tablename__ = "distributions"

    id: Mapped[int] = mapped_column(primary_key=True)
    dataset_id: Mapped[int] = mapped_column(
        ForeignKey("datasets.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(255), default="")
    format: Mapped[str] = mapped_column(String(32))
    media_type: Mapped[str | None] = mapped_column(String(100))
    byte_size: Mapped[int | None] = mapped_column(BigInteger)
    access_url: Mapped[str | None] = mapped_column(String(500))
    download_url: Mapped[str | None] = mapped_column(String(500))
    stored_name: Mapped[str | None] = mapped_column(String(64))
    checksum: Mapped[str | None] = mapped_column(String(128))

    dataset = relationship("Dataset", back_populates="distributions")


class AccessRequest(Timestamps, db.Model):
    """A request to use restricted data; a state machine decided by the publisher."""

    __tablename__ = "access_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    dataset_id: Mapped[int] = mapped_column(
        ForeignKey("datasets.id", ondelete="CASCADE"), index=True
    )
    requester_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"))
    purpose: Mapped[str] = mapped_column(String(32), default="research")
    research_question: Mapped[str] = mapped_column(Text, default="")
    variables: Mapped[str] = mapped_column(Text, default="")
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    anonymised_ok: Mapped[bool] = mapped_column(Boolean, default=False)
    legal_basis: Mapped[str] = mapped_column(String(120), default="")
    safeguards: Mapped[str] = mapped_column(Text, default="")
    environment: Mapped[str] = mapped_column(Text, default="")
    compute: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    conditions: Mapped[str] = mapped_column(Text, default="")
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    expires_on: Mapped[date | None] = mapped_column(Date)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    history: Mapped[list] = mapped_column(JSON, default=list)

    dataset = relationship("Dataset")
