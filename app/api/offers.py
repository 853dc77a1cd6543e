"""Collaboration offers API: the same services as the pages."""

from __future__ import annotations

from flask.views import MethodView
from flask_login import current_user

from app.api.common import STAFF, login_required_api
from app.api.pagination import Blueprint, ListPage, list_query, paged, query
from app.offers import services
from app.offers.schemas import (
    FitSchema,
    InterestResultSchema,
    InterestSchema,
    OfferPatchSchema,
    OfferQuerySchema,
    OfferSchema,
    OfferWriteSchema,
    TransitionSchema,
)
from app.orgs.services import get_org

blp = Blueprint(
    "api_offers", __name__, url_prefix="/api/v1/offers", description="Collaboration offers"
)


@blp.route("")
class Offers(MethodView):
    """Published offers and requests."""

    @blp.arguments(list_query(OfferQuerySchema), location="query")
    @blp.response(200, OfferSchema(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        """Published, unexpired offers (filters: q, kind, area, trl; page, page_size)."""
        params = services.parse_search(query(args, pagination_parameters))
        page = services.search_offers(params, per_page=pagination_parameters.page_size)
        return paged(pagination_parameters, page, [services.offer_dict(o) for o in page.items])

    @login_required_api
    @blp.arguments(OfferWriteSchema)
    @blp.response(201, OfferSchema)
    def post(self, data):
        """Create a draft in the name of one of the caller's organisations."""
        org = get_org(data.pop("org"))
        return services.offer_dict(services.create_offer(current_user, org, data))


@blp.route("/mine")
class Mine(MethodView):
    """The caller's organisations' offers."""

    @login_required_api
    @blp.response(200, OfferSchema(many=True))
    @blp.paginate(ListPage)
    def get(self):
        """Offers of the caller's organisations, every state."""
        return [services.offer_dict(o) for o in services.my_offers(current_user)]


@blp.route("/moderation")
class Moderation(MethodView):
    """Staff queue."""

    @login_required_api(roles=STAFF)
    @blp.response(200, OfferSchema(many=True))
    @blp.paginate(ListPage)
    def get(self):
        """Offers waiting for moderation (staff)."""
        return [services.offer_dict(o) for o in services.moderation_queue(current_user)]


@blp.route("/<int:offer_id>")
class OfferItem(MethodView):
    """One offer (drafts only for their authors and staff)."""

    @blp.response(200, OfferSchema)
    def get(self, offer_id):
        """The offer."""
        return services.offer_dict(services.get_offer(current_user, offer_id))

    @login_required_api
    @blp.arguments(OfferPatchSchema)
    @blp.response(200, OfferSchema)
    def patch(self, data, offer_id):
        """Edit a draft (authors)."""
        offer = services.get_offer(current_user, offer_id)
        return services.offer_dict(services.update_offer(current_user, offer, data))


@blp.route("/<int:offer_id>/transition")
class Transition(MethodView):
    """Workflow."""

    @login_required_api
    @blp.arguments(TransitionSchema)
    @blp.response(200, OfferSchema)
    def post(self, data, offer_id):
        """submit / close (authors), approve / return with a comment (staff); 409 if illegal."""
        offer = services.get_offer(current_user, offer_id)
        services.transition_offer(current_user, offer, data["action"], data["comment"])
        return services.offer_dict(offer)


@blp.route("/<int:offer_id>/interest")
class Interest(MethodView):
    """Express interest."""

    @login_required_api
    @blp.arguments(InterestSchema)
    @blp.response(201, InterestResultSchema)
    def post(self, data, offer_id):
        """Open a conversation with the posting organisation, the offer as its reason."""
        offer = services.get_offer(current_user, offer_id)
        return {"conversation_id": services.express_interest(current_user, offer, data).id}


@blp.route("/<int:offer_id>/fitting")
class Fitting(MethodView):
    """Who fits."""

    @login_required_api
    @blp.response(200, FitSchema(many=True))
    def get(self, offer_id):
        """Organisations that fit the offer (authors and staff)."""
        offer = services.get_offer(current_user, offer_id)
        return [
            {"id": o.id, "slug": o.slug, "name": o.name, "score": s, "shared_terms": t}
            for o, s, t in services.fitting_orgs(current_user, offer)
        ]
