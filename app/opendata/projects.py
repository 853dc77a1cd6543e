"""The public rows of calls, funded projects and partners (what the public project pages show).

Per-partner money, progress reports and spending stay restricted (projects.permissions): they
are not in the open data. Each column has a stable machine name and a label in both languages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.projects.models import FundedProject, FundingCall, ProjectPartner

KINDS = ("calls", "projects", "partners")


@dataclass(frozen=True)
class Column:
    """One open-data column: machine name, type (text, decimal, date, integer, bool), label."""

    name: str
    type: str
    label: object


COLUMNS = {
    "calls": [
        Column("call_code", "text", _l("Call code")),
        Column("programme", "text", _l("Programme")),
        Column("title", "text", _l("Call title")),
        Column("budget_eur", "decimal", _l("Call budget (EUR)")),
        Column("opens_on", "date", _l("Opening date")),
        Column("closes_on", "date", _l("Closing date")),
        Column("source", "text", _l("Source (portal, cordis, demo)")),
        Column("is_demo", "bool", _l("Demo record (fictional)")),
    ],
    "projects": [
        Column("project_id", "integer", _l("Project id on the portal")),
        Column("cup", "text", _l("CUP (Codice Unico di Progetto)")),
        Column("call_code", "text", _l("Call code")),
        Column("programme", "text", _l("Programme")),
        Column("acronym", "text", _l("Acronym")),
        Column("title", "text", _l("Project title")),
        Column("abstract", "text", _l("Abstract")),
        Column("lead", "text", _l("Lead organisation")),
        Column("status", "text", _l("Status")),
        Column("start_date", "date", _l("Start date")),
        Column("end_date", "date", _l("End date")),
        Column("total_cost_eur", "decimal", _l("Total cost (EUR)")),
        Column("grant_eur", "decimal", _l("Public grant (EUR)")),
        Column("istat_code", "text", _l("ISTAT code of the municipality")),
        Column("areas", "text", _l("Application areas (separated by |)")),
        Column("partners", "integer", _l("Number of partners")),
        Column("source", "text", _l("Source (portal, cordis, demo)")),
        Column("external_url", "text", _l("Page at the source")),
        Column("is_demo", "bool", _l("Demo record (fictional)")),
    ],
    "partners": [
        Column("project_id", "integer", _l("Project id on the portal")),
        Column("cup", "text", _l("CUP (Codice Unico di Progetto)")),
        Column("acronym", "text", _l("Acronym")),
        Column("organisation", "text", _l("Organisation")),
        Column("organisation_url", "text", _l("Organisation page on the portal")),
        Column("kind", "text", _l("Kind of organisation")),
        Column("province", "text", _l("Province")),
        Column("role", "text", _l("Role (coordinator, participant...)")),
        Column("is_demo", "bool", _l("Demo record (fictional)")),
    ],
}


def _call_row(call: FundingCall) -> dict:
    return {
        "call_code": call.code,
        "programme": call.programme,
        "title": call.title,
        "budget_eur": call.budget,
        "opens_on": call.opens_on,
        "closes_on": call.closes_on,
        "source": call.source,
        "is_demo": call.is_demo,
    }


def _project_row(p: FundedProject) -> dict:
    return {
        "project_id": p.id,
        "cup": p.cup or "",
        "call_code": p.call.code,
        "programme": p.call.programme,
        "acronym": p.acronym,
        "title": p.title,
        "abstract": p.abstract or "",
        "lead": p.lead.name if p.lead else "",
        "status": p.status,
        "start_date": p.start_date,
        "end_date": p.end_date,
        "total_cost_eur": p.total_cost,
        "grant_eur": p.grant_amount,
        "istat_code": p.istat_code or "",
        "areas": "|".join(p.areas or []),
        "partners": len(p.partners),
        "source": p.source,
        "external_url": p.external_url or "",
        "is_demo": p.is_demo,
    }


def _partner_row(pp: ProjectPartner, base: str) -> dict:
    org, p = pp.organisation, pp.project
    return {
        "project_id": p.id,
        "cup": p.cup or "",
        "acronym": p.acronym,
        "organisation": org.name,
        "organisation_url": f"{base}/orgs/{org.slug}",
        "kind": org.kind,
        "province": org.province or "",
        "role": pp.role,
        "is_demo": p.is_demo,
    }


def open_rows(kind: str, base: str):
    """Yield the public rows of calls, projects or partners, in id order (streamed)."""
    if kind == "calls":
        query = select(FundingCall).order_by(FundingCall.id)
        for call in db.session.execute(query).scalars():
            yield _call_row(call)
    elif kind == "projects":
        query = (
            select(FundedProject)
            .options(
                selectinload(FundedProject.call),
                selectinload(FundedProject.lead),
                selectinload(FundedProject.partners),
            )
            .order_by(FundedProject.id)
        )
        for p in db.session.execute(query).scalars():
            yield _project_row(p)
    else:
        query = (
            select(ProjectPartner)
            .options(
                selectinload(ProjectPartner.organisation),
                selectinload(ProjectPartner.project),
            )
            .order_by(ProjectPartner.project_id, ProjectPartner.id)
        )
        for pp in db.session.execute(query).scalars():
            yield _partner_row(pp, base)


def last_change() -> date | None:
    """When a call or project last changed (dct:modified of the open data set)."""
    stamps = [
        db.session.execute(select(func.max(m.updated_at))).scalar()
        for m in (FundedProject, FundingCall)
    ]
    stamps = [s for s in stamps if s]
    return max(stamps).date() if stamps else None


def period() -> tuple[date | None, date | None]:
    """First start and last end date of the projects (dct:temporal)."""
    row = db.session.execute(
        select(func.min(FundedProject.start_date), func.max(FundedProject.end_date))
    ).one()
    return row[0], row[1]


def json_value(value):
    """JSON form of a cell: money as a decimal string, dates ISO 8601."""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value
