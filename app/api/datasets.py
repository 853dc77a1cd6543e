"""Datasets API (flask-smorest): calls the same services as the pages."""

from __future__ import annotations

from flask.views import MethodView
from flask_babel import gettext
from flask_login import current_user
from marshmallow import Schema, fields

from app.api.common import STAFF, FacetsSchema, facets_of, login_required_api
from app.api.pagination import Blueprint, ListPage, list_query, paged, query
from app.core.errors import ValidationError
from app.datasets import access, delivery, mqa, search, services
from app.datasets.quality import quality_of
from app.datasets.schemas import (
    AccessRequestSchema,
    AccessRequestWriteSchema,
    AccessTransitionSchema,
    AuditEventSchema,
    CatalogueMqaSchema,
    CertifySchema,
    DatasetCreateSchema,
    DatasetQuerySchema,
    DatasetSchema,
    DatasetWriteSchema,
    DistributionSchema,
    DistributionWriteSchema,
    DuoQuerySchema,
    DuoResultSchema,
    MqaSchema,
    QualitySchema,
)

blp = Blueprint(
    "api_datasets",
    __name__,
    url_prefix="/api/v1/datasets",
    description="Health dataset catalogue and access requests",
)

HEADLINES = {
    "compatible": "Compatible with the consent codes",
    "review": "The publisher will judge compatibility",
    "incompatible": "Not compatible with the consent codes",
}


