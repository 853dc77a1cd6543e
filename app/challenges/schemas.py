"""Marshmallow schemas for the challenges API (types only; the services validate values)."""

from marshmallow import Schema, fields, validate

from app.challenges.models import VISIBILITIES
from app.challenges.permissions import PUBLISHED
from app.challenges.services import DEADLINES, as_utc
from app.challenges.workflow import CHALLENGE_ACTIONS, REVIEW_ACTIONS
from app.core.fields import Money, UtcDateTime
from app.orgs.models import AREAS


class ChallengeQuerySchema(Schema):
    """Listing filters (same as the page)."""

    q = fields.String(validate=validate.Length(max=200))
    area = fields.String(validate=validate.OneOf(AREAS))
    trl = fields.Integer(validate=validate.Range(1, 9))
    status = fields.String(validate=validate.OneOf(PUBLISHED))
    deadline = fields.String(validate=validate.OneOf(DEADLINES))
    page = fields.Integer(validate=validate.Range(1, 100000), load_default=1)
    per_page = fields.Integer(validate=validate.Range(1, 100), load_default=20)


class ChallengeSchema(Schema):
    """A challenge as returned by the API."""

    id = fields.Integer(dump_only=True)
    org_id = fields.Integer()
    organisation = fields.Function(lambda c: c.organisation.name)
    title = fields.String()
    description = fields.String()
    expected_outcome = fields.String()
    area = fields.String(allow_none=True)
    trl_required = fields.Integer(allow_none=True)
    budget = Money(allow_none=True)
    reward = fields.String()
    deadline = fields.Function(lambda c: as_utc(c.deadline).isoformat() if c.deadline else None)
    visibility = fields.String()
    response_requirements = fields.String()
    status = fields.String()
    review_comment = fields.String()
    published_at = UtcDateTime(allow_none=True)
    is_demo = fields.Boolean()


class ChallengeWriteSchema(Schema):
    """Fields accepted on create (title, description required) and update (all optional)."""

    org_id = fields.Integer()
    title = fields.String()
    description = fields.String()
    expected_outcome = fields.String()
    area = fields.String(allow_none=True)
    trl_required = fields.Integer(allow_none=True)
    budget = fields.Raw(
        allow_none=True, metadata={"type": "string", "description": "Euro, e.g. 25000.00"}
    )
    reward = fields.String()
    deadline = fields.String(
        allow_none=True, metadata={"description": "YYYY-MM-DD or ISO datetime"}
    )
    visibility = fields.String(validate=validate.OneOf(VISIBILITIES))
    response_requirements = fields.String()


class ChTransitionSchema(Schema):
    """A workflow action on a challenge."""

    action = fields.String(required=True, validate=validate.OneOf(list(CHALLENGE_ACTIONS)))
    comment = fields.String(load_default="")


class ChQuestionSchema(Schema):
    """A clarification question and its answer."""

    id = fields.Integer(dump_only=True)
    question = fields.String(required=True)
    answer = fields.String(dump_only=True, allow_none=True)
    answered_at = UtcDateTime(dump_only=True, allow_none=True)


class ChAnswerSchema(Schema):
    """The company's answer."""

    answer = fields.String(required=True)


class ChResponseSchema(Schema):
    """A response as returned to those allowed to see it."""

    id = fields.Integer(dump_only=True)
    challenge_id = fields.Integer(dump_only=True)
    org_id = fields.Integer()
    organisation = fields.Function(lambda r: r.organisation.name)
    organisation_kind = fields.Function(lambda r: r.organisation.kind)
    summary = fields.String()
    approach = fields.String()
    team = fields.String()
    trl_current = fields.Integer(allow_none=True)
    timeline = fields.String()
    estimated_cost = Money(allow_none=True)
    status = fields.String(dump_only=True)
    feedback = fields.String(dump_only=True)


class ChResponseWriteSchema(Schema):
    """Fields of a response (summary required on create)."""

    org_id = fields.Integer()
    summary = fields.String()
    approach = fields.String()
    team = fields.String()
    trl_current = fields.Integer(allow_none=True)
    timeline = fields.String()
    estimated_cost = fields.Raw(allow_none=True, metadata={"type": "string"})


class ChReviewSchema(Schema):
    """A review decision on a response."""

    action = fields.String(required=True, validate=validate.OneOf(list(REVIEW_ACTIONS)))
    feedback = fields.String(load_default="")


class ChInviteSchema(Schema):
    """Invite an organisation."""

    org_id = fields.Integer(required=True)


class ChInvitationSchema(Schema):
    """An invitation."""

    id = fields.Integer()
    challenge_id = fields.Integer()
    org_id = fields.Integer()


class ChSuggestionSchema(Schema):
    """A suggested solver (or a ranked challenge) with its reasons."""

    id = fields.Function(lambda s: s.item.id)
    name = fields.Function(lambda s: getattr(s.item, "name", None) or s.item.title)
    score = fields.Float()
    reasons = fields.List(fields.String())


class ChAttachmentSchema(Schema):
    """An attachment's metadata."""

    id = fields.Integer()
    filename = fields.String()
    content_type = fields.String()
    size = fields.Integer()


class ChUploadSchema(Schema):
    """Multipart upload: one file."""

    file = fields.Raw(metadata={"type": "string", "format": "binary"})


class ChStatsSchema(Schema):
    """Statistics for the posting company."""

    views = fields.Integer()
    responses = fields.Integer()
    responses_by_kind = fields.List(fields.Dict())
    responses_by_status = fields.Dict()
    questions = fields.Integer()
    invitations = fields.Integer()
