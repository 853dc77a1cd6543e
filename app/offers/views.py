"""Collaboration offer pages: listing with facets, detail, post / edit, moderation, interest."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.auth.forms import EmptyForm
from app.core.errors import ServiceError
from app.offers import services
from app.offers.labels import KIND_LABELS, STATUS_LABELS
from app.offers.models import OFFER_KINDS
from app.offers.permissions import can_manage_offer, can_moderate_offers
from app.orgs.models import AREAS
from app.orgs.services import get_org

bp = Blueprint("offers", __name__)


@bp.app_context_processor
def _labels():
    return {"offer_kind_labels": KIND_LABELS, "offer_status_labels": STATUS_LABELS}


def _csrf() -> None:
    if not EmptyForm().validate_on_submit():
        abort(400)


def _form_data() -> dict:
    data = request.form.to_dict()
    data["areas"] = request.form.getlist("areas")
    return data


@bp.route("/offers")
def index():
    """Published offers and requests, with facets."""
    try:
        params = services.parse_search(request.args)
    except ServiceError as exc:
        flash(exc.message, "warning")
        params = services.parse_search({})
    return render_template("offers/index.html", page=services.search_offers(params), params=params)


@bp.route("/offers/new", methods=["GET", "POST"])
@login_required
def create():
    """Post an offer or a request in the name of one of the user's organisations."""
    orgs = [m.organisation for m in current_user.memberships]
    error = field = None
    if request.method == "POST":
        _csrf()
        try:
            org = get_org(request.form.get("org") or "0")
            offer = services.create_offer(current_user, org, _form_data())
            if request.form.get("submit_now"):
                services.transition_offer(current_user, offer, "submit")
        except ServiceError as exc:
            if exc.status == 403:
                raise
            error, field = exc.message, exc.field  # the 422 answer rolls everything back
        else:
            flash(_("Offer saved."), "success")
            return redirect(url_for("offers.detail", offer_id=offer.id))
    return render_template(
        "offers/edit.html",
        offer=None,
        orgs=orgs,
        kinds=OFFER_KINDS,
        areas=AREAS,
        form=request.form,
        error=error,
        field=field,
    ), (422 if error else 200)


@bp.route("/offers/<int:offer_id>")
def detail(offer_id: int):
    """One offer: the interest form, and for its authors who fits it."""
    offer = services.get_offer(current_user, offer_id)
    manage = current_user.is_authenticated and can_manage_offer(current_user, offer)
    fitting = services.fitting_orgs(current_user, offer) if manage else []
    return render_template(
        "offers/detail.html",
        offer=offer,
        manage=manage,
        moderate=can_moderate_offers(current_user),
        fitting=fitting,
        sender_orgs=[m.organisation for m in current_user.memberships]
        if current_user.is_authenticated
        else [],
    )


@bp.route("/offers/<int:offer_id>/edit", methods=["GET", "POST"])
@login_required
def edit(offer_id: int):
    """Edit a draft."""
    offer = services.get_offer(current_user, offer_id)
    if not can_manage_offer(current_user, offer):
        abort(403)
    error = field = None
    if request.method == "POST":
        _csrf()
        try:
            services.update_offer(current_user, offer, _form_data())
        except ServiceError as exc:
            error, field = exc.message, exc.field
        else:
            flash(_("Offer saved."), "success")
            return redirect(url_for("offers.detail", offer_id=offer.id))
    return render_template(
        "offers/edit.html",
        offer=offer,
        orgs=[offer.organisation],
        kinds=OFFER_KINDS,
        areas=AREAS,
        form=request.form,
        error=error,
        field=field,
    ), (422 if error else 200)


@bp.route("/offers/<int:offer_id>/transition", methods=["POST"])
@login_required
def transition(offer_id: int):
    """submit / close (authors), approve / return (staff)."""
    offer = services.get_offer(current_user, offer_id)
    _csrf()
    try:
        services.transition_offer(
            current_user, offer, request.form.get("action", ""), request.form.get("comment", "")
        )
    except ServiceError as exc:
        if exc.status in (403, 404):
            raise
        flash(exc.message, "danger")
    else:
        flash(_("Offer updated."), "success")
    return redirect(url_for("offers.detail", offer_id=offer.id))


@bp.route("/offers/<int:offer_id>/interest", methods=["POST"])
@login_required
def interest(offer_id: int):
    """Express interest: a conversation opens with the posting organisation."""
    offer = services.get_offer(current_user, offer_id)
    _csrf()
    try:
        conv = services.express_interest(current_user, offer, request.form)
    except ServiceError as exc:
        if exc.status in (403, 404):
            raise
        flash(exc.message, "danger")
        return redirect(url_for("offers.detail", offer_id=offer.id))
    flash(_("Message sent to %(org)s.", org=offer.organisation.name), "success")
    return redirect(url_for("messaging.thread", conversation_id=conv.id))


@bp.route("/offers/moderation")
@login_required
def moderation():
    """Staff: offers waiting to be published."""
    return render_template("offers/moderation.html", items=services.moderation_queue(current_user))
