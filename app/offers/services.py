"""Collaboration offers and requests: post, moderate (as challenges), list with facets, express
interest (opens a conversation), and the organisations that fit one (the matching engine)."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import or_, select

from app.audit.services import record_event
from app.core import validate
from app.core.db import utcnow
from app.core.errors import NotFound, PermissionDenied, ValidationError, check_transition
from app.core.pagination import Page
from app.extensions import db
from app.messaging.links import link
from app.messaging.services import start_conversation
from app.notifications.services import notify_in_locale, org_user_ids, staff_user_ids
from app.offers.models import OFFER_KINDS, CollaborationOffer
from app.offers.permissions import (
    can_manage_offer,
    can_moderate_offers,
    can_post_offer,
    can_see_offer,
)
from app.orgs.models import AREAS, Organisation
from app.partners import engine
from app.partners.embeddings import area_words
from app.partners.services import items_for_org

OFFER_TRANSITIONS = {
    "draft": {"submitted", "closed"},
    "submitted": {"published", "draft", "closed"},
    "published": {"closed"},
    "closed": set(),
}
# action -> (target status, who: the posting organisation's "members" or "staff")
OFFER_ACTIONS = {
    "submit": ("submitted", "members"),
    "approve": ("published", "staff"),
    "return": ("draft", "staff"),
    "close": ("closed", "members"),
}
PER_PAGE = 20


def _clean(data: dict, partial: bool = False) -> dict:
    out: dict = {}
    if not partial or "kind" in data:
        out["kind"] = validate.choice(data, "kind", OFFER_KINDS, required=True)
    if not partial or "summary" in data:
        out["summary"] = validate.text(data, "summary", required=True, max_len=200)
    if "description" in data or not partial:
        out["description"] = validate.text(data, "description", max_len=5000)
    if "areas" in data:
        out["areas"] = validate.string_list(data, "areas", max_items=10, choices=AREAS)
    if "trl" in data:
        out["trl"] = validate.integer(data, "trl", lo=1, hi=9)
    if "expires_on" in data:
        expires = validate.a_date(data, "expires_on")
        if expires is not None and expires <= date.today():
            raise ValidationError(_("expires_on: must be a date in the future."), "expires_on")
        out["expires_on"] = expires
    return out


def create_offer(actor, org: Organisation, data: dict) -> CollaborationOffer:
    """A draft offer or request in the name of one of the actor's organisations."""
    if not can_post_offer(actor, org):
        raise PermissionDenied(_("Only the organisation's members post offers in its name."))
    values = _clean(data)
    offer = CollaborationOffer(
        org_id=org.id, created_by_id=actor.id, status="draft", areas=[], review_comment=""
    )
    for key, value in values.items():
        setattr(offer, key, value)
    db.session.add(offer)
    db.session.flush()
    record_event(actor, "offer.created", "offer", offer.id, org=org.id, kind=offer.kind)
    return offer


def update_offer(actor, offer: CollaborationOffer, data: dict) -> CollaborationOffer:
    """Edit a draft (a published offer is closed and posted again instead)."""
    if not can_manage_offer(actor, offer):
        raise PermissionDenied(_("Only the organisation's members edit its offers."))
    if offer.status != "draft":
        raise ValidationError(_("status: only drafts can be edited."), "status")
    for key, value in _clean(data, partial=True).items():
        setattr(offer, key, value)
    db.session.flush()
    record_event(actor, "offer.updated", "offer", offer.id)
    return offer


