"""Projects API (flask-smorest): calls the same services as the pages."""

from __future__ import annotations

from flask import jsonify
from flask.views import MethodView
from flask_login import current_user

from app.api.common import ROWS, STAFF, login_required_api, money_text
from app.api.pagination import Blueprint, ListPage, list_query, paged, query
from app.projects import calls, exports, reports, services
from app.projects.dashboard import dashboard, dashboard_json, parse_filters
from app.projects.public import project_view
from app.projects.schemas import (
    DashboardOutSchema,
    DashboardQuerySchema,
    FundingCallOutSchema,
    FundingCallSchema,
    OutputOutSchema,
    ProgressReportSchema,
    ProjectCreateSchema,
    ProjectOutputSchema,
    ProjectOutSchema,
    ProjectQuerySchema,
    ProjectStatusSchema,
    ProjectSummarySchema,
    ReportOutSchema,
    ReportReviewSchema,
)

blp = Blueprint(
    "api_projects",
    __name__,
    url_prefix="/api/v1/projects",
    description="Funding calls, funded projects, reports, monitoring and exports",
)


def _summary(p) -> dict:
    return {
        "id": p.id,
        "acronym": p.acronym,
        "title": p.title,
        "status": p.status,
        "programme": p.call.programme,
        "call_code": p.call.code,
        "lead": p.lead.name if p.lead else None,
        "grant_amount": p.grant_amount,
        "total_cost": p.total_cost,
        "start_date": p.start_date,
        "end_date": p.end_date,
        "source": p.source,
        "outputs": len(p.outputs),
    }


@blp.route("")
class Projects(MethodView):
    """The public project list."""

    @blp.arguments(list_query(ProjectQuerySchema), location="query")
    @blp.response(200, ProjectSummarySchema(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        """List funded projects (q, call, area, status, programme; sort; page, page_size)."""
        page = services.search_projects(services.parse_search(query(args, pagination_parameters)))
        return paged(pagination_parameters, page, [_summary(p) for p in page.items])

    @login_required_api(roles=STAFF)
    @blp.arguments(ProjectCreateSchema)
    @blp.response(201, ProjectOutSchema)
    def post(self, data):
        """Record a funded project with partners and milestones (region staff)."""
        project = services.create_project(current_user, data)
        return project_view(current_user, project)


@blp.route("/<int:project_id>")
class ProjectItem(MethodView):
    """One project: restricted fields only for its members and staff."""

    @blp.response(200, ProjectOutSchema)
    def get(self, project_id):
        """Get a project."""
        return project_view(current_user, services.get_project(project_id))


@blp.route("/<int:project_id>/status")
class ProjectStatus(MethodView):
    """Project life cycle."""

    @login_required_api(roles=STAFF)
    @blp.arguments(ProjectStatusSchema)
    @blp.response(200, ProjectOutSchema)
    def put(self, data, project_id):
        """Change the status (staff; illegal transitions answer 409)."""
        project = services.set_status(
            current_user, services.get_project(project_id), data["status"], data.get("reason", "")
        )
        return project_view(current_user, project)


@blp.route("/calls")
class Calls(MethodView):
    """Funding calls."""

    @blp.response(200, FundingCallOutSchema(many=True))
    @blp.paginate(ListPage)
    def get(self):
        """List funding calls."""
        return calls.list_calls()

    @login_required_api(roles=STAFF)
    @blp.arguments(FundingCallSchema)
    @blp.response(201, FundingCallOutSchema)
    def post(self, data):
        """Open a funding call (region staff)."""
        return calls.create_call(current_user, data)


@blp.route("/<int:project_id>/reports")
class Reports(MethodView):
    """Progress reports of a project."""

    @login_required_api
    @blp.response(200, ReportOutSchema(many=True))
    @blp.paginate(ListPage)
    def get(self, project_id):
        """List the reports (members and staff)."""
        return reports.list_reports(current_user, services.get_project(project_id))

    @login_required_api
    @blp.arguments(ProgressReportSchema)
    @blp.response(201, ReportOutSchema)
    def post(self, data, project_id):
        """Submit a report (or keep a draft with draft=true): the lead's members."""
        draft = data.pop("draft", False)
        return reports.submit_report(
            current_user, services.get_project(project_id), data, draft=draft
        )


@blp.route("/reports/<int:report_id>")
class ReportItem(MethodView):
    """One report."""

    @login_required_api
    @blp.response(200, ReportOutSchema)
    def get(self, report_id):
        """Get a report (members and staff)."""
        return reports.view_report(current_user, reports.get_report(report_id))

    @login_required_api
    @blp.arguments(ProgressReportSchema)
    @blp.response(200, ReportOutSchema)
    def put(self, data, report_id):
        """Correct a draft or returned report and submit it again."""
        report = reports.get_report(report_id)
        draft = data.pop("draft", False)
        return reports.submit_report(current_user, report.project, data, draft=draft, report=report)


@blp.route("/reports/<int:report_id>/review")
class ReportReview(MethodView):
    """Staff review."""

    @login_required_api(roles=STAFF)
    @blp.arguments(ReportReviewSchema)
    @blp.response(200, ReportOutSchema)
    def post(self, data, report_id):
        """Accept a report or return it with comments (region staff)."""
        return reports.review_report(
            current_user, reports.get_report(report_id), data["decision"], data.get("comment", "")
        )


@blp.route("/<int:project_id>/outputs")
class Outputs(MethodView):
    """Results of a project."""

    @login_required_api
    @blp.arguments(ProjectOutputSchema)
    @blp.response(201, OutputOutSchema)
    def post(self, data, project_id):
        """Record a result (the lead's members)."""
        return reports.record_output(current_user, services.get_project(project_id), data)


@blp.route("/dashboard")
class Dashboard(MethodView):
    """Monitoring figures."""

    @login_required_api(roles=STAFF)
    @blp.arguments(DashboardQuerySchema, location="query")
    @blp.response(200, DashboardOutSchema)
    def get(self, args):
        """The monitoring dashboard as JSON (region staff)."""
        today = args.pop("today", None)
        data = dashboard(current_user, parse_filters(args), today)
        return dashboard_json(data, money=money_text)


@blp.route("/export/<what>")
class Export(MethodView):
    """The exports as JSON rows."""

    @login_required_api(roles=STAFF)
    @blp.arguments(DashboardQuerySchema, location="query")
    @blp.response(200, ROWS)
    def get(self, args, what):
        """Rows of the projects, partners or spending export (region staff; `what` is
        projects, partners or spending), amounts as decimal strings."""
        today = args.pop("today", None)
        rows = exports.export_rows(current_user, what, parse_filters(args), today)
        return jsonify(exports.to_json(rows, money=money_text))
