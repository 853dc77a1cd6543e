"""The Region's services for AI in health on one page: training, helpdesk, shared compute;
and what they offer to an organisation responding to a challenge."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user, login_required

from app.training.for_responses import guideline_title, suggest_for_response
from app.training.views import bp


@bp.route("/services")
def services_hub():
    """The front door to the three services (one menu entry leads here)."""
    return render_template("training/services.html")


@bp.route("/services/responses/<int:response_id>")
@login_required
def response_services(response_id: int):
    """Courses, helpdesk guidelines and computing resources for a response of my organisation
    (suggested by the matching engine; the page writes nothing)."""
    found = suggest_for_response(current_user, response_id)
    return render_template(
        "training/response_services.html", found=found, guideline_title=guideline_title
    )
