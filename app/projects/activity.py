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


def research_texts(org: Organisation) -> list[str]:
    """Titles, keywords, scientific fields and call topics of the organisation's CORDIS projects."""
    if org.id is None or org.source != "cordis":
        return []
    rows = db.session.execute(
        select(
            FundedProject.title,
            FundedProject.keywords,
            FundedProject.euroscivoc,
            FundedProject.topic_title,
        )
        .join(ProjectPartner, ProjectPartner.project_id == FundedProject.id)
        .where(ProjectPartner.org_id == org.id, FundedProject.source == "cordis")
        .order_by(FundedProject.start_date.desc().nulls_last(), FundedProject.id.desc())
        .limit(MAX_PROJECTS)
    ).all()
    out: list[str] = []
    for title, keywords, fields, topic in rows:
        out.append(title or "")
        out.extend(str(k) for k in keywords or [])
        out.extend(str(f) for f in fields or [])
        if topic and not SCHEME_TOPIC.search(topic):
            out.append(topic)
    return out


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
    stmt = update(Organisation.__table__).values(
        project_count=_count_of(Organisation.__table__.c.id)
    )
    if org_ids is not None:
        ids = sorted(org_ids)
        if not ids:
            return
        stmt = stmt.where(Organisation.__table__.c.id.in_(ids))
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
