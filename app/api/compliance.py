"""Compliance API (flask-smorest): calls the same services as the pages."""

from __future__ import annotations

from flask import jsonify, request
from flask.views import MethodView
from flask_login import current_user
from marshmallow import Schema, fields

from app.api.common import OBJECT, login_required_api
from app.api.pagination import Blueprint, ListPage
from app.compliance import consultations as cs
from app.compliance import rules as rs
from app.compliance import services
from app.compliance.schemas import (
    AssessmentSchema,
    AssessmentWriteSchema,
    ConsultationActionSchema,
    ConsultationMessageSchema,
    ConsultationMessageWriteSchema,
    ConsultationSchema,
    ConsultationWriteSchema,
)

blp = Blueprint(
    "api_compliance",
    __name__,
    url_prefix="/api/v1/compliance",
    description="SME regulatory self-assessment and expert consultations",
)


class FiguresSchema(Schema):
    """Service figures per topic."""

    topics = fields.List(fields.Dict())


@blp.route("/rules")
class Rules(MethodView):
    """The rule set."""

    @blp.response(200, OBJECT)
    def get(self):
        """The current rule set (version, date, questions, obligations)."""
        return jsonify(rs.load_rules())


@blp.route("/assessments")
class Assessments(MethodView):
    """Saved assessments."""

    @login_required_api
    @blp.response(200, AssessmentSchema(many=True))
    @blp.paginate(ListPage)
    def get(self):
        """Assessments of the caller's organisations (all for experts)."""
        return services.my_assessments(current_user)

    @login_required_api
    @blp.arguments(AssessmentWriteSchema)
    @blp.response(201, AssessmentSchema)
    def post(self, data):
        """Run and save an assessment; a missing or wrong answer is a 422 naming the question."""
        return services.run_assessment(current_user, data)


@blp.route("/assessments/<int:assessment_id>")
class AssessmentItem(MethodView):
    """One assessment."""

    @login_required_api
    @blp.response(200, OBJECT)
    def get(self, assessment_id):
        """The full result (obligations with article and date, what to prepare, timeline);
        `?lang=en` for English."""
        lang = "en" if request.args.get("lang") == "en" else "it"
        return jsonify(services.report(services.get_assessment(current_user, assessment_id), lang))


@blp.route("/consultations")
class Consultations(MethodView):
    """Consultations."""

    @login_required_api
    @blp.response(200, ConsultationSchema(many=True))
    @blp.paginate(ListPage)
    def get(self):
        """The experts' queue, or the caller's organisations' consultations."""
        return cs.list_consultations(current_user)

    @login_required_api
    @blp.arguments(ConsultationWriteSchema)
    @blp.response(201, ConsultationSchema)
    def post(self, data):
        """Ask the experts."""
        return cs.request_consultation(current_user, data)


@blp.route("/consultations/<int:consultation_id>")
class ConsultationItem(MethodView):
    """One consultation."""

    @login_required_api
    @blp.response(200, ConsultationSchema)
    def get(self, consultation_id):
        """The consultation and its thread."""
        return cs.get_consultation(current_user, consultation_id)

    @login_required_api
    @blp.arguments(ConsultationActionSchema)
    @blp.response(200, ConsultationSchema)
    def post(self, data, consultation_id):
        """Assign or close (experts); closing a closed consultation answers 409."""
        c = cs.get_consultation(current_user, consultation_id)
        if data["action"] == "assign":
            return cs.assign_consultation(current_user, c, data)
        return cs.close_consultation(current_user, c, data)


@blp.route("/consultations/<int:consultation_id>/messages")
class ConsultationMessages(MethodView):
    """The thread."""

    @login_required_api
    @blp.arguments(ConsultationMessageWriteSchema)
    @blp.response(201, ConsultationMessageSchema)
    def post(self, data, consultation_id):
        """Write in the thread (409 once closed)."""
        return cs.post_message(
            current_user, cs.get_consultation(current_user, consultation_id), data
        )


@blp.route("/figures")
class Figures(MethodView):
    """Service figures."""

    @login_required_api
    @blp.response(200, FiguresSchema)
    def get(self):
        """Per topic: requests, open, median hours to first answer and to close (experts)."""
        return {"topics": cs.service_figures(current_user)}
