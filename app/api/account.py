"""Account API: who am I, personal data export and erasure (with the hand-over or closing of
the organisations the caller alone owns)."""

from __future__ import annotations

from flask import jsonify
from flask.views import MethodView
from flask_login import current_user
from marshmallow import Schema, fields

from app.account import privacy
from app.api.common import OBJECT, login_required_api
from app.api.pagination import Blueprint

blp = Blueprint("api_account", __name__, url_prefix="/api/v1/me", description="The caller")


class MeSchema(Schema):
    """The authenticated user."""

    id = fields.Integer()
    email = fields.String()
    name = fields.String()
    role = fields.String()
    locale = fields.String()


class EraseSchema(Schema):
    """The password confirms the erasure."""

    password = fields.String(required=True)


class HandOverSchema(Schema):
    """The member who becomes an owner."""

    user_id = fields.Integer(required=True)


class CloseSchema(Schema):
    """The organisation's name, typed to confirm."""

    confirm = fields.String(required=True)


@blp.route("")
class Me(MethodView):
    """Current user."""

    @login_required_api
    @blp.response(200, MeSchema)
    def get(self):
        """The authenticated user."""
        return current_user

    @login_required_api
    @blp.arguments(EraseSchema)
    @blp.response(204)
    def delete(self, data):
        """Erase the caller's account (GDPR Art. 17); 409 while the caller alone owns an
        organisation (hand it over or close it first)."""
        privacy.delete_account(current_user, data)


@blp.route("/export")
class Export(MethodView):
    """GDPR export."""

    @login_required_api
    @blp.response(200, OBJECT)
    def get(self):
        """All personal data held about the caller (GDPR Art. 15)."""
        return jsonify(privacy.export_personal_data(current_user))


@blp.route("/organisations/<int:org_id>/hand-over")
class HandOver(MethodView):
    """Hand over an organisation the caller alone owns."""

    @login_required_api
    @blp.arguments(HandOverSchema)
    @blp.response(200, OBJECT)
    def post(self, data, org_id):
        """Make another member an owner."""
        heir = privacy.hand_over(current_user, org_id, data)
        return jsonify({"org_id": org_id, "new_owner": heir.user_id})


@blp.route("/organisations/<int:org_id>/close")
class Close(MethodView):
    """Close an organisation the caller alone owns and nobody else belongs to."""

    @login_required_api
    @blp.arguments(CloseSchema)
    @blp.response(200, OBJECT)
    def post(self, data, org_id):
        """Delete a portal profile, or give up an imported one."""
        return jsonify({"org_id": org_id, "result": privacy.close_org(current_user, org_id, data)})
