"""The region's monitoring dashboard: totals by call, area, province and kind, trend."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.core import validate
from app.core.errors import PermissionDenied, ValidationError
from app.extensions import db
from app.orgs.models import AREAS, KINDS, Organisation
from app.orgs.services import LOMBARDY_PROVINCES
from app.projects import dashboard_sql
from app.projects.models import PROJECT_STATUSES, FundedProject, FundingCall, ProjectPartner
from app.projects.monitoring import counted_reports, project_health, quarter
from app.projects.permissions import can_monitor

ZERO = Decimal(0)
NO_PROVINCE = "—"
PROVINCE_CODE = re.compile(r"[A-Z]{2}")


def parse_filters(args) -> dict:
    """Validate dashboard / export filters: call, area, province, kind, status, external."""
    data = dict(args)
    ext = data.get("external")
    province = validate.text(data, "province", max_len=64) or None
    if province is not None:
        # A province is a two-letter code picked from the list (any case); "—" = none known.
        province = province.strip().upper()
        if province != NO_PROVINCE and not PROVINCE_CODE.fullmatch(province):
            raise ValidationError(_("Province: choose one from the list."), "province")
    return {
        "call": validate.integer(data, "call", lo=1),
        "area": validate.choice(data, "area", AREAS),
        "province": province,
        "kind": validate.choice(data, "kind", KINDS),
        "status": validate.choice(data, "status", PROJECT_STATUSES),
        "external": ext in ("1", "true", "on", True),
        "risk": validate.choice(data, "risk", ("at_risk", "on_track")),
    }


def province_options(rows: list[dict]) -> list[str]:
    """Provinces offered by the filter: the Lombardy ones and those in the table."""
    keys = {r["key"] for r in rows if r["key"] != NO_PROVINCE}
    return sorted(set(LOMBARDY_PROVINCES) | keys)


def _org_filter(filters: dict) -> list:
    out = []
    if filters.get("province") == NO_PROVINCE:
        out.append(Organisation.province.is_(None))
    elif filters.get("province"):
        out.append(Organisation.province == filters["province"])
    if filters.get("kind"):
        out.append(Organisation.kind == filters["kind"])
    return out


def _conditions(filters: dict) -> list:
    conds = []
    if not filters.get("external") and not filters.get("call"):
        # Equality on the indexed column (`source != 'cordis'` read every project).
        conds.append(FundedProject.source == dashboard_sql.MONITORED_SOURCE)
    if filters.get("call"):
        conds.append(FundedProject.call_id == filters["call"])
    if filters.get("status"):
        conds.append(FundedProject.status == filters["status"])
    org_filter = _org_filter(filters)
    if org_filter:
        conds.append(
            FundedProject.id.in_(
                select(ProjectPartner.project_id)
                .join(Organisation, Organisation.id == ProjectPartner.org_id)
                .where(*org_filter)
            )
        )
    return conds


def filtered_projects(filters: dict, *, skip_simple: bool = False) -> list[FundedProject]:
    """Projects matching the filters, with partners, milestones and reports loaded; with
    skip_simple, only those listed one by one (dashboard_sql.is_monitored); the database sums
    the others."""
    q = (
        select(FundedProject)
        .join(FundingCall, FundingCall.id == FundedProject.call_id)
        .where(*_conditions(filters))
        .options(
            selectinload(FundedProject.partners).selectinload(ProjectPartner.organisation),
            selectinload(FundedProject.milestones),
            selectinload(FundedProject.reports),
            selectinload(FundedProject.call),
            selectinload(FundedProject.lead),
        )
    )
    if skip_simple:
        q = q.where(dashboard_sql.is_monitored())
    projects = list(db.session.execute(q.order_by(FundedProject.id)).scalars().unique())
    if filters.get("area"):
        projects = [p for p in projects if filters["area"] in (p.areas or [])]
    return projects


def partner_amounts(project: FundedProject) -> list[tuple[ProjectPartner, Decimal, Decimal]]:
    """(partner, granted, spent) per partner; the whole grant goes to the lead when no partner
    has its own grant amount."""
    spent: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for r in counted_reports(project):
        for org_id, amt in (r.spending or {}).items():
            spent[int(org_id)] += Decimal(str(amt))
    has_grants = any(p.grant_amount is not None for p in project.partners)
    out = []
    for p in project.partners:
        if has_grants:
            granted = p.grant_amount or ZERO
        else:
            granted = (project.grant_amount or ZERO) if p.org_id == project.lead_org_id else ZERO
        out.append((p, granted, spent[p.org_id]))
    return out


def _row() -> dict:
    return {"projects": 0, "cost": ZERO, "granted": ZERO, "spent": ZERO}


def _add(row: dict, cost, granted, spent, count: int = 1) -> None:
    row["projects"] += count
    row["cost"] += cost or ZERO
    row["granted"] += granted or ZERO
    row["spent"] += spent or ZERO


def _matches(org, filters: dict) -> bool:
    """Does a partner organisation meet the province / kind filters."""
    if filters.get("province"):
        if (org.province or NO_PROVINCE) != filters["province"]:
            return False
    return not (filters.get("kind") and org.kind != filters["kind"])


def _merge_sql(filters: dict, acc: dict) -> int:
    """Add the database's sums of the simple (unmonitored) projects; returns how many."""
    agg = dashboard_sql.aggregate_cached(filters)
    if not agg["projects"]:
        return 0
    summary = acc["summary"]
    summary["projects"] += agg["projects"]
    summary["cost"] += agg["cost"]
    summary["granted"] += agg["granted"]
    calls = {
        c.id: c
        for c in db.session.execute(
            select(FundingCall).where(FundingCall.id.in_([r[0] for r in agg["by_call"]]))
        ).scalars()
    }
    for call_id, n, cost, granted in agg["by_call"]:
        call = calls[call_id]
        row = acc["by_call"].setdefault(call.id, {**_row(), "call": call, "budget": call.budget})
        _add(row, cost, granted, ZERO, n)
    for area, (n, cost, granted) in agg["by_area"].items():
        _add(acc["by_area"][area], cost, granted, ZERO, n)
    for name in ("by_province", "by_kind"):
        for key, n, cost, granted in agg[name]:
            _add(acc[name][key], cost, granted, ZERO, n)
    for start, granted in agg["trend"]:
        acc["trend"][quarter(start)]["granted"] += granted or ZERO
    return agg["projects"]


