"""Access-request pages: the stepper, the request page with its history, the review."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.auth.forms import EmptyForm
from app.core.errors import ServiceError
from app.core.forms import ACTION_ERRORS, form_message, submit_form
from app.datasets import access, services
from app.datasets.blueprint import bp
from app.datasets.forms import STEP_FORMS, RequestStep1Form, ReviewForm
from app.datasets.permissions import can_request_access, can_review_request, is_requester

STEPS = 5


def _org_choices(form: RequestStep1Form) -> None:
    form.org_id.choices = [("", _("No organisation (individual)"))] + [
        (str(m.org_id), m.organisation.name) for m in current_user.memberships
    ]


@bp.route("/access-requests")
@login_required
def requests_index():
    """My requests and, for publishers, the requests received."""
    return render_template(
        "datasets/requests.html",
        mine=access.my_requests(current_user),
        incoming=access.incoming_requests(current_user),
    )


@bp.route("/datasets/<int:dataset_id>/request", methods=["GET", "POST"])
@login_required
def new_request(dataset_id: int):
    """Stepper step 1: organisation and purpose, with the DUO pre-check."""
    ds = services.get_dataset(dataset_id)
    if not can_request_access(current_user, ds):
        abort(403)
    form = RequestStep1Form()
    _org_choices(form)
    check = None
    if request.method == "GET" and request.args.get("purpose"):
        try:
            check = access.precheck_for(current_user, ds, request.args)
        except ServiceError:
            check = None
    return submit_form(
        form,
        lambda: access.create_request(current_user, ds, form.data),
        lambda req: redirect(url_for("datasets.request_step", request_id=req.id, step=2)),
        lambda: render_template(
            "datasets/request_step.html",
            form=form,
            ds=ds,
            req=None,
            step=1,
            steps=STEPS,
            check=check,
        ),
        shown=(409, 422),
        error_status=422,
    )


@bp.route("/access-requests/<int:request_id>/step/<int:step>", methods=["GET", "POST"])
@login_required
def request_step(request_id: int, step: int):
    """Stepper steps 1 to 4 of an existing draft; step 5 is the request page."""
    req = access.get_request(current_user, request_id)
    if not is_requester(current_user, req):
        abort(403)
    if step not in STEP_FORMS:
        abort(404)
    if req.status not in access.EDITABLE_STATES:
        return redirect(url_for("datasets.request_detail", request_id=req.id))
    form_cls = STEP_FORMS[step]
    form = form_cls(obj=req) if request.method == "GET" else form_cls()
    if step == 1:
        _org_choices(form)
        if request.method == "GET":
            form.org_id.data = str(req.org_id or "")
    if step == 3 and request.method == "GET":
        form.legal_basis.data = req.legal_basis or ""

    def saved(_req):
        if step < 4:
            return redirect(url_for("datasets.request_step", request_id=req.id, step=step + 1))
        return redirect(url_for("datasets.request_detail", request_id=req.id))

    return submit_form(
        form,
        lambda: access.update_request(current_user, req, form.data, step=step),
        saved,
        lambda: render_template(
            "datasets/request_step.html",
            form=form,
            ds=req.dataset,
            req=req,
            step=step,
            steps=STEPS,
            check=access.precheck(req),
        ),
    )


def _request_page(req, *, mine: bool, reviewer: bool, review_form=None, **extra) -> str:
    """The access-request page (stepper, pre-check, review form) for one request."""
    return render_template(
        "datasets/request.html",
        req=req,
        ds=req.dataset,
        check=access.precheck(req),
        mine=mine,
        reviewer=reviewer,
        review_form=review_form if review_form is not None else ReviewForm(),
        button_form=EmptyForm(),
        steps=STEPS,
        **extra,
    )


@bp.route("/access-requests/<int:request_id>")
@login_required
def request_detail(request_id: int):
    """The request, its DUO pre-check, its history; submit or review buttons."""
    req = access.get_request(current_user, request_id)
    return _request_page(
        req, mine=is_requester(current_user, req), reviewer=can_review_request(current_user, req)
    )


@bp.route("/access-requests/<int:request_id>/submit", methods=["POST"])
@login_required
def submit_request(request_id: int):
    """Send the request to the publisher (refused when the DUO pre-check is incompatible)."""
    req = access.get_request(current_user, request_id)
    form = EmptyForm()

    def sent(_req):
        flash(_("Request sent to the publisher."), "success")
        return redirect(url_for("datasets.request_detail", request_id=req.id))

    return submit_form(
        form,
        lambda: access.submit_request(current_user, req),
        sent,
        lambda: _request_page(req, mine=True, reviewer=False, error=form_message(form)),
        shown=ACTION_ERRORS,
    )


@bp.route("/access-requests/<int:request_id>/review", methods=["POST"])
@login_required
def review_request(request_id: int):
    """Publisher decision: start review, approve, ask for changes, reject, revoke."""
    req = access.get_request(current_user, request_id)
    if not can_review_request(current_user, req):
        abort(403)
    form = ReviewForm()

    def recorded(_req):
        flash(_("Decision recorded."), "success")
        return redirect(url_for("datasets.request_detail", request_id=req.id))

    return submit_form(
        form,
        lambda: access.review_request(current_user, req, form.action.data, form.to_data()),
        recorded,
        lambda: _request_page(
            req, mine=is_requester(current_user, req), reviewer=True, review_form=form
        ),
        shown=(409, 422),  # a decision someone else took first: said on the form, text kept
    )
