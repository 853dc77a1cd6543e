"""Staff dashboard: demand vs capacity per resource and quarter, with a CSV export."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from app.compute.models import ComputeRequest, ComputeResource
from app.compute.permissions import can_manage_resources
from app.core.errors import PermissionDenied
from app.core.spreadsheet import csv_text
from app.extensions import db

PENDING = ("submitted",)
GRANTED = ("approved", "active", "closed", "expired")


def _quarter(d: date) -> tuple[int, int]:
    return d.year, (d.month - 1) // 3 + 1


def _quarters(start: date, end: date) -> list[tuple[int, int]]:
    out, (y, q) = [], _quarter(start)
    while (y, q) <= _quarter(end):
        out.append((y, q))
        y, q = (y + 1, 1) if q == 4 else (y, q + 1)
    return out


def demand_vs_capacity(actor) -> list[dict]:
    """Per resource and quarter: capacity, GPU-hours pending a decision, granted, and the
    total demand. A request's hours are spread evenly over the quarters of its period."""
    if not can_manage_resources(actor):
        raise PermissionDenied(_("Only Region staff see the compute dashboard."))
    resources = list(db.session.execute(select(ComputeResource)).scalars())
    reqs = list(
        db.session.execute(
            select(ComputeRequest).where(ComputeRequest.status.in_(PENDING + GRANTED))
        ).scalars()
    )
    cells: dict[tuple[int, tuple[int, int]], dict] = {}
    for req in reqs:
        quarters = _quarters(req.period_start, req.period_end)
        for yq in quarters:
            cell = cells.setdefault((req.resource_id, yq), {"pending": 0, "granted": 0})
            if req.status in PENDING:
                cell["pending"] += round(req.gpu_hours / len(quarters))
            if req.status in GRANTED:
                hours = req.allocated_hours or req.gpu_hours
                cell["granted"] += round(hours / len(quarters))
    by_id = {r.id: r for r in resources}
    rows = []
    for (rid, (y, q)), cell in sorted(cells.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        res = by_id[rid]
        cap = res.gpu_hours_per_quarter
        rows.append(
            {
                "quarter": f"{y}-Q{q}",
                "resource_id": rid,
                "resource": res.name,
                "capacity": cap,
                "pending": cell["pending"],
                "granted": cell["granted"],
                "demand": cell["pending"] + cell["granted"],
                "over_capacity": bool(cap) and cell["pending"] + cell["granted"] > cap,
            }
        )
    return rows


CSV_COLUMNS = ["quarter", "resource", "capacity", "pending", "granted", "demand", "over_capacity"]


def csv_header() -> list[str]:
    """The CSV's first line in the reader's language, as the dashboard table heads it."""
    return [
        _("Quarter"),
        _("Resource"),
        _("Capacity"),
        _("Pending"),
        _("Granted"),
        _("Total demand"),
        _("Over capacity"),
    ]


def dashboard_csv(rows: list[dict], dialect: str = "it") -> str:
    """The dashboard table as CSV (BOM, the dialect's separator, headers in the reader's
    language, cells escaped against formula injection)."""
    yes, no = _("yes"), _("no")
    cells = [{**r, "over_capacity": yes if r["over_capacity"] else no} for r in rows]
    return csv_text(CSV_COLUMNS, cells, dialect, csv_header())
