"""Marshmallow schemas of the compliance API."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.compliance.consultations import TOPICS, URGENCIES
from app.compliance.gdpr import message_text
from app.core.fields import UtcDateTime


class AssessmentWriteSchema(Schema):
    """A run of the self-assessment; the service checks every answer against the rule set."""

    org_id = fields.Integer(required=True)
    product = fields.String(required=True)
    answers = fields.Dict(keys=fields.String(), values=fields.String(), required=True)


class AssessmentSchema(Schema):
    """A saved assessment."""

    id = fields.Integer()
    org_id = fields.Integer()
    product = fields.String()
    version = fields.Integer()
    rules_version = fields.String()
    answers = fields.Dict()
    result = fields.Dict()
    created_at = UtcDateTime()
    is_demo = fields.Boolean()


class ConsultationWriteSchema(Schema):
    """A consultation request."""

    org_id = fields.Integer(required=True)
    topic = fields.String(required=True, validate=validate.OneOf(TOPICS))
    urgency = fields.String(validate=validate.OneOf(URGENCIES))
    subject = fields.String(required=True)
    body = fields.String(required=True)
    assessment_id = fields.Integer(allow_none=True)


class ConsultationMessageWriteSchema(Schema):
    """A new message of the thread."""

    body = fields.String(required=True)


class ConsultationMessageSchema(Schema):
    """A message of the thread."""

    id = fields.Integer()
    author_id = fields.Integer(allow_none=True)
    body = fields.Function(
        message_text,
        metadata={"description": "the text, or a notice when its author's account was erased"},
    )
    removed = fields.Boolean(
        dump_only=True, metadata={"description": "removed at the erasure of its author"}
    )
    created_at = UtcDateTime(dump_only=True)


class ConsultationSchema(Schema):
    """A consultation with its thread."""

    id = fields.Integer()
    org_id = fields.Integer()
    assessment_id = fields.Integer(allow_none=True)
    topic = fields.String()
    urgency = fields.String()
    subject = fields.String()
    status = fields.String()
    expert_id = fields.Integer(allow_none=True)
    outcome = fields.String()
    created_at = UtcDateTime()
    first_reply_at = UtcDateTime(allow_none=True)
    closed_at = UtcDateTime(allow_none=True)
    messages = fields.List(fields.Nested(ConsultationMessageSchema))


class ConsultationActionSchema(Schema):
    """assign (expert_id optional: yourself) or close (outcome required)."""

    action = fields.String(required=True, validate=validate.OneOf(("assign", "close")))
    expert_id = fields.Integer(allow_none=True)
    outcome = fields.String()
