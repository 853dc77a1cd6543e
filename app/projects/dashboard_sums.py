"""The per-project sums the dashboard adds up for the projects nobody monitors (issue 18).

Imported CORDIS projects are tens of thousands, with no milestone and no progress report; the
dashboard adds them up by call, area, province, kind and start date. Summing them from the
participations (450,000 rows at 100,000 organisations, joined to projects and organisations)
took seconds per first view; these two narrow tables hold the same figures per project, so the
dashboard's sums are `GROUP BY`s over them:

- `dashboard_projects`: one row per *simple* project (not the portal's own, no milestone, no
  report): call, status, start date, cost, grant, areas;
- `dashboard_partners`: one row per simple project and (province, kind) of its partners: how
  many partners, their cost share and their grant by the rule of
  `dashboard.partner_amounts` (a partner's own grant when any partner of the project has one,
  else the whole grant to the lead);
- `dashboard_breakdowns`: the province and kind tables of the dashboard per call and status
  (projects with a partner there, their cost share and grant), summed across projects: the
  first view (every imported project, by province and by kind) reads a few hundred rows
  instead of one per participation. A refresh of some projects moves their old contribution
  out and their new one in.

They are derived data, rebuilt idempotently by `refresh()`: for every project by
`flask search rebuild` (what `make db` runs after the CORDIS import, whose bulk inserts bypass the
ORM) and for the touched projects on every ORM flush of a project, partner, milestone, report
or organisation (same transaction). The statements are plain SQL that both databases run.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import (
    JSON,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
    bindparam,
    cast,
    delete,
    distinct,
    event,
    func,
    inspect,
    literal,
    select,
    text,
    true,
    update,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.core import search
from app.extensions import db
from app.orgs.models import Organisation
from app.projects.models import FundedProject, Milestone, ProgressReport, ProjectPartner

# The portal's own projects are monitored one by one (app/projects/dashboard.py).
MONITORED_SOURCE = "portal"


class DashboardProject(db.Model):  # type: ignore[name-defined]
    """A simple project's figures (derived; see the module)."""

    __tablename__ = "dashboard_projects"

    project_id: Mapped[int] = mapped_column(
        ForeignKey("funded_projects.id", ondelete="CASCADE"), primary_key=True
    )
    call_id: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    start_date: Mapped[object | None] = mapped_column(Date)
    total_cost: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    grant_amount: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    areas: Mapped[list | None] = mapped_column(JSON)

    __table_args__ = (
        Index("ix_dashboard_projects_call", "call_id", "status"),
        Index("ix_dashboard_projects_status", "status"),
    )


class DashboardPartners(db.Model):  # type: ignore[name-defined]
    """A simple project's partners of one province and kind (derived; see the module)."""

    __tablename__ = "dashboard_partners"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("dashboard_projects.project_id", ondelete="CASCADE")
    )
    province: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    partners: Mapped[int] = mapped_column(Integer)
    cost_share: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    granted: Mapped[Decimal] = mapped_column(Numeric(18, 2))

    __table_args__ = (
        Index("ix_dashboard_partners_project", "project_id"),
        Index("ix_dashboard_partners_province", "province", "kind"),
        Index("ix_dashboard_partners_kind", "kind"),
    )


class DashboardBreakdown(db.Model):  # type: ignore[name-defined]
    """The simple projects of one call and status with a partner of one province (dimension
    "province") or kind ("kind"), and those partners' cost share and grant; or all of them
    ("call", key ""), those of one area ("area", "none" without one) or one start date
    ("start", ISO date), and their total cost and grant (derived)."""

    __tablename__ = "dashboard_breakdowns"

    id: Mapped[int] = mapped_column(primary_key=True)
    dimension: Mapped[str] = mapped_column(String(16))
    call_id: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    # The province ("—" when unknown) or the kind.
    key: Mapped[str] = mapped_column(String(64))
    projects: Mapped[int] = mapped_column(Integer)
    cost_share: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    granted: Mapped[Decimal] = mapped_column(Numeric(18, 2))

    __table_args__ = (
        UniqueConstraint("dimension", "call_id", "status", "key", name="uq_dashboard_breakdown"),
    )


NO_PROVINCE = "—"
CENT = Decimal("0.01")


