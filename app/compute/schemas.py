"""Marshmallow schemas of the compute API."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.compute import labels
from app.compute.requests import ACTIONS
from app.core.fields import UtcDateTime


class ResourceQuerySchema(Schema):
    """Catalogue filters."""

    kind = fields.String(validate=validate.OneOf(tuple(labels.KINDS)))
    location = fields.String(validate=validate.OneOf(tuple(labels.LOCATIONS)))
    restricted_data_ok = fields.Boolean()


class ResourceSchema(Schema):
    """A computing resource."""

    id = fields.Integer()
    name = fields.String()
    provider_org_id = fields.Integer(allow_none=True)
    provider_name = fields.String()
    kind = fields.String()
    description = fields.String()
    gpu_hours_per_quarter = fields.Integer()
    access_conditions = fields.String()
    eligibility = fields.List(fields.String())
    purposes = fields.List(fields.String())
    cost = fields.String()
    certifications = fields.List(fields.String())
    location = fields.String()
    restricted_data_ok = fields.Boolean()
    active = fields.Boolean()
    is_demo = fields.Boolean()


class ResourceWriteSchema(Schema):
    """Fields of a resource; the service validates the values."""

    name = fields.String()
    provider_org_id = fields.Integer(allow_none=True)
    provider_name = fields.String()
    kind = fields.String()
    description = fields.String()
    gpu_hours_per_quarter = fields.Integer()
    access_conditions = fields.String()
    eligibility = fields.List(fields.String())
    purposes = fields.List(fields.String())
    cost = fields.String()
    certifications = fields.List(fields.String())
    location = fields.String()
    restricted_data_ok = fields.Boolean()
    active = fields.Boolean()


class UsageSchema(Schema):
    """GPU-hours used in a month."""

    period = fields.String(required=True)
    hours_used = fields.Integer(required=True)


class ComputeRequestSchema(Schema):
    """A compute request."""

    id = fields.Integer()
    resource_id = fields.Integer()
    requester_id = fields.Integer(allow_none=True)
    org_id = fields.Integer(allow_none=True)
    title = fields.String()
    purpose = fields.String()
    gpu_hours = fields.Integer()
    period_start = fields.Date()
    period_end = fields.Date()
    needs_restricted_data = fields.Boolean()
    access_request_id = fields.Integer(allow_none=True)
    status = fields.String()
    allocated_hours = fields.Integer(allow_none=True)
    conditions = fields.String()
    decision_reason = fields.String()
    submitted_at = UtcDateTime(allow_none=True)
    decided_at = UtcDateTime(allow_none=True)
    history = fields.List(fields.Dict())
    usage = fields.List(fields.Nested(UsageSchema))


class ComputeRequestWriteSchema(Schema):
    """Fields of a request (resource_id on creation only)."""

    resource_id = fields.Integer()
    org_id = fields.Integer()
    title = fields.String()
    purpose = fields.String()
    gpu_hours = fields.Integer()
    period_start = fields.String()
    period_end = fields.String()
    needs_restricted_data = fields.Boolean()
    access_request_id = fields.Integer(allow_none=True)


class ComputeTransitionSchema(Schema):
    """submit (the requester) or a decision (staff, provider)."""

    action = fields.String(required=True, validate=validate.OneOf(("submit", *ACTIONS)))
    allocated_hours = fields.Integer(allow_none=True)
    conditions = fields.String()
    reason = fields.String()


class SuggestedItemSchema(Schema):
    """One suggestion of the matching engine: the item, its fit in [0, 1], the shared terms."""

    id = fields.Integer(metadata={"description": "course or resource id"})
    slug = fields.String(metadata={"description": "guideline slug"})
    title = fields.String()
    score = fields.Float()
    terms = fields.List(fields.String())


class ComputeProjectRefSchema(Schema):
    """A funded project, briefly."""

    id = fields.Integer()
    acronym = fields.String()
    title = fields.String()


class ProjectResourcesSchema(Schema):
    """The computing resources that fit one funded project of the caller's organisations."""

    project = fields.Nested(ComputeProjectRefSchema)
    resources = fields.List(fields.Nested(SuggestedItemSchema))
