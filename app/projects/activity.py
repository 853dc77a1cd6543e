"""What the directory knows of an organisation's projects: its activity (number of funded
projects, kept in `Organisation.project_count`) and the topics and titles of its CORDIS projects
(put into its search document, so searching "imaging" finds the organisations that work on it).
"""

from __future__ import annotations

from sqlalchemy import event, func, select, update
from sqlalchemy.orm import Session

from app.core import search
from app.extensions import db
from app.orgs import search_docs as org_docs
from app.orgs.models import Organisation
from app.projects.models import FundedProject, ProjectPartner
from app.projects.research import SCHEME_TOPIC

# The newest projects describe an organisation; a university with 500 projects keeps 40.
MAX_PROJECTS = 40


def research_texts(orgs: list[Organisation]) -> list[list[str]]:
    """Per organisation: titles, keywords, scientific fields and call topics of its newest
    CORDIS projects (at most MAX_PROJECTS), read for the whole batch in one query."""
    ids = [o.id for o in orgs if o.id is not None and o.source == "cordis"]
    texts: dict[int, list[str]] = {i: [] for i in ids}
    seen: dict[int, int] = dict.fromkeys(ids, 0)
    for start in range(0, len(ids), 900):  # below SQLite's bound-parameter limit
        rows = db.session.execute(
            select(
                ProjectPartner.org_id,
                FundedProject.title,
                FundedProject.keywords,
                FundedProject.euroscivoc,
                FundedProject.topic_title,
            )
            .join(ProjectPartner, ProjectPartner.project_id == FundedProject.id)
            .where(
                ProjectPartner.org_id.in_(ids[start : start + 900]),
                FundedProject.source == "cordis",
            )
            .order_by(
                ProjectPartner.org_id,
                FundedProject.start_date.desc().nulls_last(),
                FundedProject.id.desc(),
            )
        ).all()
        for org_id, title, keywords, fields, topic in rows:
            if seen[org_id] >= MAX_PROJECTS:
                continue
            seen[org_id] += 1
            out = texts[org_id]
            out.append(title or "")
            out.extend(str(k) for k in keywords or [])
            out.extend(str(f) for f in fields or [])
            if topic and not SCHEME_TOPIC.search(topic):
                out.append(topic)
    return [texts.get(o.id, []) if o.id is not None else [] for o in orgs]


org_docs.EXTRA_TEXTS.append(research_texts)


def _count_of(org_id_column):
    return (
        select(func.count())
        .select_from(ProjectPartner)
        .where(ProjectPartner.org_id == org_id_column)
        .scalar_subquery()
    )


def refresh_project_counts(connection, org_ids=None) -> None:
    """Recount the projects of some organisations (all when org_ids is None)."""
    table = Organisation.__table__
    count = _count_of(table.c.id)
    # Only the rows whose count changed, and a derived column is not an edit: updated_at kept
    # (Core would otherwise apply its onupdate to every row, on every import or rebuild).
    stmt = (
        update(table)
        .values(project_count=count, updated_at=table.c.updated_at)
        .where(table.c.project_count.is_distinct_from(count))
    )
    if org_ids is not None:
        ids = sorted(org_ids)
        if not ids:
            return
        stmt = stmt.where(table.c.id.in_(ids))
    connection.execute(stmt)


@search.after_rebuild
def _refresh_all() -> None:
    # Bulk imports insert partners with Core statements (no ORM flush to follow).
    refresh_project_counts(db.session.connection())


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _ctx) -> None:
    # Same transaction as the partner rows: the count commits or rolls back with them.
    touched = {
        obj.org_id
        for obj in (*session.new, *session.deleted, *session.dirty)
        if isinstance(obj, ProjectPartner) and obj.org_id is not None
    }
    if touched:
        refresh_project_counts(session.connection(), touched)
