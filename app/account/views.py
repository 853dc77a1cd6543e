"""The personal area page, and the 'seen' mark its script posts."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user, login_required

from app.account import gdpr, services  # noqa: F401  (gdpr: connects the export part)
from app.auth.forms import EmptyForm

bp = Blueprint("account", __name__)


@bp.route("/my")
@login_required
def home():
    """La mia area: what the signed-in user has to do next."""
    return render_template("account/home.html", area=services.personal_area(current_user))


@bp.route("/my/seen", methods=["POST"])
@login_required
def seen():
    """Remember the proposals shown (posted by the page's script: a GET never writes)."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.mark_proposals_seen(
        current_user, {"org": request.form.get("org"), "targets": request.form.get("targets", "")}
    )
    return "", 204
