"""The notification list (the bell)."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.auth.forms import EmptyForm
from app.notifications import services

bp = Blueprint("notifications", __name__)


@bp.route("/notifications")
@login_required
def index():
    """List the user's notifications."""
    page = services.list_notifications(current_user, request.args.get("page", 1, type=int))
    return render_template("notifications/index.html", page=page)


@bp.route("/notifications/read", methods=["POST"])
@login_required
def mark_read():
    """Mark one notification (or all) as read."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    nid = request.form.get("id", type=int)
    services.mark_read(current_user, nid)
    return redirect(url_for("notifications.index"))
