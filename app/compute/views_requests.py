"""Compute request pages: the request form, my requests, the request page, decisions, usage."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.auth.forms import EmptyForm
from app.compute import requests, resources
from app.compute.forms import DecisionForm, RequestForm, UsageForm, form_data
from app.compute.permissions import can_decide, can_request, is_requester
from app.compute.views import bp
from app.core.errors import ServiceError
from app.core.forms import attach_error


def _choices(form: RequestForm) -> None:
    form.org_id.choices = [(str(m.org_id), m.organisation.name) for m in current_user.memberships]
    form.access_request_id.choices = [("", "—")] + [
        (str(a.id), f"#{a.id} · {a.dataset.identifier} ({a.expires_on.isoformat()})")
        for a in requests.approvals_of(current_user)
    ]


def _save(form: RequestForm, res, req=None):
    try:
        if req is None:
            req = requests.create_request(current_user, res, form_data(form))
        else:
            requests.update_request(current_user, req, form_data(form))
    except ServiceError as exc:
        if exc.status != 422:
            raise
        attach_error(form, exc)
        return None
    return req


@bp.route("/resources/<int:resource_id>/request", methods=["GET", "POST"])
@login_required
def request_new(resource_id: int):
    """Draft a request for GPU-hours on this resource."""
    res = resources.get_resource(resource_id)
    if not can_request(current_user):
        abort(403)
    form = RequestForm()
    _choices(form)
    if form.validate_on_submit():
        req = _save(form, res)
        if req is not None:
            flash(_("Draft saved: check it and send it."), "success")
            return redirect(url_for("compute.request_detail", request_id=req.id))
    return render_template("compute/request_edit.html", form=form, res=res, req=None), (
        422 if form.errors or form.form_errors else 200
    )


@bp.route("/requests/<int:request_id>/edit", methods=["GET", "POST"])
@login_required
def request_edit(request_id: int):
    """Change a draft (the requester)."""
    req = requests.get_request(current_user, request_id)
    if not is_requester(current_user, req):
        abort(403)
    if req.status != "draft":
        return redirect(url_for("compute.request_detail", request_id=req.id))
    form = RequestForm(obj=req) if request.method == "GET" else RequestForm()
    _choices(form)
    if request.method == "GET":
        form.org_id.data = str(req.org_id or "")
        form.access_request_id.data = str(req.access_request_id or "")
    if form.validate_on_submit() and _save(form, req.resource, req) is not None:
        flash(_("Draft saved."), "success")
        return redirect(url_for("compute.request_detail", request_id=req.id))
    return render_template("compute/request_edit.html", form=form, res=req.resource, req=req), (
        422 if form.errors or form.form_errors else 200
    )


@bp.route("/requests")
@login_required
def requests_index():
    """My organisations' requests and, for staff and providers, the requests to decide."""
    mine, incoming = requests.list_requests(current_user)
    return render_template("compute/requests.html", mine=mine, incoming=incoming)


def _decision_form(req) -> DecisionForm:
    """Only the decisions the transition table allows from the current state are offered."""
    form = DecisionForm()
    allowed = requests.TRANSITIONS.get(req.status, set())
    form.action.choices = [
        (a, label) for a, label in form.action.choices if requests.ACTIONS[a] in allowed
    ]
    return form


def _page(req, status: int = 200, **forms):
    return render_template(
        "compute/request.html",
        req=req,
        button_form=EmptyForm(),
        decision_form=forms.get("decision_form") or _decision_form(req),
        usage_form=forms.get("usage_form") or UsageForm(),
        mine=is_requester(current_user, req),
        decider=can_decide(current_user, req),
        error=forms.get("error"),
        transitions=requests.TRANSITIONS,
    ), status


@bp.route("/requests/<int:request_id>")
@login_required
def request_detail(request_id: int):
    """The request with its state, linked approval, history and use."""
    return _page(requests.get_request(current_user, request_id))


@bp.route("/requests/<int:request_id>/submit", methods=["POST"])
@login_required
def request_submit(request_id: int):
    """Send the draft (refused when a needed data-access approval is missing or not in force)."""
    req = requests.get_request(current_user, request_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        requests.submit_request(current_user, req)
    except ServiceError as exc:
        if exc.status != 422:
            raise
        return _page(req, 422, error=exc.message)
    flash(_("Request sent."), "success")
    return redirect(url_for("compute.request_detail", request_id=req.id))


@bp.route("/requests/<int:request_id>/decide", methods=["POST"])
@login_required
def request_decide(request_id: int):
    """Approve, reject, activate, close or revoke (staff and provider)."""
    req = requests.get_request(current_user, request_id)
    if not can_decide(current_user, req):
        abort(403)
    form = DecisionForm()
    if form.validate_on_submit():
        try:
            requests.decide_request(current_user, req, form.action.data, form_data(form))
        except ServiceError as exc:
            if exc.status != 422:
                raise
            attach_error(form, exc)
        else:
            flash(_("Decision recorded."), "success")
            return redirect(url_for("compute.request_detail", request_id=req.id))
    return _page(req, 422, decision_form=form)


@bp.route("/requests/<int:request_id>/usage", methods=["POST"])
@login_required
def request_usage(request_id: int):
    """Report the GPU-hours used in a month (staff and provider)."""
    req = requests.get_request(current_user, request_id)
    if not can_decide(current_user, req):
        abort(403)
    form = UsageForm()
    if form.validate_on_submit():
        try:
            requests.report_usage(current_user, req, form_data(form))
        except ServiceError as exc:
            if exc.status != 422:
                raise
            attach_error(form, exc)
        else:
            flash(_("Use recorded."), "success")
            return redirect(url_for("compute.request_detail", request_id=req.id))
    return _page(req, 422, usage_form=form)
