"""Access rule for the consortium-completion proposals of a funded project."""

from __future__ import annotations

from flask_babel import gettext as _

from app.auth.permissions import is_staff
from app.core.errors import NotFound, PermissionDenied
from app.extensions import db
from app.orgs.permissions import is_org_member
from app.projects.models import FundedProject


def get_project_for_consortium(actor, project_id: int) -> FundedProject:
    """The project, if the actor is staff or a member of one of its partner organisations."""
    project = db.session.get(FundedProject, project_id)
    if project is None:
        raise NotFound(_("Project not found."))
    if not (is_staff(actor) or any(is_org_member(actor, p.organisation) for p in project.partners)):
        raise PermissionDenied(_("Only staff and the project's partners see these proposals."))
    return project
