"""Who sees and acts on conversations, desk requests and profile claims."""

from __future__ import annotations

from app.auth.permissions import is_authenticated, is_staff


def member_org_ids(user) -> set[int]:
    """Ids of the organisations the user belongs to."""
    if not is_authenticated(user):
        return set()
    return {m.org_id for m in user.memberships}


def can_see_conversation(user, conv) -> bool:
    """Only members of the two organisations see a thread (not even staff)."""
    return bool(member_org_ids(user) & {conv.from_org_id, conv.to_org_id})


def can_answer_request(user, conv) -> bool:
    """Members of the addressed organisation accept or decline a partnership request."""
    return conv.to_org_id in member_org_ids(user)


def can_handle_desk(user) -> bool:
    """Region staff run the innovation desk."""
    return is_staff(user)


def can_decide_claims(user) -> bool:
    """Region staff approve or reject claims."""
    return is_staff(user)


def can_claim(user, org) -> bool:
    """A signed-in user may claim an organisation that has no members yet."""
    return is_authenticated(user) and not org.memberships
