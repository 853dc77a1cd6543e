"""Dashboard figures of the projects nobody monitors, summed by the database.

Imported CORDIS projects are tens of thousands, with no milestones and no progress reports:
loading each with its partners (the old dashboard: 891 queries and 42 s at 100,000
organisations) gives the same sums as a few `GROUP BY`s. A project with a milestone or a report
stays on the ORM path (app/projects/dashboard.py), so its health is computed as before.
"""

from __future__ import annotations

import time
from decimal import Decimal

from sqlalchemy import and_, case, event, exists, func, literal, select, text, true
from sqlalchemy.orm import Session

from app.core import caches
from app.extensions import db
from app.orgs.models import Organisation
from app.projects.models import (
    FundedProject,
    Milestone,
    ProgressReport,
    ProjectPartner,
)

ZERO = Decimal(0)
# The portal's own projects are monitored one by one; everything else is summed here.
MONITORED_SOURCE = "portal"


def is_simple():
    """SQL condition: a project summed by the database (not the portal's, nothing to monitor)."""
    return and_(
        FundedProject.source != MONITORED_SOURCE,
        ~exists().where(Milestone.project_id == FundedProject.id),
        ~exists().where(ProgressReport.project_id == FundedProject.id),
    )


def has_area(area: str):
    """SQL condition: the project's JSON list of areas holds `area` (both databases)."""
    if db.session.get_bind().dialect.name == "sqlite":
        return text(
            "EXISTS (SELECT 1 FROM json_each(funded_projects.areas) WHERE json_each.value = :a)"
        ).bindparams(a=area)
    return text("funded_projects.areas::jsonb ? :a").bindparams(a=area)


def _money(v) -> Decimal:
    return Decimal(str(v)) if v is not None else ZERO


def _partner_sums(ids, key, org_filter: list):
    """(key, projects, cost share, granted) of the partners of the projects in `ids`: a
    partner's own grant when any partner of its project has one, else the whole grant goes to
    the lead (the rule of dashboard.partner_amounts)."""
    pp = ProjectPartner.__table__
    # One pass over the participations: does each project give grants per partner.
    grants = (
        select(pp.c.project_id, func.count(pp.c.grant_amount).label("n_grants"))
        .where(pp.c.project_id.in_(ids))
        .group_by(pp.c.project_id)
        .subquery("grants")
    )
    granted = case(
        (grants.c.n_grants > 0, func.coalesce(ProjectPartner.grant_amount, 0)),
        (
            ProjectPartner.org_id == FundedProject.lead_org_id,
            func.coalesce(FundedProject.grant_amount, 0),
        ),
        else_=literal(0),
    )
    return db.session.execute(
        select(
            key,
            func.count(func.distinct(ProjectPartner.project_id)),
            func.coalesce(func.sum(ProjectPartner.cost_share), 0),
            func.coalesce(func.sum(granted), 0),
        )
        .select_from(grants)
        .join(ProjectPartner, ProjectPartner.project_id == grants.c.project_id)
        .join(FundedProject, FundedProject.id == ProjectPartner.project_id)
        .join(Organisation, Organisation.id == ProjectPartner.org_id)
        .where(*org_filter)
        .group_by(key)
    ).all()


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
        if isinstance(obj, FundedProject | ProjectPartner | Organisation):
            _kept.clear()
            return


def aggregate_cached(key: tuple, condition, org_filter: list) -> dict:
    """aggregate(), kept for AGGREGATE_TTL seconds under `key` (the filters)."""
    key = (str(db.engine.url), *key)
    now = time.monotonic()
    hit = _kept.get(key)
    if hit is None or now - hit[0] >= AGGREGATE_TTL:
        if len(_kept) > 500:
            _kept.clear()
        hit = (now, aggregate(condition, org_filter))
        _kept[key] = hit
    return hit[1]


def aggregate(condition, org_filter: list) -> dict:
    """Sums of the simple projects matching `condition`: summary, by call, area, province,
    kind, granted per start date; org_filter (province/kind) makes the summary the share of
    the matching partners, as the province and kind tables count it."""
    ids = select(FundedProject.id).where(condition, is_simple())
    n, cost, granted = db.session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(FundedProject.total_cost), 0),
            func.coalesce(func.sum(FundedProject.grant_amount), 0),
        ).where(FundedProject.id.in_(ids))
    ).one()
    out = {"projects": int(n), "cost": _money(cost), "granted": _money(granted)}
    if not n:
        return {**out, "by_call": [], "by_area": {}, "by_province": [], "by_kind": [], "trend": []}
    if org_filter:
        share = _partner_sums(ids, literal(1), org_filter)
        out["cost"] = sum((_money(r[2]) for r in share), ZERO)
        out["granted"] = sum((_money(r[3]) for r in share), ZERO)
    calls = db.session.execute(
        select(
            FundedProject.call_id,
            func.count(),
            func.coalesce(func.sum(FundedProject.total_cost), 0),
            func.coalesce(func.sum(FundedProject.grant_amount), 0),
        )
        .where(FundedProject.id.in_(ids))
        .group_by(FundedProject.call_id)
    ).all()
    # Plain values only (the result is kept across requests): call ids, not FundingCall rows.
    out["by_call"] = [(cid, int(k), _money(c), _money(g)) for cid, k, c, g in calls]
    out["by_area"] = _areas(ids)
    out["by_province"] = _partner_sums(ids, func.coalesce(Organisation.province, "—"), org_filter)
    out["by_kind"] = _partner_sums(ids, Organisation.kind, org_filter)
    out["trend"] = db.session.execute(
        select(FundedProject.start_date, func.coalesce(func.sum(FundedProject.grant_amount), 0))
        .where(FundedProject.id.in_(ids), FundedProject.start_date.is_not(None))
        .group_by(FundedProject.start_date)
    ).all()
    return out


def _areas(ids) -> dict[str, tuple[int, Decimal, Decimal]]:
    """area -> (projects, cost, granted); projects without an area under "none"."""
    if db.session.get_bind().dialect.name == "sqlite":
        elems = func.json_each(FundedProject.areas).table_valued("value")
    else:
        elems = func.json_array_elements_text(FundedProject.areas).table_valued("value").lateral()
    area = func.coalesce(elems.c.value, "none")
    rows = db.session.execute(
        select(
            area,
            func.count(),
            func.coalesce(func.sum(FundedProject.total_cost), 0),
            func.coalesce(func.sum(FundedProject.grant_amount), 0),
        )
        .select_from(FundedProject)
        .outerjoin(elems, true())
        .where(FundedProject.id.in_(ids))
        .group_by(area)
    ).all()
    return {str(a): (int(k), _money(c), _money(g)) for a, k, c, g in rows}
