"""Training pages: catalogue, course page, publishing, registrations, attendance, iCalendar."""

from __future__ import annotations

import click
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.auth.forms import EmptyForm
from app.core.forms import submit_form
from app.core.urls import base_url
from app.extensions import db
from app.orgs.models import Organisation
from app.training import ics, registrations, services, vocab
from app.training.certificate import certificate_pdf
from app.training.demo import seed_demo
from app.training.forms import CourseForm
from app.training.permissions import can_create_course, can_manage_course, provider_orgs
from app.training.suggestions import suggest_courses

bp = Blueprint("training", __name__, url_prefix="/training", cli_group="training")


@bp.context_processor
def _vocab():
    """Labels and permission helpers for the training templates."""
    return {"tv": vocab, "can_manage_course": can_manage_course}


@bp.route("")
def index():
    """The catalogue with search and facets."""
    params = services.parse_search(request.args)
    page = services.search_courses(params)
    ids = [v for v, _n in page.facets.get("provider", [])]
    providers = {
        o.id: o.name
        for o in db.session.execute(
            db.select(Organisation).where(Organisation.id.in_(ids))
        ).scalars()
    }
    suggested = []
    if current_user.is_authenticated and current_user.memberships and params["page"] == 1:
        org = current_user.memberships[0].organisation
        suggested = [(org, suggest_courses(current_user, org))]
    return render_template(
        "training/index.html",
        page=page,
        params=params,
        providers=providers,
        can_create=can_create_course(current_user),
        suggested=suggested,
    )


@bp.route("/courses/<int:course_id>")
def detail(course_id: int):
    """A course: dates, place, seats left, registration and calendar buttons."""
    course = services.get_course(current_user, course_id)
    return render_template(
        "training/detail.html",
        course=course,
        reg=registrations.my_registration(current_user, course),
        taken=registrations.confirmed_count(course),
        waiting=len(registrations.waitlist(course)),
        button_form=EmptyForm(),
        now=services.utcnow(),
        aware=services.aware,
    )


def _provider_choices(form: CourseForm) -> None:
    orgs = (
        db.session.execute(db.select(Organisation).order_by(Organisation.name)).scalars().all()
        if current_user.is_staff
        else provider_orgs(current_user)
    )
    form.provider_org_id.choices = [(str(o.id), o.name) for o in orgs]


@bp.route("/courses/new", methods=["GET", "POST"])
@login_required
def create():
    """Describe a new course (staff and verified providers); it starts as a draft."""
    if not can_create_course(current_user):
        abort(403)
    form = CourseForm()
    _provider_choices(form)

    def saved(course):
        flash(_("Course saved as a draft: publish it when ready."), "success")
        return redirect(url_for("training.detail", course_id=course.id))

    return submit_form(
        form,
        lambda: services.create_course(current_user, form.to_data()),
        saved,
        lambda: render_template("training/edit.html", form=form, course=None),
    )


@bp.route("/courses/<int:course_id>/edit", methods=["GET", "POST"])
@login_required
def edit(course_id: int):
    """Change a course (its provider and staff)."""
    course = services.get_course(current_user, course_id)
    if not can_manage_course(current_user, course):
        abort(403)
    form = CourseForm.for_course(course) if request.method == "GET" else CourseForm()
    _provider_choices(form)
    if request.method == "GET":
        form.provider_org_id.data = str(course.provider_org_id)

    def updated(_course):
        flash(_("Course updated."), "success")
        return redirect(url_for("training.detail", course_id=course.id))

    return submit_form(
        form,
        lambda: services.update_course(current_user, course, form.to_data()),
        updated,
        lambda: render_template("training/edit.html", form=form, course=course),
    )


@bp.route("/courses/<int:course_id>/status", methods=["POST"])
@login_required
def change_status(course_id: int):
    """Publish or cancel a course."""
    course = services.get_course(current_user, course_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.change_status(current_user, course, request.form.get("action", ""))
    flash(_("Course status changed."), "success")
    return redirect(url_for("training.detail", course_id=course.id))


@bp.route("/courses/<int:course_id>/register", methods=["POST"])
@login_required
def register(course_id: int):
    """Take a place or join the waiting list."""
    course = services.get_course(current_user, course_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    reg = registrations.register_course(current_user, course)
    if reg.status == "confirmed":
        flash(_("You are registered. Add the event to your calendar."), "success")
    else:
        flash(_("The course is full: you are on the waiting list."), "info")
    return redirect(url_for("training.detail", course_id=course.id))


@bp.route("/registrations/<int:reg_id>/cancel", methods=["POST"])
@login_required
def cancel(reg_id: int):
    """Give up a place (or leave the waiting list)."""
    reg = registrations.get_registration(current_user, reg_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    registrations.cancel_registration(current_user, reg)
    flash(_("Registration cancelled."), "success")
    if reg.user_id != current_user.id:
        return redirect(url_for("training.participants", course_id=reg.course_id))
    return redirect(url_for("training.detail", course_id=reg.course_id))


@bp.route("/mine")
@login_required
def mine():
    """My registrations, and the courses I manage."""
    return render_template(
        "training/mine.html",
        regs=registrations.my_registrations(current_user),
        managed=services.managed_courses(current_user),
        button_form=EmptyForm(),
    )


@bp.route("/courses/<int:course_id>/participants")
@login_required
def participants(course_id: int):
    """Participants and waiting list of a course, with attendance (provider and staff)."""
    course = services.get_course(current_user, course_id)
    return render_template(
        "training/participants.html",
        course=course,
        regs=registrations.course_registrations(current_user, course),
        button_form=EmptyForm(),
    )


@bp.route("/registrations/<int:reg_id>/attendance", methods=["POST"])
@login_required
def attendance(reg_id: int):
    """Mark a participant present or absent."""
    reg = registrations.get_registration(current_user, reg_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    value = {"1": True, "0": False}.get(request.form.get("attended", ""), "bad")
    registrations.mark_attendance(current_user, reg, value)
    flash(_("Attendance recorded."), "success")
    return redirect(url_for("training.participants", course_id=reg.course_id))


@bp.route("/registrations/<int:reg_id>/certificate.pdf")
@login_required
def certificate(reg_id: int):
    """The certificate of attendance (once the provider marked the person present)."""
    reg = registrations.get_registration(current_user, reg_id)
    return Response(
        certificate_pdf(current_user, reg),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="certificate-{reg.id}.pdf"'},
    )


def _ics(body: str, filename: str) -> Response:
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.route("/courses/<int:course_id>.ics")
def course_ics(course_id: int):
    """One course as an iCalendar file."""
    course = services.get_course(current_user, course_id)
    return _ics(ics.calendar([course], base_url(), course.title), f"course-{course.id}.ics")


@bp.route("/feed.ics")
def feed():
    """The feed of upcoming published courses (subscribe from a calendar app)."""
    body = ics.calendar(services.upcoming_courses(), base_url(), _("Training on AI in health"))
    return _ics(body, "training.ics")


@bp.cli.command("reminders")
def reminders_cmd() -> None:
    """Remind participants of courses starting in the next 48 hours (run from cron)."""
    sent = registrations.send_reminders()
    db.session.commit()
    click.echo(f"training reminders: {sent} sent")


@bp.cli.command("demo")
def demo_cmd() -> None:
    """Load the demo courses (idempotent)."""
    stats = seed_demo()
    db.session.commit()
    click.echo("training demo: " + ", ".join(f"{k}={v}" for k, v in stats.items()))