def _project_parts(connection, project_ids):
    """The per-project dimensions: "call" (key ""), "area" (each area of the project, "none"
    without one) and "start" (the start date, ISO): projects, total cost, grant."""
    d = DashboardProject.__table__
    if connection.dialect.name == "sqlite":
        elems = func.json_each(d.c.areas).table_valued("value")
    else:
        elems = func.json_array_elements_text(d.c.areas).table_valued("value").lateral()
    area = func.coalesce(elems.c.value, "none")
    start = cast(d.c.start_date, String)
    parts = []
    for dim, col, extra in (
        ("call", literal(""), ()),
        ("area", area, ()),
        ("start", start, (d.c.start_date.is_not(None),)),
    ):
        stmt = select(
            literal(dim).label("dimension"),
            d.c.call_id,
            d.c.status,
            col.label("key"),
            func.count().label("projects"),
            func.coalesce(func.sum(d.c.total_cost), 0).label("cost_share"),
            func.coalesce(func.sum(d.c.grant_amount), 0).label("granted"),
        ).where(*extra)
        stmt = stmt.select_from(d.outerjoin(elems, true())) if dim == "area" else stmt
        if project_ids is not None:
            stmt = stmt.where(d.c.project_id.in_(project_ids))
        parts.append(stmt.group_by(d.c.call_id, d.c.status, col))
    return parts


def _money(v) -> Decimal:
    return Decimal(str(v or 0)).quantize(CENT)


def _contributions(connection, project_ids=None) -> dict[tuple, list]:
    """(dimension, call, status, key) -> [projects, cost share, granted] of some projects (all
    when project_ids is None), from the per-project rows."""
    dp, d = DashboardPartners.__table__, DashboardProject.__table__
    parts = _project_parts(connection, project_ids)
    for dim, col in (("province", func.coalesce(dp.c.province, NO_PROVINCE)), ("kind", dp.c.kind)):
        stmt = (
            select(
                literal(dim).label("dimension"),
                d.c.call_id,
                d.c.status,
                col.label("key"),
                func.count(distinct(dp.c.project_id)).label("projects"),
                func.coalesce(func.sum(dp.c.cost_share), 0).label("cost_share"),
                func.coalesce(func.sum(dp.c.granted), 0).label("granted"),
            )
            .select_from(dp.join(d, d.c.project_id == dp.c.project_id))
            .group_by(d.c.call_id, d.c.status, col)
        )
        if project_ids is not None:
            stmt = stmt.where(d.c.project_id.in_(project_ids))
        parts.append(stmt)
    out: dict[tuple, list] = {}
    for part in parts:  # one statement each: a UNION of LATERAL parts is not portable
        for r in connection.execute(part):
            out[(r.dimension, r.call_id, r.status, str(r.key))] = [
                int(r.projects),
                _money(r.cost_share),
                _money(r.granted),
            ]
    return out


def _apply(connection, old: dict, new: dict) -> None:
    """Move the old contribution of some projects out of the breakdowns and the new one in."""
    b = DashboardBreakdown.__table__
    for key in old.keys() | new.keys():
        n0, c0, g0 = old.get(key, (0, Decimal(0), Decimal(0)))
        n1, c1, g1 = new.get(key, (0, Decimal(0), Decimal(0)))
        dn, dc, dg = n1 - n0, c1 - c0, g1 - g0
        if not (dn or dc or dg):
            continue
        dim, call_id, status, k = key
        where = (b.c.dimension == dim, b.c.call_id == call_id, b.c.status == status, b.c.key == k)
        done = connection.execute(
            update(b)
            .where(*where)
            .values(
                projects=b.c.projects + dn,
                cost_share=b.c.cost_share + dc,
                granted=b.c.granted + dg,
            )
        )
        if done.rowcount == 0:
            connection.execute(
                b.insert().values(
                    dimension=dim,
                    call_id=call_id,
                    status=status,
                    key=k,
                    projects=dn,
                    cost_share=dc,
                    granted=dg,
                )
            )
    connection.execute(delete(b).where(b.c.projects <= 0))


