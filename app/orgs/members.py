"""Membership services: invitations by link, accepting them, removing members."""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from app.audit.services import record_event
from app.auth.permissions import is_authenticated
from app.core import personal_data, validate
from app.core.db import utcnow
from app.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from app.core.text import digest
from app.extensions import db
from app.mail import send_mail
from app.orgs.models import Invitation, Membership, Organisation
from app.orgs.permissions import can_manage_members

INVITE_DAYS = 14


def _hash(token: str) -> str:
    return digest(token)


def invite_member(actor, org: Organisation, data: dict, link_for) -> tuple[Invitation, str]:
    """Create an invitation and mail its link; returns it with the link (shown to the owner)."""
    if not can_manage_members(actor, org):
        raise PermissionDenied(_("Only the organisation's owners invite members."))
    address = validate.email(data)
    role = validate.choice(data, "role", ("member", "owner"), default="member")
    already = db.session.execute(
        select(Membership)
        .join(Membership.user)
        .where(Membership.org_id == org.id, Membership.user.has(email=address))
    ).first()
    if already:
        raise Conflict(_("email: this person is already a member."), "email")
    token = secrets.token_urlsafe(24)
    inv = Invitation(
        org_id=org.id,
        email=address,
        role=role,
        token_hash=_hash(token),
        invited_by_id=actor.id,
        expires_at=utcnow() + timedelta(days=INVITE_DAYS),
    )
    db.session.add(inv)
    db.session.flush()
    link = link_for(token)
    send_mail(
        address,
        f"Invito a {org.name} / Invitation to {org.name}",
        f"{actor.name} ti invita in / invites you to join {org.name}:\n{link}\n",
    )
    record_event(actor, "membership.invited", "organisation", org.id, role=role, invitation=inv.id)
    return inv, link


def get_invitation(token: str) -> Invitation:
    """A pending, unexpired invitation by its token."""
    inv = db.session.execute(
        select(Invitation).where(Invitation.token_hash == _hash(token))
    ).scalar_one_or_none()
    if inv is None or inv.revoked:
        raise NotFound(_("This invitation does not exist or was withdrawn."))
    if inv.accepted_at is not None:
        raise Conflict(_("This invitation has already been used."))
    expires = (
        inv.expires_at if inv.expires_at.tzinfo else inv.expires_at.replace(tzinfo=utcnow().tzinfo)
    )
    if expires < utcnow():
        raise Conflict(_("This invitation has expired; ask for a new one."))
    return inv


def accept_invitation(actor, token: str) -> Membership:
    """The logged-in user joins the organisation of the invitation."""
    if not is_authenticated(actor):
        raise PermissionDenied(_("Log in or register to accept the invitation."))
    inv = get_invitation(token)
    if inv.email.lower() != actor.email.lower():
        raise PermissionDenied(
            _("This invitation was sent to another e-mail address: log in with that address.")
        )
    exists = db.session.execute(
        select(Membership).where(Membership.org_id == inv.org_id, Membership.user_id == actor.id)
    ).scalar_one_or_none()
    if exists:
        raise Conflict(_("You are already a member of this organisation."))
    membership = Membership(user_id=actor.id, org_id=inv.org_id, role=inv.role)
    db.session.add(membership)
    inv.accepted_at = utcnow()
    db.session.flush()
    db.session.refresh(actor)
    record_event(actor, "membership.joined", "organisation", inv.org_id, role=inv.role)
    return membership


def remove_member(actor, org: Organisation, user_id: int) -> None:
    """Owners (or staff) remove a member; the last owner cannot be removed."""
    if not can_manage_members(actor, org):
        raise PermissionDenied(_("Only the organisation's owners remove members."))
    m = db.session.execute(
        select(Membership).where(Membership.org_id == org.id, Membership.user_id == user_id)
    ).scalar_one_or_none()
    if m is None:
        raise NotFound(_("This person is not a member."))
    if m.role == "owner":
        owners = (
            db.session.execute(
                select(Membership).where(Membership.org_id == org.id, Membership.role == "owner")
            )
            .scalars()
            .all()
        )
        if len(owners) <= 1:
            raise ValidationError(_("user_id: the last owner cannot be removed."), "user_id")
    db.session.delete(m)
    db.session.flush()
    record_event(actor, "membership.removed", "organisation", org.id, user=user_id)


def hand_over_ownership(leaving_user_id: int) -> list[Organisation]:
    """Before a user leaves the portal: where they are the only owner, the longest-standing
    other member becomes owner (audited). Returns the organisations handed over."""
    handed = []
    owned = db.session.execute(
        select(Membership).where(Membership.user_id == leaving_user_id, Membership.role == "owner")
    ).scalars()
    for m in list(owned):
        others = (
            db.session.execute(
                select(Membership)
                .where(Membership.org_id == m.org_id, Membership.user_id != leaving_user_id)
                .order_by(Membership.role.desc(), Membership.id)
            )
            .scalars()
            .all()
        )
        if others and not any(o.role == "owner" for o in others):
            others[0].role = "owner"
            record_event(
                None,
                "membership.owner_handed_over",
                "organisation",
                m.org_id,
                new_owner=others[0].user_id,
            )
            handed.append(m.organisation)
    return handed


def list_members(org: Organisation) -> list[Membership]:
    """Members of an organisation, owners first."""
    return list(
        db.session.execute(
            select(Membership)
            .where(Membership.org_id == org.id)
            .order_by(Membership.role.desc(), Membership.id)
        ).scalars()
    )


def _export_memberships(user) -> list[dict]:
    """Organisations the user belongs to (GDPR export)."""
    return [
        {"organisation": m.organisation.name, "slug": m.organisation.slug, "role": m.role}
        for m in user.memberships
    ]


def _invitations_to(user) -> list[Invitation]:
    return list(
        db.session.execute(select(Invitation).where(Invitation.email == user.email)).scalars()
    )


def _export_invitations(user) -> list[dict]:
    """Invitations sent to the user's address."""
    return [
        {"organisation": i.org_id, "role": i.role, "accepted": i.accepted_at is not None}
        for i in _invitations_to(user)
    ]


def _erase_invitations(user) -> None:
    for inv in _invitations_to(user):
        db.session.delete(inv)


# Before an account is erased, organisations it solely owned pass to another member (the
# memberships themselves cascade with the account); invitations to the address go.
personal_data.register(
    "memberships", export=_export_memberships, erase=lambda user: hand_over_ownership(user.id)
)
personal_data.register("invitations", export=_export_invitations, erase=_erase_invitations)
