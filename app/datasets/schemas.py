"""Marshmallow schemas for the datasets API. Restricted distribution URLs are never dumped."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.datasets import vocab
from app.datasets.models import ACCESS_RIGHTS, CODING_SYSTEMS, PERSONAL_DATA_LEVELS, STANDARDS
from app.datasets.search import SORTS


def _public(dist, attr: str):
    if dist.dataset.access_rights != "public":
        return None
    if dist.stored_name:
        return f"/datasets/{dist.dataset_id}/distributions/{dist.id}/access"
    return getattr(dist, attr)


# One-line text as app.core.inputs accepts it: no control, bidi-override or invisible characters
# (documented as the schema's pattern, so that clients and contract tests know).
ONE_LINE_TEXT = (
    r"^[^\x00-\x08\x0a-\x1f\x7f-\x9f\u00ad\u180e\u200b\u200e\u200f\u202a-\u202e"
    r"\u2060\u2066-\u2069\ufeff]*$"
)


class DatasetQuerySchema(Schema):
    """Catalogue filters (same as the page)."""

    q = fields.String(validate=[validate.Length(max=200), validate.Regexp(ONE_LINE_TEXT)])
    theme = fields.String(validate=validate.OneOf(tuple(vocab.THEMES)))
    format = fields.String(validate=validate.OneOf(tuple(vocab.FORMATS)))
    access_rights = fields.String(validate=validate.OneOf(ACCESS_RIGHTS))
    standard = fields.String(validate=validate.OneOf(STANDARDS))
    publisher = fields.Integer(validate=validate.Range(1))
    personal_data = fields.String(validate=validate.OneOf(PERSONAL_DATA_LEVELS))
    sort = fields.String(validate=validate.OneOf(SORTS))
    page = fields.Integer(validate=validate.Range(1, 100000), load_default=1)
    per_page = fields.Integer(validate=validate.Range(1, 100), load_default=20)


class DistributionSchema(Schema):
    """A distribution; URLs only for public datasets (otherwise use access_endpoint)."""

    id = fields.Integer()
    title = fields.String()
    format = fields.String()
    media_type = fields.String(allow_none=True)
    byte_size = fields.Integer(allow_none=True)
    checksum = fields.String(allow_none=True)
    access_url = fields.Function(lambda d: _public(d, "access_url"))
    download_url = fields.Function(lambda d: _public(d, "download_url"))
    access_endpoint = fields.Function(
        lambda d: f"/datasets/{d.dataset_id}/distributions/{d.id}/access"
    )


class DatasetSchema(Schema):
    """A dataset as returned by the API."""

    id = fields.Integer()
    identifier = fields.String()
    title_it = fields.String()
    title_en = fields.String()
    description_it = fields.String()
    description_en = fields.String()
    publisher_org_id = fields.Integer()
    publisher = fields.Function(lambda d: d.publisher.name)
    rights_holder_org_id = fields.Integer(allow_none=True)
    themes = fields.List(fields.String())
    keywords = fields.List(fields.String())
    issued = fields.Date(allow_none=True)
    modified = fields.Date(allow_none=True)
    frequency = fields.String(allow_none=True)
    temporal_start = fields.Date(allow_none=True)
    temporal_end = fields.Date(allow_none=True)
    spatial = fields.String(allow_none=True)
    licence = fields.String(allow_none=True)
    conforms_to = fields.List(fields.String())
    coding_systems = fields.List(fields.String())
    number_of_records = fields.Integer(allow_none=True)
    number_of_individuals = fields.Integer(allow_none=True)
    personal_data = fields.String()
    legal_basis = fields.String(allow_none=True)
    consent_codes = fields.List(fields.String())
    access_rights = fields.String()
    contact_name = fields.String(allow_none=True)
    contact_email = fields.String(allow_none=True)
    certification = fields.String(allow_none=True)
    is_demo = fields.Boolean()
    health_categories = fields.List(fields.String())
    legislation = fields.List(fields.String())
    purposes = fields.List(fields.String())
    population_coverage = fields.String()
    retention_until = fields.Date(allow_none=True)
    has_structured_data = fields.Boolean(allow_none=True)
    distributions = fields.List(fields.Nested(DistributionSchema))


class DatasetWriteSchema(Schema):
    """Fields accepted on create and update (the service validates values and naming)."""

    publisher_org_id = fields.Integer()
    identifier = fields.String()
    title_it = fields.String()
    title_en = fields.String()
    description_it = fields.String()
    description_en = fields.String()
    themes = fields.List(fields.String())
    keywords = fields.List(fields.String())
    issued = fields.String(allow_none=True)
    modified = fields.String(allow_none=True)
    frequency = fields.String(allow_none=True)
    temporal_start = fields.String(allow_none=True)
    temporal_end = fields.String(allow_none=True)
    spatial = fields.String(allow_none=True)
    licence = fields.String(allow_none=True)
    conforms_to = fields.List(fields.String(validate=validate.OneOf(STANDARDS)))
    coding_systems = fields.List(fields.String(validate=validate.OneOf(CODING_SYSTEMS)))
    number_of_records = fields.Integer(allow_none=True)
    number_of_individuals = fields.Integer(allow_none=True)
    personal_data = fields.String(validate=validate.OneOf(PERSONAL_DATA_LEVELS))
    legal_basis = fields.String(allow_none=True)
    consent_codes = fields.List(fields.String(validate=validate.OneOf(tuple(vocab.DUO))))
    access_rights = fields.String(validate=validate.OneOf(ACCESS_RIGHTS))
    contact_name = fields.String(allow_none=True)
    contact_email = fields.String(allow_none=True)
    health_categories = fields.List(
        fields.String(validate=validate.OneOf(tuple(vocab.HEALTH_CATEGORIES)))
    )
    legislation = fields.List(fields.String(validate=validate.OneOf(tuple(vocab.LEGISLATION))))
    purposes = fields.List(fields.String(validate=validate.OneOf(tuple(vocab.PURPOSES))))
    population_coverage = fields.String()
    retention_until = fields.String(allow_none=True)
    has_structured_data = fields.Boolean(allow_none=True)


class DistributionWriteSchema(Schema):
    """A new distribution."""

    title = fields.String()
    format = fields.String(required=True)
    access_url = fields.String(allow_none=True)
    download_url = fields.String(allow_none=True)
    byte_size = fields.Integer(allow_none=True)
    media_type = fields.String(allow_none=True)
    checksum = fields.String(allow_none=True)


class QualitySchema(Schema):
    """Metadata quality score with missing rules."""

    score = fields.Integer()
    level = fields.String()
    missing = fields.Function(lambda q: [r.key for r in q.missing])
    passed = fields.Function(lambda q: [r.key for r in q.passed])


class CertifySchema(Schema):
    """Staff certification level (null withdraws)."""

    level = fields.String(required=True, allow_none=True)


class DuoQuerySchema(Schema):
    """Purpose (and optional organisation) to pre-check."""

    purpose = fields.String(required=True, validate=validate.OneOf(tuple(vocab.PURPOSES)))
    org_id = fields.Integer(validate=validate.Range(1))


class DuoResultSchema(Schema):
    """Outcome of the DUO pre-check."""

    status = fields.String()
    compatible = fields.Boolean()
    headline = fields.String()
    reasons = fields.List(fields.Dict())


class AccessRequestSchema(Schema):
    """An access request as the requester and the publisher see it."""

    id = fields.Integer()
    dataset_id = fields.Integer()
    requester_id = fields.Integer(allow_none=True)
    org_id = fields.Integer(allow_none=True)
    purpose = fields.String()
    research_question = fields.String()
    variables = fields.String()
    period_start = fields.Date(allow_none=True)
    period_end = fields.Date(allow_none=True)
    anonymised_ok = fields.Boolean()
    legal_basis = fields.String()
    safeguards = fields.String()
    environment = fields.String()
    compute = fields.String()
    status = fields.String()
    conditions = fields.String()
    decision_reason = fields.String()
    expires_on = fields.Date(allow_none=True)
    submitted_at = fields.DateTime(allow_none=True)
    decided_at = fields.DateTime(allow_none=True)
    history = fields.List(fields.Dict())


class AccessRequestWriteSchema(Schema):
    """Fields of the stepper (all optional on update; purpose required on create)."""

    org_id = fields.Integer(allow_none=True)
    purpose = fields.String()
    research_question = fields.String()
    variables = fields.String()
    period_start = fields.String(allow_none=True)
    period_end = fields.String(allow_none=True)
    anonymised_ok = fields.Boolean()
    legal_basis = fields.String(allow_none=True)
    safeguards = fields.String()
    environment = fields.String()
    compute = fields.String()


class AccessTransitionSchema(Schema):
    """A state change: submit (requester) or a review action (publisher)."""

    action = fields.String(
        required=True,
        validate=validate.OneOf(("submit", "start", "approve", "changes", "reject", "revoke")),
    )
    conditions = fields.String()
    expires_on = fields.String(allow_none=True)
    reason = fields.String()


class AuditEventSchema(Schema):
    """One audit event (without the IP address)."""

    id = fields.Integer()
    action = fields.String()
    actor = fields.String(allow_none=True)
    target_type = fields.String()
    target_id = fields.String()
    created_at = fields.DateTime()
    detail = fields.Dict()
