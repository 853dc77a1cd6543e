"""The funded projects on the organisation page: a section this package adds through
``app.orgs.sections`` (orgs offers the hook and never reads the projects tables)."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.orgs import sections
from app.orgs.models import Organisation
from app.projects.models import FundedProject, ProjectPartner
from app.projects.research import SOURCE as CORDIS


def org_projects(org: Organisation) -> list:
    """Funded projects the organisation took part in, newest first: (project, role)."""
    return db.session.execute(
        select(FundedProject, ProjectPartner.role)
        .join(ProjectPartner, ProjectPartner.project_id == FundedProject.id)
        .where(ProjectPartner.org_id == org.id)
        .order_by(FundedProject.start_date.desc().nulls_last())
    ).all()


def _section(org: Organisation, _args) -> dict | None:
    """The "Funded projects" table (``projects/_org_projects.html``). CORDIS projects are
    listed, paginated, in the research section: the table then keeps the others and is left
    out when there are none."""
    projects = org_projects(org)
    if any(p.source == CORDIS for p, _role in projects):
        projects = [(p, role) for p, role in projects if p.source != CORDIS]
        if not projects:
            return None
    return {"projects": projects}


sections.register("funded_projects", _section)