def transition_offer(
    actor, offer: CollaborationOffer, action: str, comment: str = ""
) -> CollaborationOffer:
    """submit / close (the posting organisation), approve / return (staff); illegal moves 409."""
    action = validate.choice({"action": action}, "action", tuple(OFFER_ACTIONS), required=True)
    target, who = OFFER_ACTIONS[action]
    allowed = can_moderate_offers(actor) if who == "staff" else can_manage_offer(actor, offer)
    if not allowed:
        raise PermissionDenied(
            _("Only region staff may do this.")
            if who == "staff"
            else _("Only the organisation's members may do this.")
        )
    comment = validate.text(
        {"comment": comment}, "comment", max_len=2000, required=action == "return"
    )
    check_transition(OFFER_TRANSITIONS, offer.status, target, _("Collaboration offer"))
    offer.status = target
    if action == "return":
        offer.review_comment = comment
    if target == "published":
        offer.published_at = utcnow()
    db.session.flush()
    record_event(actor, f"offer.{action}", "offer", offer.id)
    url = link("offers.detail", offer_id=offer.id)
    summary = offer.summary
    if action == "submit":
        notify_in_locale(
            staff_user_ids(),
            "offer.submitted",
            lambda: _("A collaboration offer waits for moderation: %(t)s", t=summary),
            link("offers.moderation"),
            event_key=f"offer-submitted:{offer.id}:{utcnow().isoformat()}",
        )
    elif action in ("approve", "return"):
        notify_in_locale(
            org_user_ids(offer.org_id),
            f"offer.{action}",
            (lambda: _("Your offer is published: %(t)s", t=summary))
            if action == "approve"
            else (lambda: _("Your offer was returned with a comment: %(t)s", t=summary)),
            url,
            event_key=f"offer-{action}:{offer.id}:{utcnow().isoformat()}",
        )
    return offer


def get_offer(actor, offer_id) -> CollaborationOffer:
    """An offer the actor may see (others: 404)."""
    oid = validate.integer({"id": offer_id}, "id", lo=1, hi=2**63 - 1)
    offer = db.session.get(CollaborationOffer, oid) if oid else None
    if offer is None or not can_see_offer(actor, offer):
        raise NotFound(_("Collaboration offer not found."))
    return offer


def parse_search(args) -> dict:
    """Validate listing parameters (unknown values -> 422 naming the field)."""
    data = dict(args)
    return {
        "q": validate.text(data, "q", max_len=200),
        "kind": validate.choice(data, "kind", OFFER_KINDS),
        "area": validate.choice(data, "area", AREAS),
        "trl": validate.integer(data, "trl", lo=1, hi=9),
        "page": validate.integer(data, "page", lo=1, hi=100000) or 1,
    }


def _live():
    today = date.today()
    return select(CollaborationOffer).where(
        CollaborationOffer.status == "published",
        or_(CollaborationOffer.expires_on.is_(None), CollaborationOffer.expires_on >= today),
    )


def _matches(offer: CollaborationOffer, params: dict, skip: str | None = None) -> bool:
    if params.get("kind") and skip != "kind" and offer.kind != params["kind"]:
        return False
    if params.get("area") and skip != "area" and params["area"] not in (offer.areas or []):
        return False
    if params.get("trl") and skip != "trl" and offer.trl != params["trl"]:
        return False
    text = f"{offer.summary} {offer.description} {offer.organisation.name}".lower()
    return all(t in text for t in (params.get("q") or "").lower().split()[:8])


def search_offers(params: dict, per_page: int = PER_PAGE) -> Page:
    """Published, unexpired offers with facets (kind, area, TRL); newest first.

    Areas are a JSON list, so the filtering and counting run in Python over the live offers
    (hundreds, not millions); the page is cut afterwards.
    """
    live = list(
        db.session.execute(
            _live().order_by(CollaborationOffer.published_at.desc(), CollaborationOffer.id.desc())
        ).scalars()
    )
    hits = [o for o in live if _matches(o, params)]
    facets: dict[str, dict] = {"kind": {}, "area": {}, "trl": {}}
    for o in live:
        if _matches(o, params, skip="kind"):
            facets["kind"][o.kind] = facets["kind"].get(o.kind, 0) + 1
        if _matches(o, params, skip="area"):
            for a in o.areas or []:
                facets["area"][a] = facets["area"].get(a, 0) + 1
        if o.trl and _matches(o, params, skip="trl"):
            facets["trl"][str(o.trl)] = facets["trl"].get(str(o.trl), 0) + 1
    start = (params.get("page", 1) - 1) * per_page
    page = Page(
        items=hits[start : start + per_page],
        page=params.get("page", 1),
        per_page=per_page,
        total=len(hits),
    )
    page.facets = {k: sorted(v.items(), key=lambda kv: -kv[1]) for k, v in facets.items()}
    return page


