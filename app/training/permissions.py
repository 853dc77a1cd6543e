"""Training permission checks, used by services and templates alike."""

from __future__ import annotations

from app.auth.permissions import is_authenticated, is_staff


def provider_orgs(user) -> list:
    """Verified organisations the user belongs to: they may publish courses in their name."""
    if not is_authenticated(user):
        return []
    return [m.organisation for m in user.memberships if m.organisation.verified]


def can_publish_for(user, org) -> bool:
    """Staff publish for any organisation; members of a verified organisation for it."""
    if org is None:
        return False
    return is_staff(user) or any(o.id == org.id for o in provider_orgs(user))


def can_create_course(user) -> bool:
    """Staff, or a member of at least one verified organisation."""
    return is_staff(user) or bool(provider_orgs(user))


def can_manage_course(user, course) -> bool:
    """The provider's members (of a verified provider) and staff edit, publish, mark attendance."""
    return course is not None and can_publish_for(user, course.provider)


def can_view_course(user, course) -> bool:
    """Published and cancelled courses are public; drafts only for who manages them."""
    return course.status != "draft" or can_manage_course(user, course)


def can_cancel_registration(user, reg) -> bool:
    """The registered person, the provider and staff."""
    if not is_authenticated(user):
        return False
    return reg.user_id == user.id or can_manage_course(user, reg.course)
