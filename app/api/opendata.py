"""Open data API: the public records of calls, projects, partners; CUP / ISTAT codes (staff)."""

from __future__ import annotations

from flask import abort
from flask.views import MethodView
from flask_login import current_user
from marshmallow import Schema, fields

from app.api.common import STAFF, login_required_api
from app.api.pagination import Blueprint
from app.datasets.rdf_terms import base_url
from app.extensions import db
from app.opendata.codes import set_project_codes
from app.opendata.projects import COLUMNS, json_value, open_rows
from app.projects.models import FundedProject

blp = Blueprint(
    "api_opendata",
    __name__,
    url_prefix="/api/v1/opendata",
    description="Funded projects as open data (public) and their CUP / ISTAT codes (staff)",
)


class ColumnSchema(Schema):
    """One documented column."""

    name = fields.String(required=True)
    type = fields.String(required=True, metadata={"description": "text, decimal, date, ..."})
    label = fields.String(required=True, metadata={"description": "In the request's language"})


class OpenDataSchema(Schema):
    """Columns and records; money as decimal strings (two decimals), dates ISO 8601."""

    columns = fields.List(fields.Nested(ColumnSchema), required=True)
    records = fields.List(fields.Dict(), required=True)


class ProjectCodesSchema(Schema):
    """CUP (15 characters) and six-digit ISTAT municipality code; empty clears."""

    id = fields.Integer(dump_only=True)
    cup = fields.String(allow_none=True, metadata={"example": "E19J21000000007"})
    istat_code = fields.String(allow_none=True, metadata={"example": "015146"})


@blp.route("/<any(calls, projects, partners):kind>")
class OpenData(MethodView):
    """Bulk open data."""

    @blp.response(200, OpenDataSchema)
    def get(self, kind: str):
        """Every public record of calls, projects or partners."""
        return {
            "columns": [
                {"name": c.name, "type": c.type, "label": str(c.label)} for c in COLUMNS[kind]
            ],
            "records": [
                {k: json_value(v) for k, v in row.items()} for row in open_rows(kind, base_url())
            ],
        }


@blp.route("/projects/<int:project_id>/codes")
class ProjectCodes(MethodView):
    """CUP and ISTAT code of one project."""

    @login_required_api(roles=STAFF)
    @blp.arguments(ProjectCodesSchema)
    @blp.response(200, ProjectCodesSchema)
    def put(self, data, project_id: int):
        """Record the codes (region staff)."""
        # Ids past the database's integer range are simply not found (never a 500).
        project = db.session.get(FundedProject, project_id) if project_id < 2**31 else None
        if project is None:
            abort(404)
        return set_project_codes(current_user, project, data)
