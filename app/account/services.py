"""The personal area ("La mia area"): one call gathers what a signed-in user has to do next,
for the page and for the API alike."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from app.account.models import SeenProposals
from app.auth.permissions import is_staff
from app.challenges.models import Challenge, ChallengeResponse
from app.core import validate
from app.core.db import utcnow
from app.core.errors import PermissionDenied, ValidationError
from app.datasets.models import AccessRequest
from app.extensions import db
from app.messaging import claims, desk, inbox
from app.messaging.models import DeskRequest
from app.offers import services as offers
from app.orgs.services import completeness
from app.partners.models import PartnershipProposal
from app.partners.services import suggest_partners

PROPOSALS_PER_ORG = 5


def _seen(user_id: int, org_id: int) -> SeenProposals | None:
    return db.session.execute(
        select(SeenProposals).where(
            SeenProposals.user_id == user_id, SeenProposals.org_id == org_id
        )
    ).scalar_one_or_none()


def _partners(org_id: int) -> list:
    rows = db.session.execute(
        select(PartnershipProposal).where(
            PartnershipProposal.status == "accepted",
            (PartnershipProposal.from_org_id == org_id) | (PartnershipProposal.to_org_id == org_id),
        )
    ).scalars()
    return [p.to_org if p.from_org_id == org_id else p.from_org for p in rows]


def _org_entry(actor, membership) -> dict:
    org = membership.organisation
    pct, missing = completeness(org)
    seen = _seen(actor.id, org.id)
    seen_ids = set(seen.target_ids or []) if seen else set()
    proposals = suggest_partners(actor, org, k=PROPOSALS_PER_ORG)
    return {
        "org": org,
        "role": membership.role,
        "completeness": pct,
        "missing": missing[:3],
        "proposals": proposals,
        "new_proposals": [p for p in proposals if p.org.id not in seen_ids],
        "partners": _partners(org.id),
        "offers": offers.offers_for_org(org),
    }


def personal_area(actor) -> dict:
    """Organisations (completeness, what to fill next, new proposals, partners), conversations,
    challenges and responses with their deadlines, access requests, offers, claims, desk
    requests; for staff also the queues that wait for them."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Log in first."))
    org_ids = [m.org_id for m in actor.memberships] or [-1]
    convs = inbox.list_conversations(actor, "inbox", 1)
    area = {
        "orgs": [_org_entry(actor, m) for m in actor.memberships],
        "conversations": convs.items[:5],
        "unread": inbox.unread_total(actor),
        "challenges": list(
            db.session.execute(
                select(Challenge)
                .where(Challenge.org_id.in_(org_ids))
                .order_by(Challenge.deadline.is_(None), Challenge.deadline, Challenge.id)
            ).scalars()
        ),
        "responses": list(
            db.session.execute(
                select(ChallengeResponse)
                .where(ChallengeResponse.org_id.in_(org_ids))
                .order_by(ChallengeResponse.updated_at.desc())
            ).scalars()
        ),
        "access_requests": list(
            db.session.execute(
                select(AccessRequest)
                .where(AccessRequest.requester_id == actor.id)
                .order_by(AccessRequest.updated_at.desc())
            ).scalars()
        ),
        "offers": offers.my_offers(actor),
        "claims": claims.my_claims(actor),
        "desk_requests": list(
            db.session.execute(
                select(DeskRequest)
                .where(DeskRequest.sender_id == actor.id)
                .order_by(DeskRequest.id.desc())
            ).scalars()
        ),
        "now": utcnow(),
    }
    if is_staff(actor):
        area["staff"] = {
            "desk_open": desk.list_desk(actor, "open").total,
            "claims_pending": claims.list_claims(actor, "pending").total,
            "offers_waiting": len(offers.moderation_queue(actor)),
        }
    return area


def mark_proposals_seen(actor, data: dict) -> int:
    """Remember the suggested partners shown for one of the actor's organisations (so that only
    later ones are 'new'); returns how many are now remembered."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Log in first."))
    org_id = validate.integer(data, "org", lo=1, hi=2**31 - 1, required=True)
    if org_id not in {m.org_id for m in actor.memberships}:
        raise PermissionDenied(_("org: you are not a member of this organisation."))
    ids = validate.string_list(data, "targets", max_items=100, max_len=12)
    if not all(i.isdigit() for i in ids):
        raise ValidationError(_("targets: must be organisation ids."), "targets")
    seen = _seen(actor.id, org_id)
    if seen is None:
        seen = SeenProposals(user_id=actor.id, org_id=org_id, target_ids=[])
        db.session.add(seen)
    seen.target_ids = sorted({*(seen.target_ids or []), *(int(i) for i in ids)})
    seen.seen_at = utcnow()
    db.session.flush()
    return len(seen.target_ids)


def area_dict(area: dict) -> dict:
    """JSON form of the personal area."""
    return {
        "orgs": [
            {
                "id": e["org"].id,
                "slug": e["org"].slug,
                "name": e["org"].name,
                "role": e["role"],
                "completeness": e["completeness"],
                "missing": e["missing"],
                "new_proposals": [p.as_dict() for p in e["new_proposals"]],
                "partners": [{"id": o.id, "slug": o.slug, "name": o.name} for o in e["partners"]],
                "fitting_offers": [
                    {"id": o.id, "summary": o.summary, "score": round(s, 4), "shared_terms": t}
                    for o, s, t in e["offers"]
                ],
            }
            for e in area["orgs"]
        ],
        "unread_conversations": area["unread"],
        "conversations": [inbox.conversation_dict(c, c.unread) for c in area["conversations"]],
        "challenges": [
            {
                "id": c.id,
                "title": c.title,
                "status": c.status,
                "deadline": c.deadline.isoformat() if c.deadline else None,
            }
            for c in area["challenges"]
        ],
        "responses": [
            {
                "id": r.id,
                "challenge": r.challenge.title,
                "status": r.status,
                "deadline": r.challenge.deadline.isoformat() if r.challenge.deadline else None,
            }
            for r in area["responses"]
        ],
        "access_requests": [
            {"id": a.id, "dataset": a.dataset.title_it or a.dataset.title_en, "status": a.status}
            for a in area["access_requests"]
        ],
        "offers": [offers.offer_dict(o) for o in area["offers"]],
        "claims": [claims.claim_dict(c) for c in area["claims"]],
        "desk_requests": [desk.desk_dict(r) for r in area["desk_requests"]],
        **({"staff": area["staff"]} if "staff" in area else {}),
    }
