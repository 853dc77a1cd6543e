"""Exports of projects, partners and spending: rows, CSV (formula-escaped) and XLSX."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.core.errors import NotFound, PermissionDenied
from app.core.spreadsheet import csv_text, xlsx_bytes
from app.projects.dashboard import filtered_projects, partner_amounts
from app.projects.monitoring import counted_reports, project_health
from app.projects.permissions import can_monitor

KINDS = ("projects", "partners", "spending")
HEADERS = {
    "projects": [
        "project_id",
        "call_code",
        "programme",
        "acronym",
        "title",
        "lead",
        "status",
        "start_date",
        "end_date",
        "total_cost",
        "grant_amount",
        "spent",
        "time_elapsed_pct",
        "spent_pct",
        "monitoring",
        "reasons",
        "source",
        "external_url",
    ],
    "partners": [
        "project_id",
        "acronym",
        "organisation",
        "kind",
        "province",
        "size_band",
        "role",
        "cost_share",
        "grant_amount",
        "spent",
    ],
    "spending": [
        "project_id",
        "acronym",
        "report_id",
        "period_start",
        "period_end",
        "report_status",
        "organisation",
        "amount",
    ],
}


def export_rows(actor, what: str, filters: dict, today: date | None = None) -> list[dict]:
    """Rows of one export (staff only) for the dashboard's filters."""
    if not can_monitor(actor):
        raise PermissionDenied(_("Exports are for region staff."))
    if what not in KINDS:
        raise NotFound(_("Unknown export '%(what)s'.", what=what))
    rows: list[dict] = []
    for p in filtered_projects(filters):
        if what == "projects":
            h = project_health(p, today)
            rows.append(
                {
                    "project_id": p.id,
                    "call_code": p.call.code,
                    "programme": p.call.programme,
                    "acronym": p.acronym,
                    "title": p.title,
                    "lead": p.lead.name if p.lead else "",
                    "status": p.status,
                    "start_date": p.start_date,
                    "end_date": p.end_date,
                    "total_cost": p.total_cost,
                    "grant_amount": p.grant_amount,
                    "spent": h.spent,
                    "time_elapsed_pct": h.time_pct,
                    "spent_pct": h.spent_pct,
                    "monitoring": h.label,
                    "reasons": "; ".join(r["message"] for r in h.reasons),
                    "source": p.source,
                    "external_url": p.external_url or "",
                }
            )
        elif what == "partners":
            for partner, _granted, spent in partner_amounts(p):
                org = partner.organisation
                rows.append(
                    {
                        "project_id": p.id,
                        "acronym": p.acronym,
                        "organisation": org.name,
                        "kind": org.kind,
                        "province": org.province or "",
                        "size_band": org.size_band or "",
                        "role": partner.role,
                        "cost_share": partner.cost_share,
                        "grant_amount": partner.grant_amount,
                        "spent": spent,
                    }
                )
        else:
            names = {pp.org_id: pp.organisation.name for pp in p.partners}
            for r in counted_reports(p):
                for org_id, amt in sorted((r.spending or {}).items()):
                    rows.append(
                        {
                            "project_id": p.id,
                            "acronym": p.acronym,
                            "report_id": r.id,
                            "period_start": r.period_start,
                            "period_end": r.period_end,
                            "report_status": r.status,
                            "organisation": names.get(int(org_id), org_id),
                            "amount": Decimal(str(amt)),
                        }
                    )
    return rows


# Column titles in the reader's language (the machine names stay in the JSON export).
LABELS = {
    "project_id": _l("Project id"),
    "call_code": _l("Call code"),
    "programme": _l("Programme"),
    "acronym": _l("Acronym"),
    "title": _l("Title"),
    "lead": _l("Lead organisation"),
    "status": _l("Status"),
    "start_date": _l("Start date"),
    "end_date": _l("End date"),
    "total_cost": _l("Total cost (EUR)"),
    "grant_amount": _l("Grant (EUR)"),
    "spent": _l("Spent (EUR)"),
    "time_elapsed_pct": _l("Time elapsed (%)"),
    "spent_pct": _l("Spent (%)"),
    "monitoring": _l("Monitoring"),
    "reasons": _l("Reasons"),
    "source": _l("Source"),
    "external_url": _l("External link"),
    "organisation": _l("Organisation"),
    "kind": _l("Kind of organisation"),
    "province": _l("Province"),
    "size_band": _l("Size"),
    "role": _l("Role"),
    "cost_share": _l("Cost share (EUR)"),
    "report_id": _l("Report id"),
    "period_start": _l("Period start"),
    "period_end": _l("Period end"),
    "report_status": _l("Report status"),
    "amount": _l("Amount (EUR)"),
}


def header(what: str) -> list[str]:
    """The column titles of an export in the current locale."""
    return [str(LABELS[h]) for h in HEADERS[what]]


def to_csv(what: str, rows: list[dict], dialect: str = "it") -> str:
    """CSV with a BOM and a header in the reader's language; ``it``: ``;`` and decimal comma,
    ``intl``: ``,`` and decimal point; text cells a spreadsheet would run are escaped."""
    return csv_text(HEADERS[what], rows, dialect, header(what))


def to_xlsx(what: str, rows: list[dict]) -> bytes:
    """An XLSX workbook (one sheet) with typed numbers and dates and text kept as text."""
    return xlsx_bytes(what, HEADERS[what], rows, header(what))


def to_json(rows: list[dict], money=float) -> list[dict]:
    """Rows with JSON-friendly values (amounts through `money`, dates as ISO strings)."""
    out = []
    for row in rows:
        out.append(
            {
                k: (
                    money(v)
                    if isinstance(v, Decimal)
                    else v.isoformat()
                    if isinstance(v, date)
                    else v
                )
                for k, v in row.items()
            }
        )
    return out
