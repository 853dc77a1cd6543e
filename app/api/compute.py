"""Compute API (flask-smorest): calls the same services as the pages."""

from __future__ import annotations

from flask.views import MethodView
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import Schema, fields

from app.api.common import STAFF, login_required_api
from app.api.pagination import Blueprint, ListPage
from app.compute import dashboard, requests, resources
from app.compute.schemas import (
    ComputeRequestSchema,
    ComputeRequestWriteSchema,
    ComputeTransitionSchema,
    ProjectResourcesSchema,
    ResourceQuerySchema,
    ResourceSchema,
    ResourceWriteSchema,
    UsageSchema,
)
from app.compute.suggestions import resource_suggestion_dict, suggestions_for_my_projects
from app.core.errors import ValidationError

blp = Blueprint(
    "api_compute",
    __name__,
    url_prefix="/api/v1/compute",
    description="Shared computing resources and access requests",
)


@blp.route("/resources")
class Resources(MethodView):
    """The catalogue."""

    @blp.arguments(ResourceQuerySchema, location="query")
    @blp.response(200, ResourceSchema(many=True))
    @blp.paginate(ListPage)
    def get(self, args):
        """Active resources (kind, location, restricted_data_ok)."""
        return resources.list_resources(args)

    @login_required_api(roles=STAFF)
    @blp.arguments(ResourceWriteSchema)
    @blp.response(201, ResourceSchema)
    def post(self, data):
        """Add a resource (staff)."""
        return resources.create_resource(current_user, data)


@blp.route("/resources/<int:resource_id>")
class ResourceItem(MethodView):
    """One resource."""

    @blp.response(200, ResourceSchema)
    def get(self, resource_id):
        """A resource of the catalogue."""
        return resources.get_resource(resource_id)

    @login_required_api(roles=STAFF)
    @blp.arguments(ResourceWriteSchema)
    @blp.response(200, ResourceSchema)
    def patch(self, data, resource_id):
        """Change a resource (staff)."""
        res = resources.get_resource(resource_id, include_inactive=True)
        return resources.update_resource(current_user, res, data)


@blp.route("/requests")
class Requests(MethodView):
    """Compute requests."""

    @login_required_api
    @blp.response(200, ComputeRequestSchema(many=True))
    @blp.paginate(ListPage)
    def get(self):
        """The caller's organisations' requests and those they decide."""
        mine, incoming = requests.list_requests(current_user)
        seen = {r.id for r in mine}
        return mine + [r for r in incoming if r.id not in seen]

    @login_required_api
    @blp.arguments(ComputeRequestWriteSchema)
    @blp.response(201, ComputeRequestSchema)
    def post(self, data):
        """Draft a request for a resource."""
        if not data.get("resource_id"):
            raise ValidationError(
                _("%(field)s: this field is required.", field="resource_id"), "resource_id"
            )
        res = resources.get_resource(data.pop("resource_id"))
        return requests.create_request(current_user, res, data)


@blp.route("/requests/<int:request_id>")
class RequestItem(MethodView):
    """One request."""

    @login_required_api
    @blp.response(200, ComputeRequestSchema)
    def get(self, request_id):
        """A request the caller may see."""
        return requests.get_request(current_user, request_id)

    @login_required_api
    @blp.arguments(ComputeRequestWriteSchema)
    @blp.response(200, ComputeRequestSchema)
    def patch(self, data, request_id):
        """Change a draft (the requester); 409 once sent."""
        data.pop("resource_id", None)
        return requests.update_request(
            current_user, requests.get_request(current_user, request_id), data
        )


@blp.route("/requests/<int:request_id>/transitions")
class RequestTransitions(MethodView):
    """State changes."""

    @login_required_api
    @blp.arguments(ComputeTransitionSchema)
    @blp.response(200, ComputeRequestSchema)
    def post(self, data, request_id):
        """submit, approve, reject, activate, close, revoke; an illegal one answers 409."""
        req = requests.get_request(current_user, request_id)
        action = data.pop("action")
        if action == "submit":
            return requests.submit_request(current_user, req)
        return requests.decide_request(current_user, req, action, data)


@blp.route("/requests/<int:request_id>/usage")
class RequestUsage(MethodView):
    """Reported use."""

    @login_required_api
    @blp.arguments(UsageSchema)
    @blp.response(201, UsageSchema)
    def post(self, data, request_id):
        """Report the GPU-hours used in a month of an active allocation (staff, provider)."""
        return requests.report_usage(
            current_user, requests.get_request(current_user, request_id), data
        )


class RowsSchema(Schema):
    """Rows of a table."""

    rows = fields.List(fields.Dict())


@blp.route("/dashboard")
class Dashboard(MethodView):
    """Demand vs capacity."""

    @login_required_api(roles=STAFF)
    @blp.response(200, RowsSchema)
    def get(self):
        """Per resource and quarter: capacity, pending, granted, demand (staff)."""
        return {"rows": dashboard.demand_vs_capacity(current_user)}


@blp.route("/suggestions")
class Suggestions(MethodView):
    """The "resources for my projects" page as data."""

    @login_required_api
    @blp.response(200, ProjectResourcesSchema(many=True))
    def get(self):
        """For each funded project of the caller's organisations, the computing resources that
        fit its title and abstract (matching engine, best first; [] without projects)."""
        return [
            {
                "project": {"id": p.id, "acronym": p.acronym, "title": p.title},
                "resources": [resource_suggestion_dict(s) for s in found],
            }
            for p, found in suggestions_for_my_projects(current_user)
        ]
