"""Innovation desk queue and profile claims: the claimant's pages and the staff queues."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.auth.forms import EmptyForm
from app.core.errors import ServiceError
from app.core.forms import ACTION_ERRORS, form_message, submit_form
from app.messaging import claims, desk
from app.messaging.blueprint import bp
from app.messaging.permissions import can_claim
from app.orgs.services import get_org


@bp.route("/staff/desk")
@login_required
def desk_queue():
    """Staff: requests for organisations nobody represents."""
    status = request.args.get("status", "open") or None
    try:
        page = desk.list_desk(current_user, status, request.args.get("page", 1))
    except ServiceError as exc:
        if exc.status != 422:
            raise
        flash(exc.message, "warning")
        status, page = "open", desk.list_desk(current_user, "open")
    return render_template("messaging/desk_queue.html", page=page, status=status)


@bp.route("/staff/desk/<int:request_id>/<action>", methods=["POST"])
@login_required
def desk_action(request_id: int, action: str):
    """Staff: forward a desk request by e-mail, or close it."""
    req = desk.get_desk_request(current_user, request_id)
    handlers = {"forward": desk.forward_desk_request, "close": desk.close_desk_request}
    if action not in handlers:
        abort(404)

    def done(_result):
        flash(_("Request forwarded.") if action == "forward" else _("Request closed."), "success")
        return redirect(url_for("messaging.desk_queue"))

    def told(message: str):
        flash(message, "danger")
        return redirect(url_for("messaging.desk_queue", status=req.status))

    return submit_form(
        EmptyForm(),
        lambda: handlers[action](current_user, req, request.form),
        done,
        shown=ACTION_ERRORS,
        on_error=told,
    )


@bp.route("/orgs/<slug>/claim", methods=["GET", "POST"])
@login_required
def claim(slug: str):
    """Claim an imported organisation: by a link to its own domain, or by staff approval."""
    org = get_org(slug)
    form = EmptyForm()

    def started(made):
        if made.method == "email_domain":
            flash(_("We sent a confirmation link to %(email)s.", email=made.email), "success")
        else:
            flash(_("Your claim is with region staff: you will be told the decision."), "success")
        return redirect(url_for("orgs.profile", slug=org.slug))

    def page():
        exc = getattr(form, "service_error", None)
        return render_template(
            "messaging/claim.html",
            org=org,
            domain=claims.website_domain(org),
            claimable=can_claim(current_user, org),
            error=form_message(form),
            field=exc.field if exc is not None else None,
            form=request.form,
        )

    return submit_form(
        form,
        lambda: claims.start_claim(current_user, org, request.form),
        started,
        page,
        shown=ACTION_ERRORS,
    )


@bp.route("/claims/confirm/<token>", methods=["GET", "POST"])
@login_required
def claim_confirm(token: str):
    """The mailed link: confirm the claim (a POST; the GET only shows the button)."""
    found = claims.claim_by_token(token)
    if request.method == "GET":
        return render_template("messaging/claim_confirm.html", claim=found)

    def confirmed(done):
        flash(_("You are now the owner of %(org)s.", org=done.organisation.name), "success")
        return redirect(url_for("orgs.profile", slug=done.organisation.slug))

    def told(message: str):
        flash(message, "danger")
        return redirect(url_for("orgs.profile", slug=found.organisation.slug))

    return submit_form(
        EmptyForm(),
        lambda: claims.confirm_claim(current_user, token),
        confirmed,
        shown=ACTION_ERRORS,
        on_error=told,
    )


@bp.route("/staff/claims")
@login_required
def claims_queue():
    """Staff: claims waiting for a decision."""
    status = request.args.get("status", "pending") or None
    try:
        page = claims.list_claims(current_user, status, request.args.get("page", 1))
    except ServiceError as exc:
        if exc.status != 422:
            raise
        flash(exc.message, "warning")
        status, page = "pending", claims.list_claims(current_user, "pending")
    return render_template("messaging/claims_queue.html", page=page, status=status)


@bp.route("/staff/claims/<int:claim_id>/decide", methods=["POST"])
@login_required
def claim_decide(claim_id: int):
    """Staff: approve or reject a claim, with a reason."""
    found = claims.get_claim(current_user, claim_id)

    def decided(_result):
        flash(
            _("Claim approved.") if found.status == "approved" else _("Claim rejected."), "success"
        )
        return redirect(url_for("messaging.claims_queue"))

    def told(message: str):
        flash(message, "danger")
        return redirect(url_for("messaging.claims_queue"))

    return submit_form(
        EmptyForm(),
        lambda: claims.decide_claim(current_user, found, request.form),
        decided,
        shown=ACTION_ERRORS,
        on_error=told,
    )
