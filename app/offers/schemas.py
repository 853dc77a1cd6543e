"""API schemas of collaboration offers."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.offers.models import OFFER_KINDS
from app.offers.services import OFFER_ACTIONS
from app.orgs.models import AREAS


class OfferQuerySchema(Schema):
    """Listing filters."""

    q = fields.String(validate=validate.Length(max=200))
    kind = fields.String(validate=validate.OneOf(OFFER_KINDS))
    area = fields.String(validate=validate.OneOf(AREAS))
    trl = fields.Integer(validate=validate.Range(min=1, max=9))
    page = fields.Integer(validate=validate.Range(min=1, max=100000), load_default=1)


class OfferWriteSchema(Schema):
    """A new offer (org is the posting organisation's slug or id)."""

    org = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(OFFER_KINDS))
    summary = fields.String(required=True, validate=validate.Length(max=200))
    description = fields.String(validate=validate.Length(max=5000))
    areas = fields.List(fields.String())
    trl = fields.Integer(allow_none=True)
    expires_on = fields.Date(allow_none=True)


class OfferPatchSchema(Schema):
    """Changes to a draft."""

    kind = fields.String(validate=validate.OneOf(OFFER_KINDS))
    summary = fields.String(validate=validate.Length(max=200))
    description = fields.String(validate=validate.Length(max=5000))
    areas = fields.List(fields.String())
    trl = fields.Integer(allow_none=True)
    expires_on = fields.Date(allow_none=True)


class TransitionSchema(Schema):
    """A workflow step."""

    action = fields.String(required=True, validate=validate.OneOf(tuple(OFFER_ACTIONS)))
    comment = fields.String(load_default="", validate=validate.Length(max=2000))


class InterestSchema(Schema):
    """The first message to the posting organisation."""

    body = fields.String(required=True, validate=validate.Length(max=5000))
    from_org = fields.Integer()


class OfferOrgSchema(Schema):
    """The posting organisation."""

    id = fields.Integer()
    slug = fields.String()
    name = fields.String()


class OfferSchema(Schema):
    """An offer."""

    id = fields.Integer()
    org = fields.Nested(OfferOrgSchema)
    kind = fields.String()
    summary = fields.String()
    description = fields.String()
    areas = fields.List(fields.String())
    trl = fields.Integer(allow_none=True)
    expires_on = fields.String(allow_none=True)
    status = fields.String()
    review_comment = fields.String()
    published_at = fields.String(allow_none=True)


class FitSchema(Schema):
    """An organisation that fits an offer."""

    id = fields.Integer()
    slug = fields.String()
    name = fields.String()
    score = fields.Float()
    shared_terms = fields.List(fields.String())


class InterestResultSchema(Schema):
    """The conversation that opened."""

    conversation_id = fields.Integer()
