"""Projects pages: public list and project pages, calls, project and report workflow."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from app.auth.forms import EmptyForm
from app.core.errors import ServiceError
from app.core.forms import ACTION_ERRORS, form_message, submit_form
from app.core.inputs import as_id
from app.extensions import db
from app.orgs.models import Organisation
from app.projects import calls, labels, reports, services
from app.projects.forms import (
    CallForm,
    OutputForm,
    ProjectForm,
    ReviewForm,
    StatusForm,
    report_data,
)
from app.projects.permissions import can_manage_calls, can_report, can_review_reports
from app.projects.public import project_view

bp = Blueprint("projects", __name__)


# The errors a service reports on these forms (with 422, as the hand-written copies did).
FORM_ERRORS = (*ACTION_ERRORS, 404)  # a refusal (403) goes to the error page


@bp.route("/projects")
def index():
    """Public, searchable, paginated list of funded projects."""
    try:
        params = services.parse_search(request.args)
    except ServiceError as exc:
        flash(exc.message, "warning")
        params = services.parse_search({})
    page = services.search_projects(params)
    return render_template(
        "projects/index.html", page=page, params=params, calls=calls.list_calls()
    )


@bp.route("/projects/<int:project_id>")
def detail(project_id: int):
    """Public project page; money per partner and reports for members and staff."""
    project = services.get_project(project_id)
    view = project_view(current_user, project)
    # The select starts at the project's current status, not at the first choice.
    return render_template(
        "projects/detail.html", v=view, status_form=StatusForm(status=project.status)
    )


@bp.route("/projects/calls")
def call_list():
    """Funding calls with their budget and what is granted."""
    items = [(c, calls.call_granted(c)) for c in calls.list_calls()]
    return render_template("projects/calls.html", items=items)


@bp.route("/projects/calls/new", methods=["GET", "POST"])
@login_required
def new_call():
    """Staff: open a funding call."""
    if not can_manage_calls(current_user):
        abort(403)
    form = CallForm()

    def created(call):
        flash(_("Funding call created."), "success")
        return redirect(url_for("projects.index", call=call.id))

    return submit_form(
        form,
        lambda: calls.create_call(current_user, form.to_data()),
        created,
        lambda: render_template("projects/call_form.html", form=form),
        shown=FORM_ERRORS,
        error_status=422,
    )


def _org_choices() -> list:
    return list(
        db.session.execute(
            select(Organisation.slug, Organisation.name)
            .where(Organisation.source != "cordis")
            .order_by(Organisation.name)
            .limit(1000)
        ).all()
    )


@bp.route("/projects/new", methods=["GET", "POST"])
@login_required
def new_project():
    """Staff: record a funded project with partners and milestones."""
    if not can_manage_calls(current_user):
        abort(403)
    form = ProjectForm()
    form.call_id.choices = [
        (c.id, f"{c.code} – {c.title}") for c in calls.list_calls(include_external=False)
    ]
    if request.method == "GET" and as_id(request.args.get("call", "")):
        form.call_id.data = as_id(request.args["call"])

    def recorded(project):
        flash(_("Project recorded."), "success")
        return redirect(url_for("projects.detail", project_id=project.id))

    return submit_form(
        form,
        lambda: services.create_project(current_user, form.to_data()),
        recorded,
        lambda: render_template("projects/project_form.html", form=form, orgs=_org_choices()),
        shown=FORM_ERRORS,
        error_status=422,
    )


@bp.route("/projects/<int:project_id>/status", methods=["POST"])
@login_required
def change_status(project_id: int):
    """Staff: move the project to another status (illegal moves answer 409)."""
    project = services.get_project(project_id)
    if not can_manage_calls(current_user):
        abort(403)
    form = StatusForm()
    if not form.validate_on_submit():
        abort(400)
    services.set_status(current_user, project, form.status.data, form.reason.data or "")
    flash(_("Status updated."), "success")
    return redirect(url_for("projects.detail", project_id=project.id))


def _report_page(project, report=None):
    """Shared GET/POST of the new-report and edit-report pages."""
    form = EmptyForm()
    if request.method == "POST" and not form.validate_on_submit():
        abort(400)  # a stale CSRF token: nothing typed is lost by the browser's back

    def saved(saved_report):
        flash(
            _("Report saved as draft.")
            if saved_report.status == "draft"
            else _("Report submitted."),
            "success",
        )
        return redirect(url_for("projects.report", report_id=saved_report.id))

    return submit_form(
        form,
        lambda: reports.submit_report(
            current_user,
            project,
            report_data(request.form, project),
            draft=bool(request.form.get("draft")),
            report=report,
        ),
        saved,
        lambda: render_template(
            "projects/report_form.html",
            project=project,
            report=report,
            form=form,
            values=request.form if request.method == "POST" else {},
            error=getattr(form, "service_error", None),
        ),
        shown=(*ACTION_ERRORS, 404),  # the report page says what went wrong (a 403 does not)
        error_status=422,
    )


@bp.route("/projects/<int:project_id>/reports/new", methods=["GET", "POST"])
@login_required
def new_report(project_id: int):
    """The lead's members submit a progress report."""
    project = services.get_project(project_id)
    if not can_report(current_user, project):
        abort(403)
    return _report_page(project)


@bp.route("/projects/reports/<int:report_id>/edit", methods=["GET", "POST"])
@login_required
def edit_report(report_id: int):
    """The lead's members correct a draft or returned report and submit it."""
    report = reports.get_report(report_id)
    if not can_report(current_user, report.project):
        abort(403)
    if report.status not in ("draft", "returned"):
        flash(_("Only draft or returned reports can be changed."), "warning")
        return redirect(url_for("projects.report", report_id=report.id))
    return _report_page(report.project, report)


@bp.route("/projects/reports/<int:report_id>")
@login_required
def report(report_id: int):
    """A progress report (the project's members and staff)."""
    rep = reports.view_report(current_user, reports.get_report(report_id))
    return render_template(
        "projects/report.html",
        r=rep,
        project=rep.project,
        form=ReviewForm(),
        can_edit=can_report(current_user, rep.project),
    )


@bp.route("/projects/reports/<int:report_id>/review", methods=["POST"])
@login_required
def review(report_id: int):
    """Staff accept a report or send it back with comments."""
    rep = reports.get_report(report_id)
    if not can_review_reports(current_user):
        abort(403)
    form = ReviewForm()
    if not form.validate_on_submit():
        abort(400)

    def reviewed(_result):
        flash(
            _("Report accepted.") if rep.status == "accepted" else _("Report sent back."),
            "success",
        )
        return redirect(url_for("projects.report", report_id=rep.id))

    def page_again():  # the report with the service's message on top
        flash(form_message(form) or "", "danger")
        return render_template(
            "projects/report.html", r=rep, project=rep.project, form=form, can_edit=False
        )

    return submit_form(
        form,
        lambda: reports.review_report(
            current_user, rep, form.decision.data, form.comment.data or ""
        ),
        reviewed,
        page_again,
        shown=(400, 404, 413, 422, 429),  # a 409 (already reviewed) goes to the error page
        error_status=422,
    )


@bp.route("/projects/<int:project_id>/outputs/new", methods=["GET", "POST"])
@login_required
def new_output(project_id: int):
    """The lead's members record a result of the project."""
    project = services.get_project(project_id)
    if not can_report(current_user, project):
        abort(403)
    form = OutputForm()

    def recorded(_output):
        flash(_("Result recorded."), "success")
        return redirect(url_for("projects.detail", project_id=project.id) + "#outputs")

    return submit_form(
        form,
        lambda: reports.record_output(current_user, project, form.to_data()),
        recorded,
        lambda: render_template("projects/output_form.html", form=form, project=project),
        shown=FORM_ERRORS,
        error_status=422,
    )


@bp.app_context_processor
def _project_labels() -> dict:
    """Labels of the projects vocabularies for the templates."""
    return {
        "status_labels": labels.STATUS_LABELS,
        "report_labels": labels.REPORT_LABELS,
        "role_labels": labels.ROLE_LABELS,
        "output_labels": labels.OUTPUT_LABELS,
        "health_labels": labels.HEALTH_LABELS,
        "rule_labels": labels.RULE_LABELS,
    }


# Registers the dashboard routes, and the research and funded-projects sections of the
# organisation page.
from app.projects import profile, research, views_monitor  # noqa: E402,F401
