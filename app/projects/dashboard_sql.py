"""Dashboard figures of the projects nobody monitors, summed by the database.

Imported CORDIS projects are tens of thousands, with no milestones and no progress reports:
loading each with its partners (the old dashboard: 891 queries and 42 s at 100,000
organisations) gives the same sums as a few `GROUP BY`s. A project with a milestone or a report
stays on the ORM path (app/projects/dashboard.py), so its health is computed as before. The
sums read the per-project tables of app/projects/dashboard_sums.py (one narrow row per project,
one per project and partner province/kind), never the participations.
"""

from __future__ import annotations

import time
from datetime import date
from decimal import Decimal

from sqlalchemy import event, func, literal, or_, select, text, true
from sqlalchemy.orm import Session

from app.core import caches
from app.extensions import db
from app.orgs.models import Organisation
from app.projects.dashboard_sums import (
    MONITORED_SOURCE,
    DashboardBreakdown,
    DashboardPartners,
    DashboardProject,
)
from app.projects.models import (
    FundedProject,
    Milestone,
    ProgressReport,
    ProjectPartner,
)

ZERO = Decimal(0)
NO_PROVINCE = "—"
__all__ = ["MONITORED_SOURCE", "aggregate", "aggregate_cached", "is_monitored"]


def is_monitored():
    """SQL condition: a project the dashboard lists one by one (the portal's own, or one with a
    milestone or a report); every other project is summed from dashboard_projects. Each branch
    reads an index (source, milestones.project_id, progress_reports.project_id)."""
    return or_(
        FundedProject.source == MONITORED_SOURCE,
        FundedProject.id.in_(select(Milestone.project_id)),
        FundedProject.id.in_(select(ProgressReport.project_id)),
    )


def has_area(area: str, areas_column=None):
    """SQL condition: the JSON list of areas holds `area` (both databases)."""
    table = (areas_column if areas_column is not None else FundedProject.areas).table
    name = table.name
    if db.session.get_bind().dialect.name == "sqlite":
        return text(
            f"EXISTS (SELECT 1 FROM json_each({name}.areas) WHERE json_each.value = :a)"
        ).bindparams(a=area)
    return text(f"{name}.areas::jsonb ? :a").bindparams(a=area)


def _money(v) -> Decimal:
    return Decimal(str(v)) if v is not None else ZERO


def _partner_conditions(filters: dict) -> list:
    dp = DashboardPartners
    out = []
    if filters.get("province") == NO_PROVINCE:
        out.append(dp.province.is_(None))
    elif filters.get("province"):
        out.append(dp.province == filters["province"])
    if filters.get("kind"):
        out.append(dp.kind == filters["kind"])
    return out


def _project_conditions(filters: dict) -> list:
    d = DashboardProject
    out = []
    if filters.get("call"):
        out.append(d.call_id == filters["call"])
    if filters.get("status"):
        out.append(d.status == filters["status"])
    if filters.get("area"):
        out.append(has_area(filters["area"], d.areas))
    partner = _partner_conditions(filters)
    if partner:
        out.append(d.project_id.in_(select(DashboardPartners.project_id).where(*partner)))
    return out


def _partner_sums(key, filters: dict, project_conds: list):
    """(key, projects, cost share, granted) over the partner rows of the selected projects
    (the partner rows of the province/kind filter only, as the tables count them)."""
    dp = DashboardPartners
    stmt = select(
        key,
        func.count(func.distinct(dp.project_id)),
        func.coalesce(func.sum(dp.cost_share), 0),
        func.coalesce(func.sum(dp.granted), 0),
    ).where(*_partner_conditions(filters))
    if project_conds:
        stmt = stmt.where(
            dp.project_id.in_(select(DashboardProject.project_id).where(*project_conds))
        )
    return db.session.execute(stmt.group_by(key)).all()


# The sums read every imported participation (O(data): seconds at 100,000 organisations), and
# imported data changes only with an import: each filter combination is summed at most once per
# AGGREGATE_TTL seconds per worker; a project, partner or organisation written by this worker
# forgets them at once.
AGGREGATE_TTL = 300.0
_kept: dict[tuple, tuple[float, dict]] = {}
caches.register(_kept.clear)


@event.listens_for(Session, "after_flush")
def _forget(session: Session, _ctx) -> None:
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(
            obj, FundedProject | ProjectPartner | Organisation | Milestone | ProgressReport
        ):
            _kept.clear()
            return


def aggregate_cached(filters: dict) -> dict:
    """aggregate(), kept for AGGREGATE_TTL seconds per filter combination."""
    key = (str(db.engine.url), *sorted((k, repr(v)) for k, v in filters.items()))
    now = time.monotonic()
    hit = _kept.get(key)
    if hit is None or now - hit[0] >= AGGREGATE_TTL:
        if len(_kept) > 500:
            _kept.clear()
        hit = (now, aggregate(filters))
        _kept[key] = hit
    return hit[1]