# Plain SQL for both databases (the migration 2f1b9c3d4e5a runs a frozen copy). {where} is
# empty or restricts the projects: "AND p.id IN :ids".
_SIMPLE = (
    "p.source <> 'portal' "
    "AND NOT EXISTS (SELECT 1 FROM milestones m WHERE m.project_id = p.id) "
    "AND NOT EXISTS (SELECT 1 FROM progress_reports r WHERE r.project_id = p.id)"
)
FILL_PROJECTS = (
    "INSERT INTO dashboard_projects (project_id, call_id, status, start_date, total_cost, "
    "grant_amount, areas) "
    "SELECT p.id, p.call_id, p.status, p.start_date, p.total_cost, p.grant_amount, p.areas "
    f"FROM funded_projects p WHERE {_SIMPLE} {{where}}"
)
FILL_PARTNERS = (
    "INSERT INTO dashboard_partners (project_id, province, kind, partners, cost_share, granted) "
    "SELECT pp.project_id, o.province, o.kind, count(*), coalesce(sum(pp.cost_share), 0), "
    "coalesce(sum(CASE WHEN EXISTS (SELECT 1 FROM project_partners x WHERE x.project_id = "
    "pp.project_id AND x.grant_amount IS NOT NULL) THEN coalesce(pp.grant_amount, 0) "
    "WHEN pp.org_id = p.lead_org_id THEN coalesce(p.grant_amount, 0) ELSE 0 END), 0) "
    "FROM project_partners pp "
    "JOIN dashboard_projects d ON d.project_id = pp.project_id "
    "JOIN funded_projects p ON p.id = pp.project_id "
    "JOIN organisations o ON o.id = pp.org_id "
    "WHERE 1 = 1 {where} "
    "GROUP BY pp.project_id, o.province, o.kind"
)


_ANALYSED = ("funded_projects", "project_partners", "organisations", "dashboard_projects")


def refresh(connection, project_ids=None) -> None:
    """Recompute the rows of some projects (every project when project_ids is None)."""
    if project_ids is None:
        connection.execute(text("DELETE FROM dashboard_breakdowns"))
        connection.execute(text("DELETE FROM dashboard_partners"))
        connection.execute(text("DELETE FROM dashboard_projects"))
        connection.execute(text(FILL_PROJECTS.format(where="")))
        if connection.dialect.name == "postgresql":
            # Tables filled by a bulk import in this same transaction have no statistics yet:
            # the planner then takes them for one row each and joins 43,000 partners to every
            # project by nested loops (minutes on the real data). ANALYZE is transactional.
            connection.execute(text(f"ANALYZE {', '.join(_ANALYSED)}"))
        connection.execute(text(FILL_PARTNERS.format(where="")))
        _apply(connection, {}, _contributions(connection))
        return
    ids = sorted({int(i) for i in project_ids})
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        old = _contributions(connection, chunk)

        def run(sql: str, chunk=chunk) -> None:
            stmt = text(sql).bindparams(bindparam("ids", expanding=True))
            connection.execute(stmt, {"ids": chunk})

        run("DELETE FROM dashboard_partners WHERE project_id IN :ids")
        run("DELETE FROM dashboard_projects WHERE project_id IN :ids")
        run(FILL_PROJECTS.format(where="AND p.id IN :ids"))
        run(FILL_PARTNERS.format(where="AND pp.project_id IN :ids"))
        _apply(connection, old, _contributions(connection, chunk))


@search.after_rebuild
def _refresh_all() -> None:
    # Bulk imports insert projects and partners with Core statements (no ORM flush to follow).
    refresh(db.session.connection())


def _touched(session: Session) -> set[int]:
    projects: set[int] = set()
    orgs: set[int] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, FundedProject) and obj.id is not None:
            projects.add(obj.id)
        elif isinstance(obj, ProjectPartner | Milestone | ProgressReport):
            if obj.project_id is not None:
                projects.add(obj.project_id)
        elif isinstance(obj, Organisation) and obj.id is not None and obj in session.dirty:
            state = inspect(obj)
            if any(state.attrs[a].history.has_changes() for a in ("province", "kind")):
                orgs.add(obj.id)
    if orgs:
        # Province or kind of a partner may have changed: its projects' partner rows.
        pp = ProjectPartner.__table__
        rows = session.connection().execute(
            select(pp.c.project_id).where(pp.c.org_id.in_(sorted(orgs)))
        )
        projects.update(pid for (pid,) in rows)
    return projects


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _ctx) -> None:
    # Same transaction as the rows: the sums commit or roll back with them.
    touched = _touched(session)
    if touched:
        refresh(session.connection(), touched)
