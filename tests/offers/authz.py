"""Expected answers of the collaboration-offer routes for every role."""

from app.extensions import db
from app.offers import services
from tests.authz import API_LOGGED_IN, LOGGED_IN, PUBLIC, STAFF_ONLY, Route

AUTHORS = {"owner": 200, "org_member": 200}
NO_ORG = {"member": 403, "staff": 403, "admin": 403}


def build(w):
    """A published offer and a draft of Matrix Bio."""
    data = {"kind": "technology_offer", "summary": "Sepsis biosensor for ICUs"}
    w.offer = services.create_offer(w.users["owner"], w.org, data)
    services.transition_offer(w.users["owner"], w.offer, "submit")
    services.transition_offer(w.users["staff"], w.offer, "approve")
    w.offer_draft = services.create_offer(
        w.users["owner"], w.org, {**data, "kind": "partner_search"}
    )
    db.session.flush()


def _pub(w):
    return {"offer_id": w.offer.id}


def _draft(w):
    return {"offer_id": w.offer_draft.id}


ROUTES = [
    Route("offers.index", expect=PUBLIC),
    Route("offers.index", query="?kind=castle", expect=PUBLIC),
    Route("offers.create", expect=LOGGED_IN),
    Route(
        "offers.create",
        method="POST",
        data=lambda w: {"org": str(w.org.id), "summary": ""},
        expect={"anonymous": 302, "owner": 422, "org_member": 422, "*": 403},
    ),
    Route("offers.detail", args=_pub, expect=PUBLIC),
    Route("offers.detail", args=_draft, expect={**AUTHORS, "staff": 200, "admin": 200, "*": 404}),
    Route(
        "offers.edit",
        args=_draft,
        expect={"anonymous": 302, **AUTHORS, "staff": 403, "admin": 403, "*": 404},
    ),
    Route(
        "offers.edit",
        args=_draft,
        method="POST",
        data=lambda w: {"summary": ""},
        expect={
            "anonymous": 302,
            "owner": 422,
            "org_member": 422,
            "staff": 403,
            "admin": 403,
            "*": 404,
        },
    ),
    Route(
        "offers.transition",
        args=_pub,
        method="POST",
        data=lambda w: {"action": "approve"},
        # Allowed for staff, but the offer is published already: 409 on the offer page.
        expect={"anonymous": 302, "staff": 409, "admin": 409, "*": 403},
    ),
    Route(
        "offers.interest",
        args=_pub,
        method="POST",
        data=lambda w: {"body": ""},
        # Allowed for members of an organisation, but the text is empty: 422 on the offer page.
        expect={"anonymous": 302, **NO_ORG, "*": 422},
    ),
    Route("offers.moderation", expect=STAFF_ONLY),
    Route("api_offers.Offers", expect=PUBLIC),
    Route(
        "api_offers.Offers",
        method="POST",
        json=lambda w: {"org": w.org.slug, "kind": "technology_offer", "summary": ""},
        expect={"anonymous": 401, "owner": 422, "org_member": 422, "*": 403},
    ),
    Route("api_offers.Mine", expect=API_LOGGED_IN),
    Route("api_offers.Moderation", expect={"anonymous": 401, "staff": 200, "admin": 200, "*": 403}),
    Route(
        "api_offers.OfferItem",
        args=_draft,
        expect={**AUTHORS, "staff": 200, "admin": 200, "*": 404},
    ),
    Route(
        "api_offers.OfferItem",
        args=_draft,
        method="PATCH",
        json=lambda w: {"summary": ""},
        expect={
            "anonymous": 401,
            "owner": 422,
            "org_member": 422,
            "staff": 403,
            "admin": 403,
            "*": 404,
        },
    ),
    Route(
        "api_offers.Transition",
        args=_pub,
        method="POST",
        json=lambda w: {"action": "approve"},
        expect={"anonymous": 401, "staff": 409, "admin": 409, "*": 403},
    ),
    Route(
        "api_offers.Interest",
        args=_pub,
        method="POST",
        json=lambda w: {"body": ""},
        expect={"anonymous": 401, **NO_ORG, "*": 422},
    ),
    Route(
        "api_offers.Fitting",
        args=_draft,
        expect={"anonymous": 401, **AUTHORS, "staff": 200, "admin": 200, "*": 404},
    ),
]
