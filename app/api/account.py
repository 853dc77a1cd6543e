"""Account API: who am I, personal data export."""

from __future__ import annotations

from flask import jsonify
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from app.api.common import OBJECT, login_required_api
from app.auth import services

blp = Blueprint("api_account", __name__, url_prefix="/api/v1/me", description="The caller")


class MeSchema(Schema):
    """The authenticated user."""

    id = fields.Integer()
    email = fields.String()
    name = fields.String()
    role = fields.String()
    locale = fields.String()


@blp.route("")
class Me(MethodView):
    """Current user."""

    @login_required_api
    @blp.response(200, MeSchema)
    def get(self):
        """The authenticated user."""
        return current_user


@blp.route("/export")
class Export(MethodView):
    """GDPR export."""

    @login_required_api
    @blp.response(200, OBJECT)
    def get(self):
        """All personal data held about the caller (GDPR Art. 15): one key per feature."""
        return jsonify(services.export_personal_data(current_user))
