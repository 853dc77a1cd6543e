"""Marshmallow schemas for the datasets API. Restricted distribution URLs are never dumped."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.core.fields import ONE_LINE_TEXT, UtcDateTime
from app.datasets import vocab
from app.datasets.models import ACCESS_RIGHTS, CODING_SYSTEMS, PERSONAL_DATA_LEVELS, STANDARDS
from app.datasets.search import SORTS
from app.datasets.services import CHECKSUM_RE, IDENTIFIER_RE, MAX_ID

IDENTIFIER_PATTERN = IDENTIFIER_RE.pattern
CHECKSUM_PATTERN = CHECKSUM_RE.pattern


def _public(dist, attr: str):
    if dist.dataset.access_rights != "public":
        return None
    if dist.stored_name:
        return f"/datasets/{dist.dataset_id}/distributions/{dist.id}/access"
    return getattr(dist, attr)


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


def _choices(values) -> list:
    return fields.List(fields.String(validate=validate.OneOf(tuple(values))))


class DatasetWriteSchema(Schema):
    """Fields accepted on update (PATCH: every field optional). The service checks the rules
    that span fields (coverage end after start, personal data never public) and the publisher."""

    publisher_org_id = fields.Integer(
        validate=validate.Range(1, MAX_ID),
        metadata={"description": "ignored on update: the publisher cannot change"},
    )
    identifier = fields.String(
        validate=[validate.Length(2, 128), validate.Regexp(IDENTIFIER_PATTERN)],
        metadata={"description": "letters, digits and . _ : - (unique in the catalogue)"},
    )
    title_it = fields.String(validate=validate.Length(1, 255))
    title_en = fields.String(validate=validate.Length(max=255))
    description_it = fields.String(validate=validate.Length(1, 10000))
    description_en = fields.String(validate=validate.Length(max=10000))
    themes = fields.List(
        fields.String(validate=validate.OneOf(tuple(vocab.THEMES))),
        validate=validate.Length(min=1),
        metadata={"description": "EU data themes (authority table codes)"},
    )
    keywords = fields.List(
        fields.String(validate=validate.Length(1, 80)), validate=validate.Length(max=30)
    )
    issued = fields.Date(allow_none=True)
    modified = fields.Date(allow_none=True)
    frequency = fields.String(allow_none=True, validate=validate.OneOf(tuple(vocab.FREQUENCIES)))
    temporal_start = fields.Date(allow_none=True)
    temporal_end = fields.Date(allow_none=True, metadata={"description": "on or after the start"})
    spatial = fields.String(allow_none=True, validate=validate.Length(max=120))
    licence = fields.String(allow_none=True, validate=validate.OneOf(tuple(vocab.LICENCES)))
    conforms_to = _choices(STANDARDS)
    coding_systems = _choices(CODING_SYSTEMS)
    number_of_records = fields.Integer(allow_none=True, validate=validate.Range(0, 10**12))
    number_of_individuals = fields.Integer(allow_none=True, validate=validate.Range(0, 10**12))
    personal_data = fields.String(validate=validate.OneOf(PERSONAL_DATA_LEVELS))
    legal_basis = fields.String(allow_none=True, validate=validate.OneOf(tuple(vocab.LEGAL_BASES)))
    consent_codes = _choices(vocab.DUO)
    access_rights = fields.String(
        validate=validate.OneOf(ACCESS_RIGHTS),
        metadata={"description": "pseudonymised or identifiable data cannot be public"},
    )
    contact_name = fields.String(allow_none=True, validate=validate.Length(max=120))
    contact_email = fields.Email(allow_none=True, validate=validate.Length(max=254))
    health_categories = _choices(vocab.HEALTH_CATEGORIES)
    legislation = _choices(vocab.LEGISLATION)
    purposes = _choices(vocab.PURPOSES)
    population_coverage = fields.String(validate=validate.Length(max=2000))
    retention_until = fields.Date(allow_none=True)
    has_structured_data = fields.Boolean(allow_none=True)


class DatasetCreateSchema(DatasetWriteSchema):
    """A new dataset: the publisher (one of the caller's organisations), identifier, Italian
    title and description and at least one theme are required."""

    publisher_org_id = fields.Integer(required=True, validate=validate.Range(1, MAX_ID))
    identifier = fields.String(
        required=True, validate=[validate.Length(2, 128), validate.Regexp(IDENTIFIER_PATTERN)]
    )
    title_it = fields.String(required=True, validate=validate.Length(1, 255))
    description_it = fields.String(required=True, validate=validate.Length(1, 10000))
    themes = fields.List(
        fields.String(validate=validate.OneOf(tuple(vocab.THEMES))),
        required=True,
        validate=validate.Length(min=1),
    )


class DistributionWriteSchema(Schema):
    """A new distribution (a restricted dataset's URLs are shown only with an approval)."""

    title = fields.String(validate=validate.Length(max=255))
    format = fields.String(required=True, validate=validate.OneOf(tuple(vocab.FORMATS)))
    access_url = fields.Url(allow_none=True, schemes={"http", "https"})
    download_url = fields.Url(allow_none=True, schemes={"http", "https"})
    byte_size = fields.Integer(allow_none=True, validate=validate.Range(0, 10**15))
    media_type = fields.String(allow_none=True, validate=validate.Length(max=100))
    checksum = fields.String(
        allow_none=True,
        validate=validate.Regexp(CHECKSUM_PATTERN),
        metadata={"description": "sha256:<64 hex>, sha512:<128 hex> or md5:<32 hex>"},
    )


class QualitySchema(Schema):
    """Metadata quality score with missing rules."""

    score = fields.Integer()
    level = fields.String()
    missing = fields.Function(lambda q: [r.key for r in q.missing])
    passed = fields.Function(lambda q: [r.key for r in q.passed])


class MqaDimensionSchema(Schema):
    """Points of one MQA dimension."""

    key = fields.String()
    points = fields.Integer()
    max = fields.Integer()


class MqaIndicatorSchema(Schema):
    """Points of one MQA indicator (per-distribution ones: weight x share of distributions)."""

    key = fields.String()
    dimension = fields.String()
    weight = fields.Integer()
    points = fields.Float()


class MqaSchema(Schema):
    """data.europa.eu MQA score (405 points; rating excellent / good / sufficient / bad)."""

    total = fields.Integer()
    max = fields.Integer()
    rating = fields.String(validate=validate.OneOf(("excellent", "good", "sufficient", "bad")))
    dimensions = fields.List(fields.Nested(MqaDimensionSchema))
    indicators = fields.List(fields.Nested(MqaIndicatorSchema))
    not_verified = fields.Integer(
        metadata={"description": "external URLs the portal did not fetch (scored 0)"}
    )


class CatalogueMqaSchema(MqaSchema):
    """The catalogue's MQA score: the mean of its datasets' points."""

    datasets = fields.Integer()


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
    submitted_at = UtcDateTime(allow_none=True)
    decided_at = UtcDateTime(allow_none=True)
    history = fields.List(fields.Dict())


class AccessRequestWriteSchema(Schema):
    """Fields of the stepper (all optional on update; purpose required on create)."""

    org_id = fields.Integer(
        allow_none=True,
        validate=validate.Range(1, MAX_ID),
        metadata={"description": "one of the caller's organisations"},
    )
    purpose = fields.String(validate=validate.OneOf(tuple(vocab.PURPOSES)))
    research_question = fields.String(validate=validate.Length(max=5000))
    variables = fields.String(validate=validate.Length(max=5000))
    period_start = fields.Date(allow_none=True)
    period_end = fields.Date(allow_none=True)
    anonymised_ok = fields.Boolean()
    legal_basis = fields.String(allow_none=True, validate=validate.OneOf(tuple(vocab.LEGAL_BASES)))
    safeguards = fields.String(validate=validate.Length(max=5000))
    environment = fields.String(validate=validate.Length(max=5000))
    compute = fields.String(validate=validate.Length(max=5000))


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
    created_at = UtcDateTime()
    detail = fields.Dict()
