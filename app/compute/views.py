"""Compute pages: the catalogue and its resources (staff edit), the staff dashboard."""

from __future__ import annotations

import click
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.compute import dashboard, labels, requests, resources
from app.compute.demo import seed_demo
from app.compute.forms import ResourceForm, form_data
from app.compute.permissions import can_decide, can_manage_resources, can_request, is_requester
from app.compute.suggestions import suggestions_for_my_projects
from app.core.forms import submit_form
from app.core.spreadsheet import CSV_CONTENT_TYPE, dialect_of
from app.extensions import db
from app.orgs.models import Organisation

bp = Blueprint("compute", __name__, url_prefix="/compute", cli_group="compute")


@bp.context_processor
def _labels():
    """Labels and permission helpers for the compute templates."""
    return {
        "kl": labels,
        "provider_label": resources.provider_label,
        "can_manage_resources": can_manage_resources,
        "can_request": can_request,
        "can_decide": can_decide,
        "is_requester": is_requester,
        "risk": requests.risk,
        "used_hours": requests.used_hours,
    }


@bp.route("")
def index():
    """The catalogue of computing resources."""
    return render_template(
        "compute/index.html", items=resources.list_resources(request.args), args=request.args
    )


@bp.route("/resources/<int:resource_id>")
def resource(resource_id: int):
    """One resource: capacity, conditions, eligibility, certifications, location."""
    res = resources.get_resource(resource_id, include_inactive=can_manage_resources(current_user))
    return render_template("compute/resource.html", res=res)


def _org_choices(form: ResourceForm) -> None:
    orgs = db.session.execute(db.select(Organisation).order_by(Organisation.name)).scalars()
    form.provider_org_id.choices = [("", "—")] + [(str(o.id), o.name) for o in orgs]


def _resource_form(res=None):
    if not can_manage_resources(current_user):
        abort(403)
    form = ResourceForm(obj=res) if request.method == "GET" else ResourceForm()
    _org_choices(form)
    if request.method == "GET" and res is not None:
        form.provider_org_id.data = str(res.provider_org_id or "")

    def save():
        if res is None:
            return resources.create_resource(current_user, form_data(form))
        resources.update_resource(current_user, res, form_data(form))
        return res

    def saved(saved_res):
        flash(_("Resource saved."), "success")
        return redirect(url_for("compute.resource", resource_id=saved_res.id))

    return submit_form(
        form,
        save,
        saved,
        lambda: render_template("compute/resource_edit.html", form=form, res=res),
    )


@bp.route("/resources/new", methods=["GET", "POST"])
@login_required
def resource_new():
    """Add a resource (staff)."""
    return _resource_form()


@bp.route("/resources/<int:resource_id>/edit", methods=["GET", "POST"])
@login_required
def resource_edit(resource_id: int):
    """Edit a resource (staff)."""
    if not can_manage_resources(current_user):
        abort(403)
    return _resource_form(resources.get_resource(resource_id, include_inactive=True))


@bp.route("/suggestions")
@login_required
def suggestions():
    """Resources that fit the text of my organisations' funded projects."""
    return render_template(
        "compute/suggestions.html", items=suggestions_for_my_projects(current_user)
    )


@bp.route("/dashboard")
@login_required
def dashboard_page():
    """Demand vs capacity per quarter (staff): chart and table."""
    return render_template(
        "compute/dashboard.html", rows=dashboard.demand_vs_capacity(current_user)
    )


@bp.route("/dashboard.csv")
@login_required
def dashboard_export():
    """The dashboard table as CSV (staff)."""
    rows = dashboard.demand_vs_capacity(current_user)
    body = dashboard.dashboard_csv(rows, dialect_of(request.args.get("dialect")))
    return Response(
        body,
        content_type=CSV_CONTENT_TYPE,
        headers={"Content-Disposition": 'attachment; filename="compute-demand.csv"'},
    )


@bp.cli.command("expire")
def expire_cmd() -> None:
    """Expire allocations whose period has ended (run from cron)."""
    n = requests.expire_requests()
    db.session.commit()
    click.echo(f"compute expire: {n} request(s) expired")


@bp.cli.command("demo")
def demo_cmd() -> None:
    """Load the demo resources and requests (idempotent)."""
    stats = seed_demo()
    db.session.commit()
    click.echo("compute demo: " + ", ".join(f"{k}={v}" for k, v in stats.items()))
