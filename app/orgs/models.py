"""Organisations, their application areas, memberships and invitations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import Timestamps
from app.extensions import db

KINDS = (
    "university",
    "research_hospital",
    "research_institute",
    "company",
    "startup",
    "public_body",
    "other",
)
AREAS = (
    "diagnostics",
    "genomics",
    "drug_discovery",
    "predictive_maintenance_iot",
    "digital_health",
    "medical_devices",
    "clinical_data",
    "ai_imaging",
    "rehabilitation_ageing",
    "public_health",
)
SIZE_BANDS = ("micro", "small", "medium", "large")
SOURCES = ("portal", "demo", "cordis", "startup_register")
# The regional ecosystem: organisations in Lombardy, plus every start-up of the register, demo
# profile and portal registration (kept in the `regional` column so the directory can use an
# index instead of evaluating this rule on every row).
REGION = "Lombardia"
REGIONAL_SOURCES = ("portal", "demo", "startup_register")


def is_regional(region: str | None, source: str | None) -> bool:
    """Does an organisation with this region and source belong to the regional ecosystem."""
    return (region or "") == REGION or source in REGIONAL_SOURCES


class Organisation(Timestamps, db.Model):
    """A university, hospital, company, start-up or public body of the ecosystem."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(255), index=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    competences: Mapped[list] = mapped_column(JSON, default=list)
    offers: Mapped[str] = mapped_column(Text, default="")
    seeks: Mapped[str] = mapped_column(Text, default="")
    trl_min: Mapped[int | None] = mapped_column(Integer)
    trl_max: Mapped[int | None] = mapped_column(Integer)
    country: Mapped[str] = mapped_column(String(2), default="IT")
    region: Mapped[str | None] = mapped_column(String(64), index=True)
    province: Mapped[str | None] = mapped_column(String(64), index=True)
    city: Mapped[str | None] = mapped_column(String(120))
    website: Mapped[str | None] = mapped_column(String(255))
    # Postal address as the data gives it (Horizon Europe records: street, postcode, city).
    address: Mapped[str | None] = mapped_column(String(255))
    # Research Organization Registry id (e.g. "01ynf4891"), from pic_ror.csv for CORDIS PICs.
    ror_id: Mapped[str | None] = mapped_column(String(32))
    vat_number: Mapped[str | None] = mapped_column(String(32))
    ateco_code: Mapped[str | None] = mapped_column(String(16))
    founded: Mapped[int | None] = mapped_column(Integer)
    size_band: Mapped[str | None] = mapped_column(String(16))
    verified: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    verified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Where the record comes from; real records (cordis, startup_register) carry only data facts.
    source: Mapped[str] = mapped_column(String(32), default="portal", index=True)
    external_id: Mapped[str | None] = mapped_column(String(64), index=True)
    register_data: Mapped[dict | None] = mapped_column(JSON)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    # Derived columns for the directory (facets, scope and sort read indexes, not every row):
    # `regional` follows region/source on every ORM save (event below); `project_count` is the
    # number of funded projects it takes part in (app/projects/activity.py keeps it in step).
    regional: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    project_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    areas = relationship("OrgArea", cascade="all, delete-orphan", lazy="selectin")
    memberships = relationship(
        "Membership", back_populates="organisation", cascade="all, delete-orphan"
    )

    __table_args__ = (
        UniqueConstraint("source", "external_id", name="uq_org_source_external"),
        Index("ix_org_regional_name", "regional", "name", "id"),
        Index("ix_org_regional_kind", "regional", "kind"),
        Index("ix_org_regional_province", "regional", "province"),
        Index("ix_org_regional_verified", "regional", "verified"),
        Index("ix_org_regional_activity", "regional", "project_count", "name"),
        Index("ix_org_activity", "project_count", "name"),
        Index("ix_org_trl", "regional", "trl_min", "trl_max"),
    )

    @property
    def area_codes(self) -> list[str]:
        """Application area codes, sorted."""
        return sorted(a.area for a in self.areas)


class OrgArea(db.Model):
    """Application area of an organisation (a facet)."""

    __tablename__ = "org_areas"

    org_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True
    )
    area: Mapped[str] = mapped_column(String(48), primary_key=True, index=True)

    # Area facet counts read (area, org_id) from this index alone.
    __table_args__ = (Index("ix_org_areas_area_org", "area", "org_id"),)


@event.listens_for(Organisation, "before_insert")
@event.listens_for(Organisation, "before_update")
def _set_regional(_mapper, _conn, org: Organisation) -> None:
    org.regional = is_regional(org.region, org.source)


class Membership(Timestamps, db.Model):
    """A user belongs to an organisation as owner or member."""

    __tablename__ = "memberships"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(16), default="member")

    user = relationship("User", back_populates="memberships")
    organisation = relationship("Organisation", back_populates="memberships")

    __table_args__ = (UniqueConstraint("user_id", "org_id", name="uq_membership_user_org"),)


class Invitation(Timestamps, db.Model):
    """An invitation link to join an organisation; only the token hash is stored."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[str] = mapped_column(String(16), default="member")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)

    organisation = relationship("Organisation")
