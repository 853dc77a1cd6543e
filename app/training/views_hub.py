"""The Region's services for AI in health on one page: training, helpdesk, shared compute."""

from __future__ import annotations

from flask import render_template

from app.training.views import bp


@bp.route("/services")
def services_hub():
    """The front door to the three services (one menu entry leads here)."""
    return render_template("training/services.html")
