"""Claiming an imported organisation (CORDIS, start-up register): by a confirmation link sent
to an address on the organisation's own web domain, or by staff approval with a reason. The
claimant becomes owner; both paths are audited."""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from app.audit.services import record_event
from app.core import validate
from app.core.db import utcnow
from app.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from app.core.pagination import Page, paginate
from app.core.text import digest
from app.core.urls import absolute_url
from app.extensions import db
from app.mail import send_mail
from app.messaging.links import link
from app.messaging.models import ProfileClaim
from app.messaging.permissions import can_claim, can_decide_claims
from app.notifications.services import notify_in_locale, staff_user_ids
from app.orgs.duplicates import likely_duplicates, website_domain
from app.orgs.models import Membership, Organisation

CLAIM_DAYS = 3  # validity of a confirmation link


def _address_on(address: str, domain: str) -> bool:
    host = address.rsplit("@", 1)[-1].lower()
    return host == domain or host.endswith("." + domain)


def _pending(user_id: int, org_id: int) -> ProfileClaim | None:
    return db.session.execute(
        select(ProfileClaim).where(
            ProfileClaim.user_id == user_id,
            ProfileClaim.org_id == org_id,
            ProfileClaim.status == "pending",
        )
    ).scalar_one_or_none()


def start_claim(actor, org: Organisation, data: dict) -> ProfileClaim:
    """Claim an organisation that nobody represents: method 'email_domain' (an address on its
    web domain gets a link) or 'staff' (a reason for region staff)."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Log in first."))
    if not can_claim(actor, org):
        raise Conflict(
            _("%(org)s already has members: ask its owners to invite you.", org=org.name), "org"
        )
    method = validate.choice(data, "method", ("email_domain", "staff"), required=True)
    if _pending(actor.id, org.id):
        raise Conflict(_("You already have a claim for this organisation in progress."), "method")
    claim = ProfileClaim(
        org_id=org.id, user_id=actor.id, method=method, status="pending", reason=""
    )
    token = None
    if method == "email_domain":
        domain = website_domain(org)
        if domain is None:
            raise ValidationError(
                _("method: this organisation has no website in the data; ask region staff."),
                "method",
            )
        address = validate.email(data, "email")
        if not _address_on(address, domain):
            raise ValidationError(
                _(
                    "email: use an address on %(domain)s, the organisation's own domain.",
                    domain=domain,
                ),
                "email",
            )
        token = secrets.token_urlsafe(24)
        claim.email, claim.token_hash = address, digest(token)
        claim.expires_at = utcnow() + timedelta(days=CLAIM_DAYS)
    else:
        claim.reason = validate.text(data, "reason", required=True, max_len=2000)
        if len(claim.reason) < 20:
            raise ValidationError(
                _("reason: tell staff in at least 20 characters who you are in the organisation."),
                "reason",
            )
    db.session.add(claim)
    db.session.flush()
    record_event(actor, "claim.requested", "organisation", org.id, claim=claim.id, method=method)
    if token:
        url = absolute_url("messaging.claim_confirm", token=token)
        send_mail(
            claim.email,
            f"[Portale Innovazione Salute] Conferma / Confirm: {org.name}",
            f"{actor.name} chiede di gestire il profilo di / asks to manage the profile of "
            f"{org.name}.\nConferma entro {CLAIM_DAYS} giorni / confirm within {CLAIM_DAYS} "
            f"days:\n{url}\n\nSe non sei stato tu, ignora questo messaggio. / If this was not "
            "you, ignore this message.\n",
        )
    else:
        name = org.name
        notify_in_locale(
            staff_user_ids(),
            "claim.new",
            lambda: _("A profile claim for %(org)s waits for a decision.", org=name),
            link("messaging.claims_queue"),
            event_key=f"claim:{claim.id}",
        )
    return claim


def _make_owner(claim: ProfileClaim) -> None:
    exists = db.session.execute(
        select(Membership).where(
            Membership.org_id == claim.org_id, Membership.user_id == claim.user_id
        )
    ).scalar_one_or_none()
    if exists is None:
        db.session.add(Membership(user_id=claim.user_id, org_id=claim.org_id, role="owner"))
    else:
        exists.role = "owner"
    db.session.flush()


def claim_by_token(token: str) -> ProfileClaim:
    """The pending claim a confirmation link belongs to (NotFound when unknown or used)."""
    claim = db.session.execute(
        select(ProfileClaim).where(ProfileClaim.token_hash == digest(token or ""))
    ).scalar_one_or_none()
    if claim is None or claim.status != "pending":
        raise NotFound(_("This confirmation link is not valid or was already used."))
    return claim


def confirm_claim(actor, token: str) -> ProfileClaim:
    """The claimant opens the mailed link: the claim is approved and they become owner."""
    claim = claim_by_token(token)
    if not getattr(actor, "is_authenticated", False) or claim.user_id != actor.id:
        raise PermissionDenied(_("Log in with the account that made the claim."))
    expires = claim.expires_at
    if expires is not None and expires.tzinfo is None:
        expires = expires.replace(tzinfo=utcnow().tzinfo)
    if expires is not None and expires < utcnow():
        claim.status = "expired"
        record_event(actor, "claim.expired", "organisation", claim.org_id, claim=claim.id)
        raise Conflict(_("This confirmation link has expired: claim the profile again."), "token")
    if claim.organisation.memberships:
        raise Conflict(_("Somebody else already represents this organisation."), "org")
    claim.status, claim.decided_at = "approved", utcnow()
    _make_owner(claim)
    db.session.refresh(actor)
    record_event(actor, "claim.confirmed", "organisation", claim.org_id, claim=claim.id)
    return claim


def decide_claim(actor, claim: ProfileClaim, data: dict) -> ProfileClaim:
    """Staff approve (the claimant becomes owner) or reject a claim, with a reason."""
    if not can_decide_claims(actor):
        raise PermissionDenied(_("Only region staff decide claims."))
    decision = validate.choice(data, "decision", ("approve", "reject"), required=True)
    reason = validate.text(data, "reason", required=True, max_len=2000)
    if claim.status != "pending":
        raise Conflict(_("This claim was already decided."), "status")
    claim.status = "approved" if decision == "approve" else "rejected"
    claim.decision_reason, claim.decided_by_id, claim.decided_at = reason, actor.id, utcnow()
    if decision == "approve":
        _make_owner(claim)
    record_event(
        actor, f"claim.{claim.status}", "organisation", claim.org_id, claim=claim.id, reason=reason
    )
    name = claim.organisation.name
    notify_in_locale(
        [claim.user_id],
        f"claim.{claim.status}",
        (lambda: _("Your claim for %(org)s was approved: you are its owner.", org=name))
        if decision == "approve"
        else (lambda: _("Your claim for %(org)s was rejected.", org=name)),
        link("orgs.profile", slug=claim.organisation.slug),
        event_key=f"claim-decided:{claim.id}",
    )
    return claim


def get_claim(actor, claim_id) -> ProfileClaim:
    """One claim: for its author and staff."""
    cid = validate.integer({"id": claim_id}, "id", lo=1, hi=2**63 - 1)
    claim = db.session.get(ProfileClaim, cid) if cid else None
    if claim is None or not (
        can_decide_claims(actor) or claim.user_id == getattr(actor, "id", None)
    ):
        raise NotFound(_("Claim not found."))
    return claim


def list_claims(actor, status: str | None = "pending", page=1, per_page: int = 30) -> Page:
    """Claims waiting for staff (staff only)."""
    if not can_decide_claims(actor):
        raise PermissionDenied(_("Only region staff decide claims."))
    status = validate.choice(
        {"status": status}, "status", ("pending", "approved", "rejected", "expired")
    )
    q = select(ProfileClaim).where(ProfileClaim.method == "staff").order_by(ProfileClaim.id)
    if status:
        q = q.where(ProfileClaim.status == status)
    return paginate(q, validate.integer({"page": page}, "page", lo=1, hi=100000) or 1, per_page)


def my_claims(actor) -> list[ProfileClaim]:
    """The actor's claims, newest first."""
    return list(
        db.session.execute(
            select(ProfileClaim)
            .where(ProfileClaim.user_id == actor.id)
            .order_by(ProfileClaim.id.desc())
        ).scalars()
    )


def claim_dict(claim: ProfileClaim) -> dict:
    """JSON form of a claim (the token is never shown)."""
    return {
        "id": claim.id,
        "org": {
            "id": claim.org_id,
            "slug": claim.organisation.slug,
            "name": claim.organisation.name,
        },
        "method": claim.method,
        "email": claim.email,
        "reason": claim.reason,
        "status": claim.status,
        "decision_reason": claim.decision_reason,
        "created_at": claim.created_at.isoformat() if claim.created_at else None,
    }


__all__ = ["likely_duplicates", "website_domain"]
