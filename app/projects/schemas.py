"""Marshmallow schemas of the projects API (the services validate the rules again)."""

from marshmallow import Schema, fields, validate

from app.orgs.models import AREAS, KINDS
from app.projects.exports import KINDS as EXPORTS
from app.projects.models import OUTPUT_KINDS, PROJECT_STATUSES
from app.projects.services import SORTS


class ProjectQuerySchema(Schema):
    """Public list filters (same as the page)."""

    q = fields.String(validate=validate.Length(max=200))
    call = fields.Integer(validate=validate.Range(min=1))
    area = fields.String(validate=validate.OneOf(AREAS))
    status = fields.String(validate=validate.OneOf(PROJECT_STATUSES))
    programme = fields.String(validate=validate.Length(max=120))
    sort = fields.String(validate=validate.OneOf(SORTS))
    page = fields.Integer(validate=validate.Range(1, 100000), load_default=1)
    per_page = fields.Integer(validate=validate.Range(1, 100), load_default=20)


class DashboardQuerySchema(Schema):
    """Dashboard and export filters."""

    call = fields.Integer(validate=validate.Range(min=1))
    area = fields.String(validate=validate.OneOf(AREAS))
    province = fields.String(validate=validate.Length(max=64))
    kind = fields.String(validate=validate.OneOf(KINDS))
    status = fields.String(validate=validate.OneOf(PROJECT_STATUSES))
    risk = fields.String(validate=validate.OneOf(("at_risk", "on_track")))
    external = fields.Boolean()
    today = fields.Date(metadata={"description": "evaluate on this day (default: today)"})


class FundingCallSchema(Schema):
    """A funding call (create)."""

    programme = fields.String(required=True, validate=validate.Length(min=1, max=120))
    code = fields.String(required=True, validate=validate.Length(min=1, max=64))
    title = fields.String(required=True, validate=validate.Length(min=1, max=255))
    description = fields.String(validate=validate.Length(max=10000))
    budget = fields.Decimal(allow_none=True)
    opens_on = fields.Date(allow_none=True)
    closes_on = fields.Date(allow_none=True)
    eligible_kinds = fields.List(fields.String(validate=validate.OneOf(KINDS)))
    areas = fields.List(fields.String(validate=validate.OneOf(AREAS)))


class ProjectPartnerSchema(Schema):
    """One partner of a project."""

    org = fields.String(metadata={"description": "slug or id"})
    org_id = fields.Integer()
    role = fields.String()
    cost_share = fields.Decimal(allow_none=True)
    grant_amount = fields.Decimal(allow_none=True)


class ProjectMilestoneSchema(Schema):
    """One planned milestone."""

    title = fields.String(required=True, validate=validate.Length(min=1, max=255))
    due_date = fields.Date(required=True)
    deliverable = fields.String(validate=validate.Length(max=2000))


class ProjectCreateSchema(Schema):
    """A funded project (create)."""

    call_id = fields.Integer(required=True)
    acronym = fields.String(required=True, validate=validate.Length(min=1, max=64))
    title = fields.String(required=True, validate=validate.Length(min=1, max=255))
    abstract = fields.String(validate=validate.Length(max=20000))
    lead = fields.String(metadata={"description": "slug or id of the lead organisation"})
    lead_org_id = fields.Integer()
    total_cost = fields.Decimal(required=True)
    grant_amount = fields.Decimal(required=True)
    start_date = fields.Date(required=True)
    end_date = fields.Date(required=True)
    status = fields.String(validate=validate.OneOf(("planned", "active")))
    areas = fields.List(fields.String(validate=validate.OneOf(AREAS)))
    partners = fields.List(fields.Nested(ProjectPartnerSchema))
    milestones = fields.List(fields.Nested(ProjectMilestoneSchema))


class ProjectStatusSchema(Schema):
    """A status change."""

    status = fields.String(required=True, validate=validate.OneOf(PROJECT_STATUSES))
    reason = fields.String(validate=validate.Length(max=500))


class MilestoneReachedSchema(Schema):
    """A milestone reached in a report period."""

    id = fields.Integer(required=True)
    completed_on = fields.Date(allow_none=True)
    evidence = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class ProgressReportSchema(Schema):
    """A progress report (submit, or save as draft with draft=true)."""

    period_start = fields.Date(required=True)
    period_end = fields.Date(required=True)
    spending = fields.Dict(keys=fields.String(), values=fields.Decimal())
    milestones_reached = fields.List(fields.Nested(MilestoneReachedSchema))
    narrative = fields.String(validate=validate.Length(max=20000))
    kpis = fields.Dict(keys=fields.String(), values=fields.Raw())
    problems = fields.String(validate=validate.Length(max=10000))
    draft = fields.Boolean(load_default=False)


class ReportReviewSchema(Schema):
    """Staff decision on a report."""

    decision = fields.String(required=True, validate=validate.OneOf(("accept", "return")))
    comment = fields.String(validate=validate.Length(max=5000))


class ProjectOutputSchema(Schema):
    """A result of the project."""

    kind = fields.String(required=True, validate=validate.OneOf(OUTPUT_KINDS))
    title = fields.String(required=True, validate=validate.Length(min=1, max=255))
    doi = fields.String(allow_none=True, validate=validate.Length(max=255))
    url = fields.String(allow_none=True, validate=validate.Length(max=255))
    dataset_id = fields.Integer(allow_none=True)
    trl_reached = fields.Integer(allow_none=True, validate=validate.Range(1, 9))
    description = fields.String(validate=validate.Length(max=5000))


EXPORT_KINDS = EXPORTS
