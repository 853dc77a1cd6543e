"""API schemas of conversations, the innovation desk and profile claims."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.core.fields import ONE_LINE_TEXT
from app.messaging.inbox import FOLDERS
from app.messaging.models import EMAIL_MODES, ORIGINS
from app.messaging.services import MAX_BODY


class StartSchema(Schema):
    """A new conversation (or a message added to the one open for the same reason)."""

    to_org = fields.String(required=True, metadata={"description": "slug or id"})
    body = fields.String(
        required=True,
        validate=validate.Length(max=MAX_BODY),
        metadata={"description": f"plain text, at most {MAX_BODY} characters"},
    )
    from_org = fields.Integer(metadata={"description": "needed when you belong to several"})
    origin = fields.String(validate=validate.OneOf(ORIGINS), load_default="direct")
    origin_id = fields.Integer()
    subject = fields.String(validate=validate.Length(max=200))


class ListQuerySchema(Schema):
    """Inbox filters."""

    folder = fields.String(validate=validate.OneOf(FOLDERS), load_default="inbox")
    unread = fields.Boolean(load_default=False)
    page = fields.Integer(validate=validate.Range(min=1, max=100000), load_default=1)


class BodySchema(Schema):
    """A reply."""

    body = fields.String(required=True, validate=validate.Length(max=MAX_BODY))


class MarkSchema(Schema):
    """A per-user mark on a thread."""

    action = fields.String(
        required=True, validate=validate.OneOf(("read", "unread", "archive", "unarchive"))
    )


class AnswerSchema(Schema):
    """The answer to the partnership request of a thread."""

    decision = fields.String(required=True, validate=validate.OneOf(("accept", "decline")))
    note = fields.String(validate=validate.Length(max=MAX_BODY), load_default="")


class OrgRefSchema(Schema):
    """An organisation in a conversation."""

    id = fields.Integer()
    slug = fields.String()
    name = fields.String()


class MessageSchema(Schema):
    """One message."""

    id = fields.Integer()
    kind = fields.String()
    author = fields.String()
    author_org_id = fields.Integer(allow_none=True)
    body = fields.String()
    attachments = fields.List(fields.Dict())
    created_at = fields.String()


class ConversationSchema(Schema):
    """A thread (messages only on the detail)."""

    id = fields.Integer()
    subject = fields.String()
    from_org = fields.Nested(OrgRefSchema)
    to_org = fields.Nested(OrgRefSchema)
    origin = fields.Dict()
    request_status = fields.String()
    last_message_at = fields.String(allow_none=True)
    unread = fields.Boolean()
    left = fields.Boolean(metadata={"description": "the caller left the thread"})
    messages = fields.List(fields.Nested(MessageSchema))


class EmailSettingsSchema(Schema):
    """The caller's e-mail choice for new messages."""

    email_mode = fields.String(
        required=True,
        validate=validate.OneOf(EMAIL_MODES),
        metadata={
            "description": "each: one e-mail per new message (default); digest: one e-mail of "
            "the unread messages, sent by `flask messaging digest`"
        },
    )
    last_digest_at = fields.String(allow_none=True, dump_only=True)


class UnreadSchema(Schema):
    """The header badge."""

    unread = fields.Integer()


class DeskCreateSchema(Schema):
    """A request for the innovation desk."""

    to_org = fields.String(required=True)
    body = fields.String(required=True, validate=validate.Length(max=MAX_BODY))
    from_org = fields.Integer()
    origin = fields.String(validate=validate.OneOf(ORIGINS), load_default="direct")
    origin_id = fields.Integer()


class DeskActionSchema(Schema):
    """Forward (email) or close (note) a desk request."""

    email = fields.String()
    note = fields.String(load_default="")


class DeskSchema(Schema):
    """A desk request."""

    id = fields.Integer()
    to_org = fields.Nested(OrgRefSchema)
    from_org = fields.String(allow_none=True)
    sender = fields.String(allow_none=True)
    body = fields.String()
    status = fields.String()
    forwarded_to = fields.String(allow_none=True)
    note = fields.String()
    created_at = fields.String(allow_none=True)


class ClaimCreateSchema(Schema):
    """A claim of an organisation."""

    org = fields.String(required=True, metadata={"description": "slug or id"})
    method = fields.String(required=True, validate=validate.OneOf(("email_domain", "staff")))
    email = fields.String()
    reason = fields.String(validate=validate.Length(max=2000))


class ClaimConfirmSchema(Schema):
    """The token of a mailed confirmation link."""

    token = fields.String(required=True, validate=validate.Length(max=200))


class ClaimDecideSchema(Schema):
    """A staff decision."""

    decision = fields.String(required=True, validate=validate.OneOf(("approve", "reject")))
    reason = fields.String(required=True, validate=validate.Length(max=2000))


class ClaimSchema(Schema):
    """A claim (never its token)."""

    id = fields.Integer()
    org = fields.Nested(OrgRefSchema)
    method = fields.String()
    email = fields.String(allow_none=True)
    reason = fields.String()
    status = fields.String()
    decision_reason = fields.String()
    created_at = fields.String(allow_none=True)


class DuplicateQuerySchema(Schema):
    """What a new organisation would be called."""

    name = fields.String(
        load_default="", validate=[validate.Length(max=255), validate.Regexp(ONE_LINE_TEXT)]
    )
    website = fields.String(
        load_default="", validate=[validate.Length(max=255), validate.Regexp(ONE_LINE_TEXT)]
    )
    vat_number = fields.String(
        load_default="", validate=[validate.Length(max=32), validate.Regexp(ONE_LINE_TEXT)]
    )


class DuplicateSchema(Schema):
    """An existing organisation a new one may duplicate."""

    id = fields.Integer()
    slug = fields.String()
    name = fields.String()
    source = fields.String()
    claimable = fields.Boolean()
    reasons = fields.List(fields.String())
