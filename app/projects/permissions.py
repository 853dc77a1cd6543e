"""Project permission checks, used by services and templates alike."""

from __future__ import annotations

from app.auth.permissions import is_authenticated, is_staff


def _user_org_ids(user) -> set[int]:
    if not is_authenticated(user):
        return set()
    return {m.org_id for m in user.memberships}


def can_manage_calls(user) -> bool:
    """Region staff create and edit funding calls and projects."""
    return is_staff(user)


def is_project_member(user, project) -> bool:
    """A member of the lead or of any partner organisation of the project."""
    orgs = _user_org_ids(user)
    if not orgs:
        return False
    ids = {p.org_id for p in project.partners}
    if project.lead_org_id:
        ids.add(project.lead_org_id)
    return bool(orgs & ids)


def is_lead_member(user, project) -> bool:
    """A member of the project's lead organisation."""
    return project.lead_org_id is not None and project.lead_org_id in _user_org_ids(user)


def can_see_restricted(user, project) -> bool:
    """Per-partner money, reports and narratives: the project's members and staff."""
    return is_staff(user) or is_project_member(user, project)


def can_report(user, project) -> bool:
    """The lead's members submit progress reports and record outputs."""
    return is_lead_member(user, project)


def can_review_reports(user) -> bool:
    """Region staff accept or return progress reports."""
    return is_staff(user)


def can_monitor(user) -> bool:
    """The monitoring dashboard, exports and ecosystem analytics are for region staff."""
    return is_staff(user)
