"""Staff pages of the projects blueprint: monitoring dashboard and exports."""

from __future__ import annotations

import json
from datetime import date

from flask import Response, abort, flash, render_template, request
from flask_login import current_user, login_required

from app.core.errors import ServiceError
from app.core.spreadsheet import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, dialect_of
from app.orgs.labels import AREA_LABELS, KIND_LABELS
from app.projects import calls, exports
from app.projects.dashboard import dashboard as build_dashboard
from app.projects.dashboard import dashboard_json, parse_filters, province_options
from app.projects.permissions import can_monitor
from app.projects.views import bp
from app.public.formatting import quarter_label


def _filters() -> dict:
    try:
        return parse_filters(request.args)
    except ServiceError as exc:
        flash(exc.message, "warning")
        return parse_filters({})


def _labelled(charts: dict) -> dict:
    """Chart axes show the reader's labels, never the codes (public_health, company, 2025-Q1)."""
    for name, labels in (("by_area", AREA_LABELS), ("by_kind", KIND_LABELS)):
        for row in charts.get(name, []):
            row["label"] = str(labels.get(row.get("key"), row.get("key") or "—"))
    for row in charts.get("trend", []):
        row["label"] = quarter_label(row.get("period"))
    return charts


@bp.route("/projects/dashboard")
@login_required
def dashboard():
    """Region staff: totals, spending against time, overdue milestones, projects at risk."""
    if not can_monitor(current_user):
        abort(403)
    filters = _filters()
    data = build_dashboard(current_user, filters)
    return render_template(
        "projects/dashboard.html",
        d=data,
        filters=filters,
        charts=json.dumps(_labelled(dashboard_json(data))),
        calls=calls.list_calls(),
        provinces=province_options(data["by_province"]),
        quarter_label=quarter_label,
    )


@bp.route("/projects/export/<what>.<fmt>")
@login_required
def export(what: str, fmt: str):
    """Region staff: projects, partners or spending as CSV or XLSX (dashboard filters apply)."""
    if fmt not in ("csv", "xlsx"):
        abort(404)
    rows = exports.export_rows(current_user, what, _filters())
    stamp = date.today().isoformat()
    name = f"{what}-{stamp}.{fmt}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    if fmt == "csv":
        body = exports.to_csv(what, rows, dialect_of(request.args.get("dialect")))
        return Response(body, content_type=CSV_CONTENT_TYPE, headers=headers)
    return Response(exports.to_xlsx(what, rows), headers=headers, content_type=XLSX_CONTENT_TYPE)