def dashboard(actor, filters: dict, today: date | None = None) -> dict:
    """Every figure of the dashboard for the filtered projects (staff only).

    The summary counts what the tables count: with a province or kind filter, the money is the
    share of the partners in that province / of that kind (the table row one clicked), not the
    whole budget of every project they take part in."""
    if not can_monitor(actor):
        raise PermissionDenied(_("The monitoring dashboard is for region staff."))
    today = today or date.today()
    projects = filtered_projects(filters, skip_simple=True)
    healths = [project_health(p, today) for p in projects]
    if filters.get("risk"):
        healths = [h for h in healths if h.label == filters["risk"]]
        projects = [h.project for h in healths]
    by_call: dict[int, dict] = {}
    by_area: dict[str, dict] = defaultdict(_row)
    by_province: dict[str, dict] = defaultdict(_row)
    by_kind: dict[str, dict] = defaultdict(_row)
    trend: dict[str, dict] = defaultdict(lambda: {"granted": ZERO, "spent": ZERO})
    share = filters.get("province") or filters.get("kind")
    summary = {"projects": len(healths), "cost": ZERO, "granted": ZERO, "spent": ZERO}
    for h in healths:
        p = h.project
        row = by_call.setdefault(p.call_id, {**_row(), "call": p.call, "budget": p.call.budget})
        _add(row, p.total_cost, p.grant_amount, h.spent)
        for area in p.areas or ["none"]:
            _add(by_area[area], p.total_cost, p.grant_amount, h.spent)
        if not share:
            _add(summary, p.total_cost, p.grant_amount, h.spent, 0)
        seen_prov, seen_kind = set(), set()
        for partner, granted, spent in partner_amounts(p):
            org = partner.organisation
            if share and _matches(org, filters):
                _add(summary, partner.cost_share, granted, spent, 0)
            prov = org.province or NO_PROVINCE
            _add(
                by_province[prov], partner.cost_share, granted, spent, 0 if prov in seen_prov else 1
            )
            _add(
                by_kind[org.kind],
                partner.cost_share,
                granted,
                spent,
                0 if org.kind in seen_kind else 1,
            )
            seen_prov.add(prov)
            seen_kind.add(org.kind)
        if p.start_date:
            trend[quarter(p.start_date)]["granted"] += p.grant_amount or ZERO
        for r in counted_reports(p):
            trend[quarter(r.period_end)]["spent"] += r.total_spent
    acc = {
        "summary": summary,
        "by_call": by_call,
        "by_area": by_area,
        "by_province": by_province,
        "by_kind": by_kind,
        "trend": trend,
    }
    unlisted = _merge_sql(filters, acc)
    cumulative, trend_rows = ZERO, []
    for key in sorted(trend):
        cumulative += trend[key]["spent"]
        trend_rows.append({"period": key, **trend[key], "cumulative_spent": cumulative})
    overdue = sorted(
        ((h.project, m, (today - m.due_date).days) for h in healths for m in h.overdue),
        key=lambda t: -t[2],
    )
    healths.sort(key=lambda h: (not h.at_risk, h.project.acronym.lower()))
    return {
        "today": today,
        "summary": {
            **summary,
            "at_risk": sum(1 for h in healths if h.at_risk),
            "monitored": sum(1 for h in healths if h.monitored),
            "overdue_milestones": len(overdue),
        },
        "by_call": sorted(by_call.values(), key=lambda r: r["call"].code),
        "by_area": _sorted(by_area),
        "by_province": _sorted(by_province),
        "by_kind": _sorted(by_kind),
        "trend": trend_rows,
        "projects": healths,
        # Imported projects with nothing to monitor: in every total, not listed one by one.
        "unlisted": unlisted,
        "overdue": overdue,
    }


def _sorted(rows: dict) -> list[dict]:
    return [{"key": k, **v} for k, v in sorted(rows.items(), key=lambda kv: -kv[1]["granted"])]


def dashboard_json(data: dict, money=float) -> dict:
    """The dashboard as plain JSON, projects by id; amounts through `money` (floats for the
    charts, decimal strings for the API)."""

    def num(row: dict) -> dict:
        return {k: (money(v) if isinstance(v, Decimal) else v) for k, v in row.items()}

    return {
        "today": data["today"].isoformat(),
        "summary": num(data["summary"]),
        "by_call": [
            num(
                {
                    **{k: v for k, v in r.items() if k != "call"},
                    "call_id": r["call"].id,
                    "code": r["call"].code,
                    "title": r["call"].title,
                }
            )
            for r in data["by_call"]
        ],
        "by_area": [num(r) for r in data["by_area"]],
        "by_province": [num(r) for r in data["by_province"]],
        "by_kind": [num(r) for r in data["by_kind"]],
        "trend": [num(r) for r in data["trend"]],
        "unlisted": data.get("unlisted", 0),
        "projects": [
            {
                "id": h.project.id,
                "acronym": h.project.acronym,
                "status": h.label,
                "time_pct": h.time_pct,
                "spent_pct": h.spent_pct,
                "spent": money(h.spent),
                "planned": money(h.planned),
                "reasons": h.reasons,
            }
            for h in data["projects"]
        ],
        "overdue": [
            {
                "project_id": p.id,
                "acronym": p.acronym,
                "milestone": m.title,
                "due_date": m.due_date.isoformat(),
                "days_overdue": d,
            }
            for p, m, d in data["overdue"]
        ],
    }
