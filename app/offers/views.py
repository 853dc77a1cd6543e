"""Collaboration offer pages: listing with facets, detail, post / edit, moderation, interest."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.auth.forms import EmptyForm
from app.core.errors import ServiceError
from app.core.forms import ACTION_ERRORS, form_message, submit_form
from app.offers import services
from app.offers.labels import FIELD_LABELS, KIND_LABELS, STATUS_LABELS
from app.offers.models import OFFER_KINDS
from app.offers.permissions import can_manage_offer, can_moderate_offers
from app.orgs.models import AREAS
from app.orgs.services import get_org
from app.public.form_errors import failed_field

bp = Blueprint("offers", __name__)


@bp.app_context_processor
def _labels():
    return {"offer_kind_labels": KIND_LABELS, "offer_status_labels": STATUS_LABELS}


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
    form = EmptyForm()

    def create_and_maybe_submit():
        org = get_org(request.form.get("org") or "0")
        offer = services.create_offer(current_user, org, _form_data())
        if request.form.get("submit_now"):
            services.transition_offer(current_user, offer, "submit")
        return offer

    return submit_form(
        form,
        create_and_maybe_submit,
        _saved,
        lambda: _edit_page(form, None, orgs),
        shown=(*ACTION_ERRORS, 404),  # an unknown organisation is said on the form
        error_status=422,  # the 422 answer rolls everything back
    )


def _saved(offer):
    flash(_("Offer saved."), "success")
    return redirect(url_for("offers.detail", offer_id=offer.id))


def _edit_page(form, offer, orgs) -> str:
    """The offer form; after a failed save, its message, the field it names, what was typed."""
    exc = getattr(form, "service_error", None)
    return render_template(
        "offers/edit.html",
        offer=offer,
        orgs=orgs,
        kinds=OFFER_KINDS,
        areas=AREAS,
        form=request.form,
        error=form_message(form, FIELD_LABELS),
        field=exc.field if exc is not None else None,
    )


@bp.route("/offers/<int:offer_id>")
def detail(offer_id: int):
    """One offer: the interest form, and for its authors who fits it."""
    return _detail_page(services.get_offer(current_user, offer_id))


def _detail_page(offer, form=None) -> str:
    """The offer page; with ``form`` (a button that failed), its message and the typed text."""
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
        error=form_message(form) if form is not None else None,
        error_field=failed_field(form),
        typed=request.form if form is not None else {},
    )


@bp.route("/offers/<int:offer_id>/edit", methods=["GET", "POST"])
@login_required
def edit(offer_id: int):
    """Edit a draft."""
    offer = services.get_offer(current_user, offer_id)
    if not can_manage_offer(current_user, offer):
        abort(403)
    form = EmptyForm()
    return submit_form(
        form,
        lambda: services.update_offer(current_user, offer, _form_data()),
        _saved,
        lambda: _edit_page(form, offer, [offer.organisation]),
        shown=ACTION_ERRORS,
        error_status=422,
    )


@bp.route("/offers/<int:offer_id>/transition", methods=["POST"])
@login_required
def transition(offer_id: int):
    """submit / close (authors), approve / return (staff)."""
    offer = services.get_offer(current_user, offer_id)
    form = EmptyForm()

    def moved(_offer):
        flash(_("Offer updated."), "success")
        return redirect(url_for("offers.detail", offer_id=offer.id))

    return submit_form(
        form,
        lambda: services.transition_offer(
            current_user, offer, request.form.get("action", ""), request.form.get("comment", "")
        ),
        moved,
        lambda: _detail_page(offer, form),
        shown=ACTION_ERRORS,
    )


@bp.route("/offers/<int:offer_id>/interest", methods=["POST"])
@login_required
def interest(offer_id: int):
    """Express interest: a conversation opens with the posting organisation."""
    offer = services.get_offer(current_user, offer_id)
    form = EmptyForm()

    def sent(conv):
        flash(_("Message sent to %(org)s.", org=offer.organisation.name), "success")
        return redirect(url_for("messaging.thread", conversation_id=conv.id))

    return submit_form(
        form,
        lambda: services.express_interest(current_user, offer, request.form),
        sent,
        lambda: _detail_page(offer, form),
        shown=ACTION_ERRORS,
    )


@bp.route("/offers/moderation")
@login_required
def moderation():
    """Staff: offers waiting to be published."""
    return render_template("offers/moderation.html", items=services.moderation_queue(current_user))
