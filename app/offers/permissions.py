"""Who sees, edits and moderates collaboration offers."""

from __future__ import annotations

from app.auth.permissions import is_authenticated, is_staff
from app.orgs.permissions import is_org_member


def can_post_offer(user, org) -> bool:
    """Members of an organisation post offers in its name."""
    return is_org_member(user, org)


def can_manage_offer(user, offer) -> bool:
    """Members of the posting organisation edit, submit and close it."""
    return is_org_member(user, offer.organisation)


def can_moderate_offers(user) -> bool:
    """Region staff publish or return submitted offers."""
    return is_staff(user)


def can_see_offer(user, offer) -> bool:
    """Published offers are public; drafts and submitted ones only for the authors and staff."""
    if offer.status == "published":
        return True
    return is_authenticated(user) and (can_manage_offer(user, offer) or is_staff(user))
