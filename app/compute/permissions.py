"""Compute permission checks, used by services and templates alike."""

from __future__ import annotations

from app.auth.permissions import is_authenticated, is_staff


def _member_of(user, org_id: int | None) -> bool:
    if not is_authenticated(user) or org_id is None:
        return False
    return any(m.org_id == org_id for m in user.memberships)


def can_manage_resources(user) -> bool:
    """Region staff keep the catalogue."""
    return is_staff(user)


def can_request(user) -> bool:
    """Members of an organisation ask for compute in its name."""
    return is_authenticated(user) and bool(user.memberships)


def is_requester(user, req) -> bool:
    """The user wrote this request."""
    return is_authenticated(user) and req.requester_id == user.id


def can_decide(user, req) -> bool:
    """Region staff, and the members of the providing organisation, decide requests."""
    return is_staff(user) or _member_of(user, req.resource.provider_org_id)


def can_view_request(user, req) -> bool:
    """The requester and their organisation always; deciders once it is sent."""
    if is_requester(user, req) or _member_of(user, req.org_id):
        return True
    return req.status != "draft" and can_decide(user, req)
