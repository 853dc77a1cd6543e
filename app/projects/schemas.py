"""Marshmallow schemas of the projects API (the services validate the rules again)."""

from marshmallow import Schema, fields, post_dump, validate

from app.core.fields import Money, UtcDateTime
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
    province = fields.String(
        validate=validate.Regexp(r"^([A-Za-z]{2}|—)$"),
        metadata={"description": "a two-letter province code (any case), or — for none known"},
    )
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
    budget = Money(allow_none=True)
    opens_on = fields.Date(allow_none=True)
    closes_on = fields.Date(allow_none=True)
    eligible_kinds = fields.List(fields.String(validate=validate.OneOf(KINDS)))
    areas = fields.List(fields.String(validate=validate.OneOf(AREAS)))


class ProjectPartnerSchema(Schema):
    """One partner of a project."""

    org = fields.String(metadata={"description": "slug or id"})
    org_id = fields.Integer()
    role = fields.String()
    cost_share = Money(allow_none=True)
    grant_amount = Money(allow_none=True)


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
    total_cost = Money(required=True)
    grant_amount = Money(required=True)
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
    spending = fields.Dict(keys=fields.String(), values=Money())
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


# Responses (dumped by @blp.response): money as decimal strings, dates ISO 8601.


class ProjectOrgRefSchema(Schema):
    """An organisation as a project names it."""

    id = fields.Integer()
    slug = fields.String()
    name = fields.String()
    kind = fields.String()


class CallRefSchema(Schema):
    """The call a project was funded under."""

    id = fields.Integer()
    code = fields.String()
    programme = fields.String()
    title = fields.String()


class FundingCallOutSchema(CallRefSchema):
    """A funding call."""

    description = fields.String(allow_none=True)
    budget = Money(allow_none=True)
    opens_on = fields.Date(allow_none=True)
    closes_on = fields.Date(allow_none=True)
    eligible_kinds = fields.List(fields.String())
    areas = fields.List(fields.String())
    source = fields.String(allow_none=True)


class ProjectSummarySchema(Schema):
    """A project in the public list."""

    id = fields.Integer()
    acronym = fields.String()
    title = fields.String()
    status = fields.String()
    programme = fields.String()
    call_code = fields.String()
    lead = fields.String(allow_none=True, metadata={"description": "name of the lead"})
    grant_amount = Money(allow_none=True)
    total_cost = Money(allow_none=True)
    start_date = fields.Date(allow_none=True)
    end_date = fields.Date(allow_none=True)
    source = fields.String(allow_none=True)
    outputs = fields.Integer(metadata={"description": "number of recorded results"})


class PartnerOutSchema(Schema):
    """A partner (its grant share is public only for CORDIS projects)."""

    org = fields.Nested(ProjectOrgRefSchema, allow_none=True)
    role = fields.String(allow_none=True)
    position = fields.Integer(allow_none=True)
    department = fields.String(allow_none=True)
    grant_amount = Money(allow_none=True)


class MilestoneOutSchema(Schema):
    """A milestone."""

    id = fields.Integer()
    title = fields.String()
    deliverable = fields.String(allow_none=True)
    due_date = fields.Date()
    completed_on = fields.Date(allow_none=True)
    late = fields.Boolean(attribute="is_late")


class OutputOutSchema(Schema):
    """A recorded result."""

    id = fields.Integer()
    kind = fields.String()
    title = fields.String()
    doi = fields.String(allow_none=True)
    url = fields.String(allow_none=True)
    dataset_id = fields.Integer(allow_none=True)
    trl_reached = fields.Integer(allow_none=True)


class ReportOutSchema(Schema):
    """A progress report (members and staff)."""

    id = fields.Integer()
    project_id = fields.Integer()
    status = fields.String()
    period_start = fields.Date()
    period_end = fields.Date()
    spending = fields.Dict(keys=fields.String(), values=Money(allow_none=True), allow_none=True)
    total_spent = Money(allow_none=True)
    milestones_reached = fields.List(fields.Dict(), allow_none=True)
    narrative = fields.String(allow_none=True)
    kpis = fields.Dict(allow_none=True)
    problems = fields.String(allow_none=True)
    review_comment = fields.String(allow_none=True)
    submitted_at = UtcDateTime(allow_none=True)
    reviewed_at = UtcDateTime(allow_none=True)


class MonitoringOutSchema(Schema):
    """Monitoring figures (members and staff)."""

    status = fields.String(attribute="label")
    reasons = fields.List(fields.Dict())
    spent = Money(allow_none=True)
    planned = Money(allow_none=True)
    time_pct = fields.Float(allow_none=True)
    spent_pct = fields.Float(allow_none=True)


class PartnerFinanceOutSchema(Schema):
    """A partner's money (members and staff)."""

    org = fields.Nested(ProjectOrgRefSchema, allow_none=True)
    role = fields.String(allow_none=True)
    cost_share = Money(allow_none=True)
    grant_amount = Money(allow_none=True)
    spent = Money(allow_none=True)


RESTRICTED_KEYS = ("monitoring", "partner_finance", "reports")


class ProjectOutSchema(Schema):
    """One project as the caller may see it: monitoring, partner_finance and reports only for
    its members and staff (absent otherwise)."""

    id = fields.Integer()
    acronym = fields.String()
    title = fields.String()
    abstract = fields.String(allow_none=True)
    call = fields.Nested(CallRefSchema)
    status = fields.String()
    areas = fields.List(fields.String())
    source = fields.String(allow_none=True)
    external_url = fields.String(allow_none=True)
    attribution = fields.String(allow_none=True)
    cordis = fields.Dict(allow_none=True)
    lead = fields.Nested(ProjectOrgRefSchema, allow_none=True)
    start_date = fields.Date(allow_none=True)
    end_date = fields.Date(allow_none=True)
    total_cost = Money(allow_none=True)
    grant_amount = Money(allow_none=True)
    partners = fields.List(fields.Nested(PartnerOutSchema))
    milestones = fields.List(fields.Nested(MilestoneOutSchema))
    outputs = fields.List(fields.Nested(OutputOutSchema))
    monitoring = fields.Nested(MonitoringOutSchema, attribute="health")
    partner_finance = fields.List(fields.Nested(PartnerFinanceOutSchema))
    reports = fields.List(fields.Nested(ReportOutSchema))

    @post_dump(pass_original=True)
    def _public_view(self, data, original, **kwargs):
        if not original.get("restricted"):
            for key in RESTRICTED_KEYS:
                data.pop(key, None)
        return data


class DashboardOutSchema(Schema):
    """The monitoring dashboard (region staff): amounts as decimal strings."""

    today = fields.String(metadata={"format": "date"})
    summary = fields.Dict()
    by_call = fields.List(fields.Dict())
    by_area = fields.List(fields.Dict())
    by_province = fields.List(fields.Dict())
    by_kind = fields.List(fields.Dict())
    trend = fields.List(fields.Dict())
    projects = fields.List(fields.Dict())
    overdue = fields.List(fields.Dict())
