"""Personal area API: the same service as the page."""

from __future__ import annotations

from flask import jsonify
from flask.views import MethodView
from flask_login import current_user
from marshmallow import Schema, fields

from app.account import digest, services
from app.api.common import OBJECT, login_required_api
from app.api.pagination import Blueprint

blp = Blueprint(
    "api_area", __name__, url_prefix="/api/v1/area", description="The caller's personal area"
)


class SeenSchema(Schema):
    """Proposals the caller has seen for one organisation."""

    org = fields.Integer(required=True)
    targets = fields.List(fields.String(), required=True)


class SeenResultSchema(Schema):
    """How many proposals are remembered as seen."""

    seen = fields.Integer()


@blp.route("")
class Area(MethodView):
    """La mia area."""

    @login_required_api
    @blp.response(200, OBJECT)
    def get(self):
        """Organisations (completeness, missing fields, new proposals, partners), conversations,
        challenges, responses, access requests, offers, claims, desk requests."""
        return jsonify(services.area_dict(services.personal_area(current_user)))


@blp.route("/seen")
class Seen(MethodView):
    """'New since my last visit'."""

    @login_required_api
    @blp.arguments(SeenSchema)
    @blp.response(200, SeenResultSchema)
    def post(self, data):
        """Remember the proposals seen for one of the caller's organisations."""
        return {"seen": services.mark_proposals_seen(current_user, data)}


class DigestSchema(Schema):
    """The weekly digest choice."""

    on = fields.Boolean(required=True)


@blp.route("/digest")
class Digest(MethodView):
    """The weekly e-mail digest (off by default)."""

    @login_required_api
    @blp.arguments(DigestSchema)
    @blp.response(200, DigestSchema)
    def post(self, data):
        """Opt in to (on: true) or out of the weekly digest."""
        return {"on": digest.set_digest(current_user, data["on"])}