def moderation_queue(actor) -> list[CollaborationOffer]:
    """Offers waiting for staff, oldest first."""
    if not can_moderate_offers(actor):
        raise PermissionDenied(_("Only region staff moderate offers."))
    return list(
        db.session.execute(
            select(CollaborationOffer)
            .where(CollaborationOffer.status == "submitted")
            .order_by(CollaborationOffer.updated_at)
        ).scalars()
    )


def my_offers(actor) -> list[CollaborationOffer]:
    """Offers of the actor's organisations, in every state."""
    org_ids = [m.org_id for m in getattr(actor, "memberships", [])] or [-1]
    return list(
        db.session.execute(
            select(CollaborationOffer)
            .where(CollaborationOffer.org_id.in_(org_ids))
            .order_by(CollaborationOffer.updated_at.desc())
        ).scalars()
    )


def express_interest(actor, offer: CollaborationOffer, data: dict):
    """Open a conversation with the posting organisation, carrying the offer as its reason."""
    if offer.status != "published":
        raise NotFound(_("Collaboration offer not found."))
    return start_conversation(
        actor,
        offer.organisation,
        {**dict(data), "origin": "offer", "origin_id": offer.id},
    )


def offer_text(offer: CollaborationOffer) -> str:
    """What the engine reads of an offer: summary, description and areas."""
    return " ".join(
        t for t in (offer.summary, offer.description, area_words(offer.areas or [])) if t
    )


def fitting_orgs(actor, offer: CollaborationOffer, k: int = 10) -> list:
    """Organisations that fit the offer (for its authors and staff): the engine's ranking of
    profiles against the offer's text and TRL."""
    if not (can_manage_offer(actor, offer) or can_moderate_offers(actor)):
        raise PermissionDenied(_("Only the organisation's members see who fits its offer."))
    matcher = engine.get_matcher()
    text = offer_text(offer)
    if matcher is None or not text.strip():
        return []
    hits = matcher.rank_for_text(text, k=k, exclude={offer.org_id}, trl=offer.trl)
    orgs = {
        o.id: o
        for o in db.session.execute(
            select(Organisation).where(Organisation.id.in_([h.org_id for h in hits] or [-1]))
        ).scalars()
    }
    return [(orgs[h.org_id], h.score, h.shared_terms) for h in hits if h.org_id in orgs]


def offers_for_org(org: Organisation, k: int = 3) -> list:
    """Published offers of other organisations that fit this one: (offer, score, terms)."""
    live = [
        o for o in db.session.execute(_live().where(CollaborationOffer.org_id != org.id)).scalars()
    ]
    if not live:
        return []
    return items_for_org(org, "offer", live, {o.id: offer_text(o) for o in live}, k=k)


def offer_dict(offer: CollaborationOffer) -> dict:
    """JSON form of an offer."""
    return {
        "id": offer.id,
        "org": {
            "id": offer.org_id,
            "slug": offer.organisation.slug,
            "name": offer.organisation.name,
        },
        "kind": offer.kind,
        "summary": offer.summary,
        "description": offer.description,
        "areas": offer.areas or [],
        "trl": offer.trl,
        "expires_on": offer.expires_on.isoformat() if offer.expires_on else None,
        "status": offer.status,
        "review_comment": offer.review_comment,
        "published_at": offer.published_at.isoformat() if offer.published_at else None,
    }
