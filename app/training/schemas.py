"""Marshmallow schemas of the training API."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.compute.schemas import SuggestedItemSchema
from app.core.fields import UtcDateTime
from app.training import vocab


class CourseQuerySchema(Schema):
    """Catalogue filters (same as the page)."""

    q = fields.String(validate=validate.Length(max=200))
    kind = fields.String(validate=validate.OneOf(tuple(vocab.KINDS)))
    topic = fields.String(validate=validate.OneOf(tuple(vocab.TOPICS)))
    audience = fields.String(validate=validate.OneOf(tuple(vocab.AUDIENCES)))
    level = fields.String(validate=validate.OneOf(tuple(vocab.LEVELS)))
    format = fields.String(validate=validate.OneOf(tuple(vocab.FORMATS)))
    language = fields.String(validate=validate.OneOf(tuple(vocab.LANGUAGES)))
    provider = fields.Integer(validate=validate.Range(1))
    when = fields.String(validate=validate.OneOf(("upcoming", "past")))
    page = fields.Integer(validate=validate.Range(1, 100000), load_default=1)


class CourseSchema(Schema):
    """A course as the API returns it."""

    id = fields.Integer()
    title = fields.String()
    summary = fields.String()
    description = fields.String()
    kind = fields.String()
    topic = fields.String()
    audience = fields.List(fields.String())
    level = fields.String()
    format = fields.String()
    place = fields.String()
    online_url = fields.String(allow_none=True)
    language = fields.String()
    starts_at = UtcDateTime()
    ends_at = UtcDateTime()
    registration_deadline = UtcDateTime()
    seats = fields.Integer()
    provider_org_id = fields.Integer()
    status = fields.String()
    is_demo = fields.Boolean()
    ics = fields.Function(lambda c: f"/training/courses/{c.id}.ics")


class CourseWriteSchema(Schema):
    """Fields of a course; the service validates values and names the wrong field."""

    title = fields.String()
    summary = fields.String()
    description = fields.String()
    kind = fields.String()
    topic = fields.String()
    audience = fields.List(fields.String())
    level = fields.String()
    format = fields.String()
    place = fields.String()
    online_url = fields.String(allow_none=True)
    language = fields.String()
    starts_at = fields.String(metadata={"description": "ISO date-time, UTC if no offset"})
    ends_at = fields.String()
    registration_deadline = fields.String()
    seats = fields.Integer()
    provider_org_id = fields.Integer()


class StatusActionSchema(Schema):
    """A course status change."""

    action = fields.String(required=True, validate=validate.OneOf(("publish", "cancel")))


class RegistrationSchema(Schema):
    """A registration."""

    id = fields.Integer()
    course_id = fields.Integer()
    user_id = fields.Integer()
    status = fields.String()
    queued_at = UtcDateTime()
    attended = fields.Boolean(allow_none=True)


class AttendanceSchema(Schema):
    """Present or absent."""

    attended = fields.Boolean(required=True)


class SuggestionQuerySchema(Schema):
    """Whose course suggestions."""

    org = fields.String(
        metadata={"description": "slug of one of your organisations (default: the first)"}
    )


class CourseOrgRefSchema(Schema):
    """An organisation, briefly."""

    slug = fields.String()
    name = fields.String()


class CourseSuggestionsSchema(Schema):
    """Upcoming courses that fit an organisation's profile."""

    org = fields.Nested(CourseOrgRefSchema)
    courses = fields.List(fields.Nested(SuggestedItemSchema))


class ServicesResponseRefSchema(Schema):
    """A challenge response, briefly."""

    id = fields.Integer()
    challenge_id = fields.Integer()
    org = fields.String()


class ResponseServicesSchema(Schema):
    """Courses, helpdesk guidelines and computing resources for a challenge response."""

    response = fields.Nested(ServicesResponseRefSchema)
    courses = fields.List(fields.Nested(SuggestedItemSchema))
    guidelines = fields.List(fields.Nested(SuggestedItemSchema))
    resources = fields.List(fields.Nested(SuggestedItemSchema))
