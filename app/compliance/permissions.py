"""Compliance permission checks, used by services and templates alike."""

from __future__ import annotations

from sqlalchemy import select

from app.auth.permissions import is_authenticated, is_staff
from app.compliance.models import Expert
from app.extensions import db


def _member_of(user, org_id: int | None) -> bool:
    if not is_authenticated(user) or org_id is None:
        return False
    return any(m.org_id == org_id for m in user.memberships)


def is_expert(user) -> bool:
    """Region staff, or a person staff appointed as expert."""
    if is_staff(user):
        return True
    if not is_authenticated(user):
        return False
    return (
        db.session.execute(select(Expert.id).where(Expert.user_id == user.id)).first() is not None
    )


def can_assess_for(user, org) -> bool:
    """Members of an organisation run and save assessments in its name."""
    return org is not None and _member_of(user, org.id)


def can_view_assessment(user, assessment) -> bool:
    """The organisation's members and the experts."""
    return _member_of(user, assessment.org_id) or is_expert(user)


def can_view_consultation(user, consultation) -> bool:
    """The organisation's members and the experts."""
    return _member_of(user, consultation.org_id) or is_expert(user)


def can_post_message(user, consultation) -> bool:
    """Anyone who sees the consultation writes in its thread while it is open."""
    return consultation.status != "closed" and can_view_consultation(user, consultation)


def can_manage_experts(user) -> bool:
    """Region staff appoint and remove experts."""
    return is_staff(user)


def can_edit_guidelines(user) -> bool:
    """Region staff edit the practical guidelines."""
    return is_staff(user)
