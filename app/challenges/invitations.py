"""Invite suggested solvers; list the invitations of a challenge or an organisation."""

from __future__ import annotations

from sqlalchemy import select

from app.audit.services import record_event
from app.challenges import notices
from app.challenges.i18n import _
from app.challenges.models import Challenge, ChallengeInvitation
from app.challenges.permissions import can_manage_challenge
from app.core import validate
from app.core.errors import Conflict, PermissionDenied, ValidationError
from app.extensions import db
from app.orgs.models import Organisation


def invite_org(actor, challenge: Challenge, data: dict) -> ChallengeInvitation:
    """Owners invite an organisation to answer an open challenge; its members are notified."""
    if not can_manage_challenge(actor, challenge):
        raise PermissionDenied(_("Only the owners of the posting company invite solvers."))
    org_id = validate.integer(data, "org_id", lo=1, required=True)
    org = db.session.get(Organisation, org_id)
    if org is None:
        raise ValidationError(_("org_id: no such organisation."), "org_id")
    if org.id == challenge.org_id:
        raise ValidationError(_("org_id: you cannot invite your own company."), "org_id")
    if challenge.status != "open":
        raise Conflict(_("Solvers can be invited only while the challenge is open."), "status")
    if db.session.execute(
        select(ChallengeInvitation.id).where(
            ChallengeInvitation.challenge_id == challenge.id, ChallengeInvitation.org_id == org.id
        )
    ).first():
        raise Conflict(_("org_id: %(o)s is already invited.", o=org.name), "org_id")
    inv = ChallengeInvitation(challenge_id=challenge.id, org_id=org.id, invited_by_id=actor.id)
    db.session.add(inv)
    db.session.flush()
    record_event(actor, "challenge.invited", "challenge", challenge.id, org=org.id)
    notices.invited(inv, challenge)
    return inv


def invited_org_ids(challenge: Challenge) -> set[int]:
    """Ids of the organisations already invited to this challenge."""
    return set(
        db.session.execute(
            select(ChallengeInvitation.org_id).where(
                ChallengeInvitation.challenge_id == challenge.id
            )
        ).scalars()
    )
