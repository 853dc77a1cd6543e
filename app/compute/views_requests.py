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
from app.core.forms import form_message, submit_form


def _choices(form: RequestForm) -> None:
    form.org_id.choices = [(str(m.org_id), m.organisation.name) for m in current_user.memberships]
    form.access_request_id.choices = [("", "—")] + [
        (str(a.id), f"#{a.id} · {a.dataset.identifier} ({a.expires_on.isoformat()})")
        for a in requests.approvals_of(current_user)
    ]


def _save(form: RequestForm, res, req=None):
    """Create the draft or change it; the draft either way."""
    if req is None:
        return requests.create_request(current_user, res, form_data(form))
    requests.update_request(current_user, req, form_data(form))
    return req


def _drafted(message: str):
    def done(req):
        flash(message, "success")
        return redirect(url_for("compute.request_detail", request_id=req.id))

    return done


@bp.route("/resources/<int:resource_id>/request", methods=["GET", "POST"])
@login_required
def request_new(resource_id: int):
    """Draft a request for GPU-hours on this resource."""
    res = resources.get_resource(resource_id)
    if not can_request(current_user):
        abort(403)
    form = RequestForm()
    _choices(form)
    return submit_form(
        form,
        lambda: _save(form, res),
        _drafted(_("Draft saved: check it and send it.")),
        lambda: render_template("compute/request_edit.html", form=form, res=res, req=None),
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
    return submit_form(
        form,
        lambda: _save(form, req.resource, req),
        _drafted(_("Draft saved.")),
        lambda: render_template("compute/request_edit.html", form=form, res=req.resource, req=req),
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


def _page(req, form=None, **forms) -> str:
    """The request page; with ``form`` (an action's form that failed), its message on top."""
    return render_template(
        "compute/request.html",
        req=req,
        button_form=EmptyForm(),
        decision_form=forms.get("decision_form") or _decision_form(req),
        usage_form=forms.get("usage_form") or UsageForm(),
        mine=is_requester(current_user, req),
        decider=can_decide(current_user, req),
        error=form_message(form) if form is not None and not forms else None,
        transitions=requests.TRANSITIONS,
    )


@bp.route("/requests/<int:request_id>")
@login_required
def request_detail(request_id: int):
    """The request with its state, linked approval, history and use."""
    return _page(requests.get_request(current_user, request_id))


def _recorded(req, message: str):
    def done(_result):
        flash(message, "success")
        return redirect(url_for("compute.request_detail", request_id=req.id))

    return done


@bp.route("/requests/<int:request_id>/submit", methods=["POST"])
@login_required
def request_submit(request_id: int):
    """Send the draft (refused when a needed data-access approval is missing or not in force)."""
    req = requests.get_request(current_user, request_id)
    form = EmptyForm()
    return submit_form(
        form,
        lambda: requests.submit_request(current_user, req),
        _recorded(req, _("Request sent.")),
        lambda: _page(req, form),
    )


@bp.route("/requests/<int:request_id>/decide", methods=["POST"])
@login_required
def request_decide(request_id: int):
    """Approve, reject, activate, close or revoke (staff and provider)."""
    req = requests.get_request(current_user, request_id)
    if not can_decide(current_user, req):
        abort(403)
    form = DecisionForm()
    return submit_form(
        form,
        lambda: requests.decide_request(current_user, req, form.action.data, form_data(form)),
        _recorded(req, _("Decision recorded.")),
        lambda: _page(req, form, decision_form=form),
    )


@bp.route("/requests/<int:request_id>/usage", methods=["POST"])
@login_required
def request_usage(request_id: int):
    """Report the GPU-hours used in a month (staff and provider)."""
    req = requests.get_request(current_user, request_id)
    if not can_decide(current_user, req):
        abort(403)
    form = UsageForm()
    return submit_form(
        form,
        lambda: requests.report_usage(current_user, req, form_data(form)),
        _recorded(req, _("Use recorded.")),
        lambda: _page(req, form, usage_form=form),
    )
