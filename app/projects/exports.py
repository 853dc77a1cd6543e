"""Exports of projects, partners and spending: rows, CSV (formula-escaped) and XLSX."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from openpyxl import Workbook

from app.core.errors import NotFound, PermissionDenied
from app.core.text import csv_safe
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


def _cell(value):
    if isinstance(value, Decimal):
        return float(value)
    if value is None:
        return ""
    return csv_safe(value)


def to_csv(what: str, rows: list[dict]) -> str:
    """CSV text with a header; text cells that a spreadsheet would run are escaped."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(HEADERS[what])
    for row in rows:
        writer.writerow([_cell(row.get(h)) for h in HEADERS[what]])
    return buf.getvalue()


def to_xlsx(what: str, rows: list[dict]) -> bytes:
    """An XLSX workbook (one sheet) with typed numbers and dates and escaped text."""
    wb = Workbook()
    ws = wb.active
    ws.title = what
    ws.append(HEADERS[what])
    for row in rows:
        ws.append([_cell(row.get(h)) for h in HEADERS[what]])
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


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
