"""GDPR for the account (Art. 15 export, Art. 17 erasure): the account row here, every other
part through the registry :mod:`app.core.personal_data`, which each feature fills.

Erasure is refused while the user is the only owner of an organisation: they first hand it
over to another member (:func:`hand_over`) or close it (:func:`close_org`), so that no
organisation is left without anyone answering for it.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from app.account import parts  # noqa: F401  (imports every feature's personal-data part)
from app.audit.services import pseudonym, record_event
from app.auth import services as auth
from app.auth import throttle
from app.auth.models import User
from app.auth.permissions import is_authenticated
from app.core import personal_data, signals
from app.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from app.extensions import db
from app.orgs.models import Membership, Organisation

# Records the portal did not create (CORDIS, the start-up register) stay public when their
# last representative leaves: closing one only gives the profile up.
PORTAL_SOURCE = "portal"


def export_personal_data(actor: User) -> dict:
    """Everything the portal holds about the user: the account and each registered part."""
    if not is_authenticated(actor):
        raise PermissionDenied(_("Log in first."))
    return {
        "account": {
            "id": actor.id,
            "email": actor.email,
            "name": actor.name,
            "role": actor.role,
            "locale": actor.locale,
            "created_at": personal_data.iso(actor.created_at),
            "last_login_at": personal_data.iso(actor.last_login_at),
            "email_confirmed_at": personal_data.iso(actor.email_confirmed_at),
            "has_api_token": actor.api_token_hash is not None,
        },
        **personal_data.export_all(actor),
    }


def sole_owned(user) -> list[Organisation]:
    """Organisations where ``user`` is the only owner (what blocks the erasure)."""
    if not is_authenticated(user):
        return []
    owners = (
        select(Membership.org_id)
        .where(Membership.role == "owner")
        .group_by(Membership.org_id)
        .having(func.count(Membership.id) == 1)
    )
    return list(
        db.session.execute(
            select(Organisation)
            .join(Membership, Membership.org_id == Organisation.id)
            .where(
                Membership.user_id == user.id,
                Membership.role == "owner",
                Organisation.id.in_(owners),
            )
            .order_by(Organisation.name)
        ).scalars()
    )


def other_members(org: Organisation, user) -> list[Membership]:
    """The members of ``org`` who could take it over from ``user``."""
    return list(
        db.session.execute(
            select(Membership)
            .where(Membership.org_id == org.id, Membership.user_id != user.id)
            .order_by(Membership.id)
        ).scalars()
    )


def _owned(actor, org_id) -> Organisation:
    if not is_authenticated(actor):
        raise PermissionDenied(_("Log in first."))
    org = next((o for o in sole_owned(actor) if str(o.id) == str(org_id)), None)
    if org is None:
        raise NotFound(_("You are not the only owner of this organisation."))
    return org


def hand_over(actor, org_id, data: dict) -> Membership:
    """The sole owner makes another member an owner (they stay a member themselves)."""
    org = _owned(actor, org_id)
    raw = str(data.get("user_id") or "")
    heir = next((m for m in other_members(org, actor) if str(m.user_id) == raw), None)
    if heir is None:
        raise ValidationError(_("user_id: choose a member of the organisation."), "user_id")
    heir.role = "owner"
    db.session.flush()
    record_event(
        actor, "membership.owner_handed_over", "organisation", org.id, new_owner=heir.user_id
    )
    return heir


def close_org(actor, org_id, data: dict) -> str:
    """The sole owner closes an organisation nobody else belongs to: a profile made on the
    portal is deleted; an imported public record (CORDIS, register) is given up and stays
    public as an unclaimed profile. Returns ``"deleted"`` or ``"released"``."""
    org = _owned(actor, org_id)
    if other_members(org, actor):
        raise Conflict(
            _("The organisation has other members: hand it over to one of them instead."), "org"
        )
    if str(data.get("confirm") or "").strip().casefold() != org.name.casefold():
        raise ValidationError(_("confirm: type the organisation's name to close it."), "confirm")
    record_event(actor, "organisation.closed", "organisation", org.id, name=org.name)
    if org.source == PORTAL_SOURCE:
        signals.org_deleted.send(org)
        db.session.delete(org)
        db.session.flush()
        return "deleted"
    for m in list(org.memberships):
        db.session.delete(m)
    db.session.flush()
    return "released"


def delete_account(actor: User, data: dict) -> str:
    """Erase the account (GDPR Art. 17): every registered part first, then the row; audit
    events keep only a pseudonymous reference. Refused (409) while the user alone owns an
    organisation."""
    if not is_authenticated(actor):
        raise PermissionDenied(_("Log in first."))
    if not auth.check_password(actor, str(data.get("password"))):
        raise ValidationError(_("password: the password is wrong."), "password")
    owned = sole_owned(actor)
    if owned:
        raise Conflict(
            _(
                "Before erasing your account, hand over or close the organisations you alone "
                "own: %(names)s.",
                names=", ".join(o.name for o in owned),
            ),
            "organisations",
        )
    personal_data.erase_all(actor)
    throttle.forget(actor.email)
    ref = pseudonym(actor.id)
    event = record_event(None, "user.erased", "user", None)
    event.detail = {}  # no address of the erasure request either
    event.actor_ref = ref
    db.session.delete(actor)
    db.session.flush()
    return ref