def aggregate(filters: dict) -> dict:
    """Sums of the simple projects matching the dashboard filters: summary, by call, area,
    province, kind, granted per start date; a province/kind filter makes the summary the share
    of the matching partners, as the province and kind tables count it. Without an area,
    province or kind filter every figure is a sum of the kept breakdowns (a few rows per call);
    with one, of the per-project rows."""
    empty = {"by_call": [], "by_area": {}, "by_province": [], "by_kind": [], "trend": []}
    if filters.get("risk") or not (filters.get("external") or filters.get("call")):
        # Not monitored (neither at risk nor on track); without `external` or a call the
        # dashboard shows the portal's projects only.
        return {"projects": 0, "cost": ZERO, "granted": ZERO, **empty}
    if not (filters.get("area") or _partner_conditions(filters)):
        return _from_breakdowns(filters, empty)
    d = DashboardProject
    conds = _project_conditions(filters)
    n, cost, granted = db.session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(d.total_cost), 0),
            func.coalesce(func.sum(d.grant_amount), 0),
        ).where(*conds)
    ).one()
    out = {"projects": int(n), "cost": _money(cost), "granted": _money(granted)}
    if not n:
        return {**out, **empty}
    if _partner_conditions(filters):
        share = _partner_sums(literal(1), filters, conds)
        out["cost"] = sum((_money(r[2]) for r in share), ZERO)
        out["granted"] = sum((_money(r[3]) for r in share), ZERO)
    calls = db.session.execute(
        select(
            d.call_id,
            func.count(),
            func.coalesce(func.sum(d.total_cost), 0),
            func.coalesce(func.sum(d.grant_amount), 0),
        )
        .where(*conds)
        .group_by(d.call_id)
    ).all()
    # Plain values only (the result is kept across requests): call ids, not FundingCall rows.
    out["by_call"] = [(cid, int(k), _money(c), _money(g)) for cid, k, c, g in calls]
    out["by_area"] = _areas(conds)
    dp = DashboardPartners
    out["by_province"] = _partner_sums(func.coalesce(dp.province, NO_PROVINCE), filters, conds)
    out["by_kind"] = _partner_sums(dp.kind, filters, conds)
    out["trend"] = db.session.execute(
        select(d.start_date, func.coalesce(func.sum(d.grant_amount), 0))
        .where(*conds, d.start_date.is_not(None))
        .group_by(d.start_date)
    ).all()
    return out


def _from_breakdowns(filters: dict, empty: dict) -> dict:
    """aggregate() without an area, province or kind filter: from dashboard_breakdowns."""
    b = DashboardBreakdown
    conds = []
    if filters.get("call"):
        conds.append(b.call_id == filters["call"])
    if filters.get("status"):
        conds.append(b.status == filters["status"])
    rows = db.session.execute(
        select(
            b.dimension,
            b.call_id,
            b.key,
            func.sum(b.projects),
            func.coalesce(func.sum(b.cost_share), 0),
            func.coalesce(func.sum(b.granted), 0),
        )
        .where(*conds)
        .group_by(b.dimension, b.call_id, b.key)
    ).all()
    by: dict[str, dict] = {}
    for dim, call_id, key, n, cost, granted in rows:
        k = call_id if dim == "call" else key
        n0, c0, g0 = by.setdefault(dim, {}).get(k, (0, ZERO, ZERO))
        by[dim][k] = (n0 + int(n), c0 + _money(cost), g0 + _money(granted))
    calls = by.get("call", {})
    out = {
        "projects": sum(v[0] for v in calls.values()),
        "cost": sum((v[1] for v in calls.values()), ZERO),
        "granted": sum((v[2] for v in calls.values()), ZERO),
    }
    if not out["projects"]:
        return {**out, **empty}
    out["by_call"] = [(cid, *v) for cid, v in sorted(calls.items())]
    out["by_area"] = dict(by.get("area", {}))
    out["by_province"] = [(k, *v) for k, v in sorted(by.get("province", {}).items())]
    out["by_kind"] = [(k, *v) for k, v in sorted(by.get("kind", {}).items())]
    out["trend"] = [
        (date.fromisoformat(k[:10]), v[2]) for k, v in sorted(by.get("start", {}).items())
    ]
    return out


def _areas(conds: list) -> dict[str, tuple[int, Decimal, Decimal]]:
    """area -> (projects, cost, granted); projects without an area under "none"."""
    d = DashboardProject
    if db.session.get_bind().dialect.name == "sqlite":
        elems = func.json_each(d.areas).table_valued("value")
    else:
        elems = func.json_array_elements_text(d.areas).table_valued("value").lateral()
    area = func.coalesce(elems.c.value, "none")
    rows = db.session.execute(
        select(
            area,
            func.count(),
            func.coalesce(func.sum(d.total_cost), 0),
            func.coalesce(func.sum(d.grant_amount), 0),
        )
        .select_from(d)
        .outerjoin(elems, true())
        .where(*conds)
        .group_by(area)
    ).all()
    return {str(a): (int(k), _money(c), _money(g)) for a, k, c, g in rows}
