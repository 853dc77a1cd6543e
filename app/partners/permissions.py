"""Who sees and acts on partner suggestions."""

from __future__ import annotations

from app.auth.permissions import is_staff
from app.orgs.permissions import is_org_member


def can_see_suggestions(user, org) -> bool:
    """The organisation's members and region staff see its suggested partners."""
    return is_org_member(user, org) or is_staff(user)


def can_act_on_suggestions(user, org) -> bool:
    """Members of the organisation contact, accept or dismiss suggestions."""
    return is_org_member(user, org)
