"""Ecosystem API: the collaboration network and its analytics (region staff)."""

from __future__ import annotations

from flask import jsonify
from flask.views import MethodView
from flask_login import current_user
from marshmallow import Schema, fields, validate

from app.api.common import OBJECT, STAFF, login_required_api
from app.api.pagination import Blueprint
from app.ecosystem import services
from app.orgs.models import AREAS

blp = Blueprint(
    "api_ecosystem",
    __name__,
    url_prefix="/api/v1/ecosystem",
    description="Collaboration network of funded projects",
)


class NetworkQuerySchema(Schema):
    """Network filters."""

    call = fields.Integer(validate=validate.Range(min=1))
    area = fields.String(validate=validate.OneOf(AREAS))
    year_from = fields.Integer(validate=validate.Range(1990, 2100))
    year_to = fields.Integer(
        validate=validate.Range(1990, 2100), metadata={"description": "not before year_from"}
    )
    limit = fields.Integer(validate=validate.Range(10, 1000))


@blp.route("/network")
class Network(MethodView):
    """Centrality, communities, SME share and the drawn subgraph."""

    @login_required_api(roles=STAFF)
    @blp.arguments(NetworkQuerySchema, location="query")
    @blp.response(200, OBJECT)
    def get(self, args):
        """The network analysis for the filters (region staff)."""
        data = services.overview(current_user, services.parse_filters(args))
        data["isolated"] = [{"id": o.id, "slug": o.slug, "name": o.name} for o in data["isolated"]]
        return jsonify(data)
