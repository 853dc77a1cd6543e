"""Ecosystem pages: the collaboration network of funded projects (region staff)."""

from __future__ import annotations

import json

from flask import Blueprint, abort, flash, jsonify, render_template, request
from flask_login import current_user, login_required

from app.core.errors import ServiceError
from app.ecosystem import services
from app.partners import engine
from app.projects.calls import list_calls
from app.projects.permissions import can_monitor

bp = Blueprint("ecosystem", __name__)
engine.WARMERS.append(services.warm)


def _filters() -> dict:
    try:
        return services.parse_filters(request.args)
    except ServiceError as exc:
        flash(exc.message, "warning")
        return services.parse_filters({})


@bp.route("/ecosystem")
@login_required
def index():
    """Network, central organisations, communities, isolated organisations, SME share."""
    if not can_monitor(current_user):
        abort(403)
    filters = _filters()
    data = services.overview(current_user, filters)
    return render_template(
        "ecosystem/index.html",
        d=data,
        filters=filters,
        calls=list_calls(),
        graph_json=json.dumps(data["graph"]),
    )


@bp.route("/ecosystem/graph.json")
@login_required
def graph_json():
    """The drawn part of the network as Cytoscape elements."""
    filters = services.parse_filters(request.args)
    data = services.analyse(current_user, filters)
    return jsonify(
        {
            "nodes": data["nodes"],
            "edges": data["edges"],
            "limit": data["limit"],
            "elements": data["graph"],
        }
    )
