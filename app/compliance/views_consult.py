"""Ask-an-expert pages: request, queue, thread, assignment, closing, figures, experts."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.auth.forms import EmptyForm
from app.auth.models import User
from app.compliance import consultations as cs
from app.compliance import files
from app.compliance.forms import (
    AssignForm,
    CloseForm,
    ConsultationForm,
    ExpertForm,
    MessageForm,
    form_data,
)
from app.compliance.permissions import can_manage_experts, can_post_message, is_expert
from app.compliance.views import bp
from app.core.forms import form_message, submit_form
from app.extensions import db


@bp.route("/consultations")
@login_required
def consultations():
    """The experts' queue, or my organisations' consultations."""
    status = request.args.get("status") or None
    return render_template(
        "compliance/consultations.html",
        items=cs.list_consultations(current_user, status),
        status=status,
        expert=is_expert(current_user),
    )


@bp.route("/consultations/new", methods=["GET", "POST"])
@login_required
def consult():
    """Ask the Region's experts (optionally about an assessment)."""
    if not current_user.memberships:
        abort(403)
    form = ConsultationForm()
    form.org_id.choices = [(str(m.org_id), m.organisation.name) for m in current_user.memberships]
    if request.method == "GET" and request.args.get("assessment"):
        form.assessment_id.data = request.args.get("assessment")

    def sent(c):
        flash(_("Your question was sent to the experts."), "success")
        return redirect(url_for("compliance.consultation", consultation_id=c.id))

    return submit_form(
        form,
        lambda: cs.request_consultation(current_user, form_data(form)),
        sent,
        lambda: render_template("compliance/consult.html", form=form),
    )


def _experts() -> list[User]:
    ids = cs.expert_ids()
    return list(db.session.execute(db.select(User).where(User.id.in_(ids))).scalars())


def _page(c, **forms) -> str:
    assign = forms.get("assign_form") or AssignForm()
    assign.expert_id.choices = [(str(u.id), u.name) for u in _experts()]
    return render_template(
        "compliance/consultation.html",
        c=c,
        message_form=forms.get("message_form") or MessageForm(),
        assign_form=assign,
        close_form=forms.get("close_form") or CloseForm(),
        expert=is_expert(current_user),
        can_write=can_post_message(current_user, c),
        button_form=EmptyForm(),
        file_error=form_message(forms["file_form"]) if "file_form" in forms else None,
    )


@bp.route("/consultations/<int:consultation_id>")
@login_required
def consultation(consultation_id: int):
    """The consultation and its thread."""
    return _page(cs.get_consultation(current_user, consultation_id))


@bp.route("/consultations/<int:consultation_id>/messages", methods=["POST"])
@login_required
def consultation_message(consultation_id: int):
    """Write in the thread."""
    c = cs.get_consultation(current_user, consultation_id)
    form = MessageForm()
    return submit_form(
        form,
        lambda: cs.post_message(current_user, c, form_data(form)),
        lambda _message: redirect(
            url_for("compliance.consultation", consultation_id=c.id) + "#thread"
        ),
        lambda: _page(c, message_form=form),
    )


@bp.route("/consultations/<int:consultation_id>/files", methods=["POST"])
@login_required
def consultation_file(consultation_id: int):
    """Attach a file to the consultation."""
    c = cs.get_consultation(current_user, consultation_id)
    form = EmptyForm()

    def attached(_file):
        flash(_("File attached."), "success")
        return redirect(url_for("compliance.consultation", consultation_id=c.id) + "#files")

    return submit_form(
        form,
        lambda: files.add_file(current_user, c, request.files.get("file")),
        attached,
        lambda: _page(c, file_form=form),
        error_status=422,
    )


@bp.route("/consultations/<int:consultation_id>/files/<int:file_id>")
@login_required
def consultation_file_download(consultation_id: int, file_id: int):
    """Download a file of the consultation (its organisation's members and the experts)."""
    c = cs.get_consultation(current_user, consultation_id)
    f, path = files.get_file(current_user, c, file_id)
    resp = send_file(
        path, mimetype=f.content_type, as_attachment=True, download_name=f.filename, max_age=0
    )
    resp.headers["X-Content-Type-Options"] = "nosniff"
    resp.headers["Cache-Control"] = "private, no-store"
    return resp


@bp.route("/consultations/<int:consultation_id>/assign", methods=["POST"])
@login_required
def consultation_assign(consultation_id: int):
    """Take the consultation or give it to another expert."""
    c = cs.get_consultation(current_user, consultation_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    cs.assign_consultation(current_user, c, {"expert_id": request.form.get("expert_id")})
    flash(_("Consultation assigned."), "success")
    return redirect(url_for("compliance.consultation", consultation_id=c.id))


@bp.route("/consultations/<int:consultation_id>/close", methods=["POST"])
@login_required
def consultation_close(consultation_id: int):
    """Close with an outcome."""
    c = cs.get_consultation(current_user, consultation_id)
    form = CloseForm()
    if not is_expert(current_user):
        abort(403)

    def closed(_c):
        flash(_("Consultation closed."), "success")
        return redirect(url_for("compliance.consultation", consultation_id=c.id))

    return submit_form(
        form,
        lambda: cs.close_consultation(current_user, c, form_data(form)),
        closed,
        lambda: _page(c, close_form=form),
    )


@bp.route("/figures")
@login_required
def figures():
    """Service figures for staff and experts: requests per topic, time to answer and close."""
    if not is_expert(current_user):
        abort(403)
    return render_template("compliance/figures.html", rows=cs.service_figures(current_user))


@bp.route("/experts", methods=["GET", "POST"])
@login_required
def experts():
    """Appointed experts (staff): appoint by e-mail, remove."""
    if not can_manage_experts(current_user):
        abort(403)
    form = ExpertForm()

    def appointed(_expert):
        flash(_("Expert appointed."), "success")
        return redirect(url_for("compliance.experts"))

    return submit_form(
        form,
        lambda: cs.appoint_expert(current_user, form_data(form)),
        appointed,
        lambda: render_template(
            "compliance/experts.html",
            form=form,
            experts=cs.list_experts(current_user),
            button_form=EmptyForm(),
        ),
        shown=(409, 422),
        error_status=422,
    )


@bp.route("/experts/<int:expert_id>/remove", methods=["POST"])
@login_required
def expert_remove(expert_id: int):
    """Remove an expert (staff)."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    cs.remove_expert(current_user, expert_id)
    flash(_("Expert removed."), "success")
    return redirect(url_for("compliance.experts"))
