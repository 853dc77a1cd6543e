"""Organisation permission checks, used by services and templates alike."""

from __future__ import annotations

from app.auth.permissions import is_authenticated, is_staff


def org_role(user, org) -> str | None:
    """'owner', 'member' or None for this user in this organisation."""
    if not is_authenticated(user) or org is None:
        return None
    for m in user.memberships:
        if m.org_id == org.id:
            return m.role
    return None


def is_org_member(user, org) -> bool:
    """Owner or member of the organisation."""
    return org_role(user, org) is not None


def is_org_owner(user, org) -> bool:
    """Owner of the organisation."""
    return org_role(user, org) == "owner"


def can_create_org(user) -> bool:
    """Any logged-in user may register an organisation."""
    return is_authenticated(user)


def can_edit_org(user, org) -> bool:
    """Owners edit their organisation; staff edit any."""
    return is_org_owner(user, org) or is_staff(user)


def can_manage_members(user, org) -> bool:
    """Owners invite and remove members; staff may too."""
    return is_org_owner(user, org) or is_staff(user)


def can_verify_org(user) -> bool:
    """Region staff verify organisations."""
    return is_staff(user)


def can_see_members(user, org) -> bool:
    """Members' names are shown to logged-in users; e-mails only to members and staff."""
    return is_authenticated(user)


def can_see_member_emails(user, org) -> bool:
    """Member e-mail addresses: the organisation's own members and staff."""
    return is_org_member(user, org) or is_staff(user)
