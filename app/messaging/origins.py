"""Why a conversation starts: a proposal, a challenge, a dataset, an offer, or nothing.

Each resolver checks that the origin exists, that the actor may see it and that it belongs to
the addressed organisation, and returns the subject and the summary shown above the thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _

from app.challenges.models import Challenge
from app.challenges.permissions import can_see_challenge
from app.core import validate
from app.core.errors import NotFound, ValidationError
from app.datasets.models import Dataset
from app.extensions import db
from app.messaging.models import ORIGINS
from app.offers.models import CollaborationOffer
from app.offers.permissions import can_see_offer
from app.partners.models import PartnershipProposal


@dataclass
class Origin:
    """A resolved origin: what it is, its id, a default subject and the reason to show."""

    type: str = "direct"
    id: int | None = None
    subject: str = ""
    summary: dict = field(default_factory=dict)
    partnership: bool = False  # the first message is a partnership request to accept / decline


def _missing(what: str) -> NotFound:
    return NotFound(_("%(what)s not found.", what=what))


def _proposal(actor, from_org, to_org, oid: int) -> Origin:
    p = db.session.get(PartnershipProposal, oid)
    if p is None or p.from_org_id != from_org.id or p.to_org_id != to_org.id:
        raise _missing(_("Partnership proposal"))
    explanation = p.explanation or {}
    contributions = explanation.get("contributions") or {}
    top = sorted(contributions.items(), key=lambda kv: -kv[1])[:3]
    return Origin(
        "proposal",
        p.id,
        _("Partnership proposal: %(a)s and %(b)s", a=from_org.name, b=to_org.name),
        {
            "score": round(p.score or 0.0, 3),
            "shared_terms": list(explanation.get("shared_terms") or [])[:8],
            "signals": [name for name, value in top if value > 0],
        },
        partnership=True,
    )


def _challenge(actor, from_org, to_org, oid: int) -> Origin:
    c = db.session.get(Challenge, oid)
    if c is None or not can_see_challenge(actor, c) or c.org_id != to_org.id:
        raise _missing(_("Challenge"))
    return Origin(
        "challenge", c.id, _("About the challenge: %(t)s", t=c.title)[:200], {"title": c.title}
    )


def _dataset(actor, from_org, to_org, oid: int) -> Origin:
    d = db.session.get(Dataset, oid)
    if d is None or d.publisher_org_id != to_org.id:
        raise _missing(_("Dataset"))
    title = d.title_it or d.title_en
    return Origin("dataset", d.id, _("About the dataset: %(t)s", t=title)[:200], {"title": title})


def _offer(actor, from_org, to_org, oid: int) -> Origin:
    o = db.session.get(CollaborationOffer, oid)
    if o is None or not can_see_offer(actor, o) or o.org_id != to_org.id:
        raise _missing(_("Collaboration offer"))
    return Origin(
        "offer",
        o.id,
        _("Interest in: %(t)s", t=o.summary)[:200],
        {"title": o.summary, "kind": o.kind},
        partnership=True,
    )


RESOLVERS = {"proposal": _proposal, "challenge": _challenge, "dataset": _dataset, "offer": _offer}


def resolve_origin(actor, from_org, to_org, data: dict) -> Origin:
    """The origin named by data['origin'] / data['origin_id'] (default: a direct message)."""
    kind = validate.choice(data, "origin", ORIGINS, default="direct")
    if kind == "direct":
        return Origin(subject=_("Message from %(org)s", org=from_org.name)[:200])
    oid = validate.integer(data, "origin_id", lo=1, hi=2**31 - 1)
    if oid is None:
        raise ValidationError(_("origin_id: this field is required."), "origin_id")
    return RESOLVERS[kind](actor, from_org, to_org, oid)
