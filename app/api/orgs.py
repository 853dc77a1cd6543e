"""Organisations API: list with filters and pagination, get, create, update, verify."""

from __future__ import annotations

from flask.views import MethodView
from flask_login import current_user

from app.api.common import STAFF, login_required_api
from app.api.pagination import Blueprint, list_query, paged, query
from app.orgs import services
from app.orgs.schemas import (
    OrgCreateSchema,
    OrgQuerySchema,
    OrgSchema,
    OrgWriteSchema,
    VerifySchema,
)

blp = Blueprint(
    "api_orgs", __name__, url_prefix="/api/v1/orgs", description="Organisations of the ecosystem"
)


@blp.route("")
class Orgs(MethodView):
    """The directory."""

    @blp.arguments(list_query(OrgQuerySchema), location="query")
    @blp.response(200, OrgSchema(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        """List organisations (filters: q, kind, area, province, trl, verified; sort; page,
        page_size). Pages past the 100th are not served: narrow the search."""
        params = services.parse_search(query(args, pagination_parameters))
        # The list carries no facets: do not count them.
        page = services.search_orgs(params, facets=False)
        return paged(pagination_parameters, page)

    @login_required_api
    @blp.arguments(OrgCreateSchema)
    @blp.response(201, OrgSchema)
    def post(self, data):
        """Register an organisation; the caller becomes its owner."""
        return services.create_org(current_user, data)


@blp.route("/<slug>")
class OrgItem(MethodView):
    """One organisation."""

    @blp.response(200, OrgSchema)
    def get(self, slug):
        """Get an organisation by slug or id."""
        return services.get_org(slug)

    @login_required_api
    @blp.arguments(OrgWriteSchema(partial=True, exclude=("slug",)))
    @blp.response(200, OrgSchema)
    def patch(self, data, slug):
        """Update profile fields (owners and staff)."""
        return services.update_org(current_user, services.get_org(slug), data)


@blp.route("/<slug>/verification")
class OrgVerification(MethodView):
    """Staff verification."""

    @login_required_api(roles=STAFF)
    @blp.arguments(VerifySchema)
    @blp.response(200, OrgSchema)
    def put(self, data, slug):
        """Set or withdraw the verified flag (region staff)."""
        return services.set_verified(current_user, services.get_org(slug), data["verified"])