@blp.route("")
class Datasets(MethodView):
    """The catalogue."""

    @blp.arguments(list_query(DatasetQuerySchema), location="query")
    @blp.response(200, DatasetSchema(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        """Search datasets (q, theme, format, access_rights, standard, publisher,
        personal_data; sort; page, page_size)."""
        params = search.parse_search(query(args, pagination_parameters))
        return paged(pagination_parameters, search.search_datasets(params))

    @login_required_api
    @blp.arguments(DatasetCreateSchema)
    @blp.response(201, DatasetSchema)
    def post(self, data):
        """Describe a new dataset for one of the caller's organisations."""
        return services.create_dataset(current_user, data)


@blp.route("/facets")
class Facets(MethodView):
    """Facet counts of a search."""

    @blp.arguments(DatasetQuerySchema, location="query")
    @blp.response(200, FacetsSchema)
    def get(self, args):
        """Counts per theme, format, access rights, standard, publisher, personal data."""
        return facets_of(search.search_datasets(search.parse_search(args)))


@blp.route("/<int:dataset_id>")
class DatasetItem(MethodView):
    """One dataset."""

    @blp.response(200, DatasetSchema)
    def get(self, dataset_id):
        """Get a dataset (restricted distribution URLs are never included)."""
        return services.get_dataset(dataset_id)

    @login_required_api
    @blp.arguments(DatasetWriteSchema)
    @blp.response(200, DatasetSchema)
    def patch(self, data, dataset_id):
        """Update metadata (publishers and staff)."""
        data.pop("publisher_org_id", None)
        return services.update_dataset(current_user, services.get_dataset(dataset_id), data)


@blp.route("/<int:dataset_id>/quality")
class Quality(MethodView):
    """Metadata quality score."""

    @blp.response(200, QualitySchema)
    def get(self, dataset_id):
        """Score, level and the names of the rules that fail."""
        return quality_of(services.get_dataset(dataset_id))


@blp.route("/<int:dataset_id>/mqa")
class Mqa(MethodView):
    """data.europa.eu Metadata Quality Assessment of one dataset."""

    @blp.response(200, MqaSchema)
    def get(self, dataset_id):
        """Points per MQA dimension and indicator, total out of 405 and rating."""
        return mqa.mqa_dict(mqa.mqa_of(services.get_dataset(dataset_id)))


@blp.route("/mqa")
class CatalogueMqa(MethodView):
    """data.europa.eu Metadata Quality Assessment of the catalogue."""

    @blp.response(200, CatalogueMqaSchema)
    def get(self):
        """The mean of the datasets' MQA points, per dimension and indicator."""
        score, count = mqa.portal_mqa()
        return {**mqa.mqa_dict(score), "datasets": count}


@blp.route("/<int:dataset_id>/certification")
class Certification(MethodView):
    """Staff certification."""

    @login_required_api(roles=STAFF)
    @blp.arguments(CertifySchema)
    @blp.response(200, DatasetSchema)
    def put(self, data, dataset_id):
        """Grant a level (bronze, silver, gold) or withdraw it with null (region staff)."""
        return services.certify_dataset(current_user, services.get_dataset(dataset_id), data)


@blp.route("/<int:dataset_id>/distributions")
class Distributions(MethodView):
    """Distributions of a dataset."""

    @login_required_api
    @blp.arguments(DistributionWriteSchema)
    @blp.response(201, DistributionSchema)
    def post(self, data, dataset_id):
        """Add a distribution (publishers and staff)."""
        return services.add_distribution(current_user, services.get_dataset(dataset_id), data)


@blp.route("/<int:dataset_id>/distributions/<int:dist_id>")
class DistributionItem(MethodView):
    """One distribution."""

    @login_required_api
    @blp.response(204)
    def delete(self, dataset_id, dist_id):
        """Remove a distribution (publishers and staff)."""
        ds = services.get_dataset(dataset_id)
        services.delete_distribution(current_user, ds, services.get_distribution(ds, dist_id))


@blp.route("/<int:dataset_id>/duo-check")
class DuoCheck(MethodView):
    """DUO pre-check of a purpose against the dataset's consent codes."""

    @blp.arguments(DuoQuerySchema, location="query")
    @blp.response(200, DuoResultSchema)
    def get(self, args, dataset_id):
        """Is the purpose compatible with the consent codes? (compatible, review, incompatible)"""
        result = access.precheck_for(current_user, services.get_dataset(dataset_id), args)
        return {
            "status": result.status,
            "compatible": result.compatible,
            "headline": gettext(HEADLINES[result.status]),
            "reasons": [{"code": c, "message": str(m)} for c, m in result.reasons],
        }


@blp.route("/<int:dataset_id>/audit")
class Audit(MethodView):
    """Audit trail of a dataset and its access requests."""

    @login_required_api
    @blp.response(200, AuditEventSchema(many=True))
    @blp.paginate(ListPage)
    def get(self, dataset_id):
        """Events, newest first (publishers and staff)."""
        rows = delivery.dataset_audit(current_user, services.get_dataset(dataset_id))
        return [
            {
                "id": e.id,
                "action": e.action,
                "actor": name,
                "target_type": e.target_type,
                "target_id": e.target_id,
                "created_at": e.created_at,
                "detail": {k: v for k, v in (e.detail or {}).items() if k != "ip"},
            }
            for e, name in rows
        ]


@blp.route("/<int:dataset_id>/access-requests")
class DatasetRequests(MethodView):
    """Access requests for a restricted dataset."""

    @login_required_api
    @blp.arguments(AccessRequestWriteSchema)
    @blp.response(201, AccessRequestSchema)
    def post(self, data, dataset_id):
        """Start a draft request (organisation and purpose; other fields optional)."""
        ds = services.get_dataset(dataset_id)
        req = access.create_request(current_user, ds, data)
        rest = {k: v for k, v in data.items() if k not in ("org_id", "purpose")}
        if rest:
            access.update_request(current_user, req, rest)
        return req


class MyAccessRequestsSchema(Schema):
    """The caller's access requests."""

    mine = fields.List(fields.Nested(AccessRequestSchema))
    incoming = fields.List(fields.Nested(AccessRequestSchema))


@blp.route("/access-requests")
class MyRequests(MethodView):
    """The caller's requests and the requests received by the caller's organisations."""

    @login_required_api
    @blp.response(200, MyAccessRequestsSchema)
    def get(self):
        """The caller's own requests (mine) and those received by the caller's organisations
        (incoming)."""
        return {
            "mine": access.my_requests(current_user),
            "incoming": access.incoming_requests(current_user),
        }


@blp.route("/access-requests/<int:request_id>")
class RequestItem(MethodView):
    """One access request."""

    @login_required_api
    @blp.response(200, AccessRequestSchema)
    def get(self, request_id):
        """Get a request (requester, publisher members, staff)."""
        return access.get_request(current_user, request_id)

    @login_required_api
    @blp.arguments(AccessRequestWriteSchema)
    @blp.response(200, AccessRequestSchema)
    def patch(self, data, request_id):
        """Edit a draft (or a request sent back for changes)."""
        return access.update_request(
            current_user, access.get_request(current_user, request_id), data
        )


@blp.route("/access-requests/<int:request_id>/transitions")
class RequestTransitions(MethodView):
    """State changes of a request."""

    @login_required_api
    @blp.arguments(AccessTransitionSchema)
    @blp.response(200, AccessRequestSchema)
    def post(self, data, request_id):
        """submit (requester); start, approve, changes, reject, revoke (publisher). 409 when
        the state does not allow it."""
        req = access.get_request(current_user, request_id)
        action = data.pop("action")
        if action == "submit":
            return access.submit_request(current_user, req)
        if action not in access.REVIEW_ACTIONS:
            raise ValidationError("action: unknown action.", "action")
        return access.review_request(current_user, req, action, data)
