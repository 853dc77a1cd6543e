"""Marshmallow schemas of the partners API."""

from marshmallow import Schema, fields, validate

from app.orgs.models import KINDS


class SuggestQuerySchema(Schema):
    """Filters of a suggestion list."""

    kind = fields.String(validate=validate.OneOf(KINDS))
    k = fields.Integer(validate=validate.Range(1, 50), load_default=10)


class PartnerRefSchema(Schema):
    """A common partner."""

    id = fields.Integer()
    slug = fields.String()
    name = fields.String()


class BestProjectSchema(Schema):
    """A funded project that explains a proposal."""

    id = fields.Integer()
    acronym = fields.String(allow_none=True)
    title = fields.String()


class ProposalSchema(Schema):
    """One suggestion with its explanation."""

    org_id = fields.Integer()
    slug = fields.String()
    name = fields.String()
    kind = fields.String()
    score = fields.Float()
    signals = fields.Dict(keys=fields.String(), values=fields.Float())
    contributions = fields.Dict(keys=fields.String(), values=fields.Float())
    shared_terms = fields.List(fields.String())
    common_partners = fields.List(fields.Nested(PartnerRefSchema))
    status = fields.String()
    strength = fields.Float(metadata={"description": "Evidence relative to the best proposal"})
    best_project = fields.Nested(
        BestProjectSchema,
        allow_none=True,
        metadata={"description": "The proposed organisation's project closest to your text"},
    )


class FeedbackSchema(Schema):
    """The user's decision on a suggestion."""

    action = fields.String(
        required=True, validate=validate.OneOf(("contact", "accept", "dismiss", "decline"))
    )
    message = fields.String(validate=validate.Length(max=5000))


class FeedbackResultSchema(Schema):
    """The stored proposal after the decision."""

    id = fields.Integer()
    from_org_id = fields.Integer()
    to_org_id = fields.Integer()
    status = fields.String()
    score = fields.Float()


class ItemSchema(Schema):
    """A challenge or dataset ranked for an organisation."""

    id = fields.Integer()
    title = fields.String()
    score = fields.Float()
    shared_terms = fields.List(fields.String())
