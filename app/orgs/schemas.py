"""Marshmallow schemas for the organisations API."""

from marshmallow import Schema, fields, validate

from app.orgs.models import AREAS, KINDS, SIZE_BANDS
from app.orgs.services import SCOPES, SORTS


class OrgQuerySchema(Schema):
    """Directory filters (same as the page)."""

    q = fields.String(validate=validate.Length(max=200))
    kind = fields.String(validate=validate.OneOf(KINDS))
    area = fields.String(validate=validate.OneOf(AREAS))
    province = fields.String(validate=validate.Length(max=64))
    trl = fields.Integer(validate=validate.Range(1, 9))
    verified = fields.Boolean()
    sort = fields.String(validate=validate.OneOf(SORTS))
    scope = fields.String(
        validate=validate.OneOf(SCOPES),
        metadata={"description": "region (default: the Lombardy ecosystem) or all"},
    )
    page = fields.Integer(validate=validate.Range(1, 100000), load_default=1)
    per_page = fields.Integer(validate=validate.Range(1, 100), load_default=20)


class OrgSchema(Schema):
    """An organisation as returned by the API."""

    id = fields.Integer(dump_only=True)
    slug = fields.String()
    name = fields.String()
    kind = fields.String()
    description = fields.String()
    competences = fields.List(fields.String())
    offers = fields.String()
    seeks = fields.String()
    areas = fields.List(fields.String(), attribute="area_codes")
    trl_min = fields.Integer(allow_none=True)
    trl_max = fields.Integer(allow_none=True)
    region = fields.String(allow_none=True)
    province = fields.String(allow_none=True)
    city = fields.String(allow_none=True)
    website = fields.String(allow_none=True)
    vat_number = fields.String(allow_none=True)
    ateco_code = fields.String(allow_none=True)
    founded = fields.Integer(allow_none=True)
    size_band = fields.String(allow_none=True)
    verified = fields.Boolean()
    source = fields.String()
    is_demo = fields.Boolean()


class OrgWriteSchema(Schema):
    """Fields accepted on create (name and kind required) and update (all optional)."""

    slug = fields.String(validate=validate.Length(max=80))
    name = fields.String(validate=validate.Length(min=1, max=255))
    kind = fields.String(validate=validate.OneOf(KINDS))
    description = fields.String(validate=validate.Length(max=5000))
    competences = fields.List(
        fields.String(validate=validate.Length(max=80)), validate=validate.Length(max=30)
    )
    offers = fields.String(validate=validate.Length(max=2000))
    seeks = fields.String(validate=validate.Length(max=2000))
    areas = fields.List(fields.String(validate=validate.OneOf(AREAS)))
    trl_min = fields.Integer(allow_none=True, validate=validate.Range(1, 9))
    trl_max = fields.Integer(allow_none=True, validate=validate.Range(1, 9))
    region = fields.String(allow_none=True, validate=validate.Length(max=64))
    province = fields.String(allow_none=True, validate=validate.Length(max=64))
    city = fields.String(allow_none=True, validate=validate.Length(max=120))
    website = fields.String(allow_none=True, validate=validate.Length(max=255))
    vat_number = fields.String(allow_none=True, validate=validate.Length(max=32))
    ateco_code = fields.String(allow_none=True, validate=validate.Length(max=16))
    founded = fields.Integer(allow_none=True)
    size_band = fields.String(allow_none=True, validate=validate.OneOf(SIZE_BANDS))


class OrgCreateSchema(OrgWriteSchema):
    """Create: name and kind are required."""

    name = fields.String(required=True, validate=validate.Length(min=1, max=255))
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))


class VerifySchema(Schema):
    """Staff verification flag."""

    verified = fields.Boolean(required=True)
