"""Challenge permission checks, used by services and templates alike."""

from __future__ import annotations

from app.auth.permissions import is_authenticated, is_staff
from app.orgs.permissions import is_org_member, is_org_owner

# States in which a challenge is published (seen outside the posting company and staff).
PUBLISHED = ("open", "evaluating", "awarded", "closed")


def _org_ids(user) -> set[int]:
    if not is_authenticated(user):
        return set()
    return {m.org_id for m in user.memberships}


def is_poster(user, challenge) -> bool:
    """Member (owner or member) of the company that posted the challenge."""
    return is_org_member(user, challenge.organisation)


def can_manage_challenge(user, challenge) -> bool:
    """Owners of the posting company edit, submit, review, invite and close."""
    return is_org_owner(user, challenge.organisation)


def can_moderate(user) -> bool:
    """Region staff approve or return submitted challenges."""
    return is_staff(user)


def can_create_challenge(user, org=None) -> bool:
    """Owners of a company post challenges (for `org`, or for any company they own)."""
    if not is_authenticated(user):
        return False
    if org is not None:
        return org.kind == "company" and is_org_owner(user, org)
    return any(m.role == "owner" and m.organisation.kind == "company" for m in user.memberships)


def can_see_challenge(user, challenge) -> bool:
    """Drafts only for the poster and staff; 'registered' ones only for logged-in users."""
    if is_staff(user) or is_poster(user, challenge):
        return True
    if challenge.status not in PUBLISHED:
        return False
    return challenge.visibility == "public" or is_authenticated(user)


def responder_orgs(user, challenge) -> list:
    """Organisations on whose behalf the user may answer (any of theirs but the poster)."""
    if not is_authenticated(user):
        return []
    return [m.organisation for m in user.memberships if m.org_id != challenge.org_id]


def can_ask_question(user, challenge) -> bool:
    """Registered members of another organisation ask while the challenge is open."""
    return challenge.status == "open" and bool(responder_orgs(user, challenge))


def can_answer_question(user, challenge) -> bool:
    """The posting company (any member) answers clarification questions."""
    return is_poster(user, challenge)


def can_see_response(user, response) -> bool:
    """Only its authors' organisation, the posting company and staff — never competitors."""
    if not is_authenticated(user):
        return False
    return (
        is_staff(user) or response.org_id in _org_ids(user) or is_poster(user, response.challenge)
    )


def can_edit_response(user, response) -> bool:
    """Members of the responding organisation edit it (deadline rules live in the service)."""
    return is_authenticated(user) and response.org_id in _org_ids(user)


def can_review_response(user, response) -> bool:
    """Owners of the posting company shortlist, request information, accept or reject."""
    return can_manage_challenge(user, response.challenge)


def can_see_stats(user, challenge) -> bool:
    """Statistics: the posting company and staff."""
    return is_staff(user) or is_poster(user, challenge)
