"""Public open-data downloads: /opendata (documentation) and /opendata/<kind>.<csv|json>."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import gettext as _

from app.datasets.rdf_terms import base_url
from app.opendata import formats
from app.opendata.projects import COLUMNS, KINDS, json_value, open_rows

bp = Blueprint("opendata", __name__)
LICENCE = "CC-BY-4.0"


@bp.route("/opendata")
def index():
    """What is published, with every column explained in the page's language."""
    return render_template("opendata/index.html", columns=COLUMNS, kinds=KINDS)


def _dialect() -> str:
    dialect = request.args.get("dialect", "it")
    if dialect not in formats.DIALECTS:
        abort(400, _("dialect: choose it or intl."))
    return dialect


@bp.route("/opendata/<any(calls, projects, partners):kind>.csv")
def download_csv(kind: str):
    """Bulk CSV (UTF-8 with BOM; ?dialect=it with ';' and decimal comma, or intl)."""
    dialect = _dialect()
    names = [c.name for c in COLUMNS[kind]]
    body = "".join(formats.csv_lines(names, open_rows(kind, base_url()), dialect))
    response = Response(body, content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{kind}.csv"'
    return response


@bp.route("/opendata/<any(calls, projects, partners):kind>.json")
def download_json(kind: str):
    """Bulk JSON: the column list and the records (money as decimal strings, ISO dates)."""
    columns = [{"name": c.name, "type": c.type, "label": str(c.label)} for c in COLUMNS[kind]]
    records = [{k: json_value(v) for k, v in row.items()} for row in open_rows(kind, base_url())]
    payload = {
        "dataset": f"{base_url()}/opendata#dataset",
        "licence": LICENCE,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "columns": columns,
        "records": records,
    }
    return Response(
        json.dumps(payload, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )
