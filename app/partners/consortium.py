"""Access rule for the consortium-completion proposals of a funded project."""

from __future__ import annotations

from flask_babel import gettext as _

from app.core.errors import NotFound, PermissionDenied
from app.extensions import db
from app.projects.models import FundedProject
from app.projects.permissions import can_see_restricted


def get_project_for_consortium(actor, project_id: int) -> FundedProject:
    """The project, if the actor may see its internal details (staff and the partners' members)."""
    project = db.session.get(FundedProject, project_id)
    if project is None:
        raise NotFound(_("Project not found."))
    if not can_see_restricted(actor, project):
        raise PermissionDenied(_("Only staff and the project's partners see these proposals."))
    return project
