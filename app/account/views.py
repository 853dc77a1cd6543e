"""The personal area page, and the 'seen' mark its script posts."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.account import digest, services
from app.account.blueprint import bp
from app.auth.forms import EmptyForm


@bp.route("/my")
@login_required
def home():
    """La mia area: what the signed-in user has to do next."""
    return render_template(
        "account/home.html",
        area=services.personal_area(current_user),
        digest_on=digest.is_subscribed(current_user),
    )


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


@bp.route("/my/digest", methods=["POST"])
@login_required
def digest_choice():
    """Opt in to or out of the weekly digest."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    on = digest.set_digest(current_user, request.form.get("on") == "1")
    flash(_("Weekly digest on.") if on else _("Weekly digest off."), "success")
    return redirect(url_for("account.home"))


@bp.route("/digest/unsubscribe/<token>", methods=["GET", "POST"])
def unsubscribe(token: str):
    """The digest's one-click link: the page's button turns it off (a GET writes nothing)."""
    user = digest.user_for_token(token)
    if request.method == "POST":
        if not EmptyForm().validate_on_submit():
            abort(400)
        digest.unsubscribe(token)
        return render_template("account/unsubscribe.html", user=user, done=True)
    return render_template("account/unsubscribe.html", user=user, done=False)
