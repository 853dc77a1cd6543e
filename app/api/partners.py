"""Partners API: suggestions with explanations, feedback, similar organisations, consortium
completion, and challenges / datasets ranked for an organisation."""

from __future__ import annotations

from flask.views import MethodView
from flask_login import current_user

from app.api.common import login_required_api
from app.api.pagination import Blueprint
from app.messaging.partnership import contact_partner
from app.orgs.services import get_org
from app.partners import engine, services
from app.partners.consortium import get_project_for_consortium
from app.partners.schemas import (
    FeedbackResultSchema,
    FeedbackSchema,
    ItemSchema,
    ProposalSchema,
    SuggestQuerySchema,
)

blp = Blueprint(
    "api_partners", __name__, url_prefix="/api/v1/partners", description="Partner matching"
)


@blp.route("/orgs/<slug>/suggestions")
class Suggestions(MethodView):
    """Suggested partners of an organisation."""

    @login_required_api
    @blp.arguments(SuggestQuerySchema, location="query")
    @blp.response(200, ProposalSchema(many=True))
    def get(self, args, slug):
        """Suggested partners with score per signal, shared terms and common partners."""
        items = services.suggest_partners(current_user, get_org(slug), args.get("kind"), args["k"])
        return [p.as_dict() for p in items]


@blp.route("/orgs/<slug>/suggestions/<target>")
class Feedback(MethodView):
    """Decision on one suggestion."""

    @login_required_api
    @blp.arguments(FeedbackSchema)
    @blp.response(200, FeedbackResultSchema)
    def post(self, data, slug, target):
        """Contact (with a message: opens a conversation; 409 when nobody represents the
        target), accept, dismiss or decline a suggested partner."""
        if data["action"] == "contact":
            proposal, _conv = contact_partner(
                current_user, get_org(slug), services.get_target(target), data.get("message")
            )
            return proposal
        return services.act_on_suggestion(
            current_user,
            get_org(slug),
            services.get_target(target),
            data["action"],
            data.get("message"),
        )


@blp.route("/orgs/<slug>/similar")
class Similar(MethodView):
    """Similar organisations (public)."""

    @blp.arguments(SuggestQuerySchema, location="query")
    @blp.response(200, ProposalSchema(many=True))
    def get(self, args, slug):
        """Organisations whose profile reads like this one."""
        return [p.as_dict() for p in services.similar_orgs(get_org(slug), args["k"])]


@blp.route("/orgs/<slug>/datasets")
class RelevantDatasets(MethodView):
    """Datasets for an organisation."""

    @login_required_api
    @blp.arguments(SuggestQuerySchema, location="query")
    @blp.response(200, ItemSchema(many=True))
    def get(self, args, slug):
        """Catalogue datasets that fit the organisation's profile, with the shared terms."""
        items = services.relevant_datasets(current_user, get_org(slug), args["k"])
        return [
            {
                "id": d.id,
                "title": d.title_en or d.title_it,
                "score": round(score, 4),
                "shared_terms": terms,
            }
            for d, score, terms in items
        ]


@blp.route("/projects/<int:project_id>/consortium")
class Consortium(MethodView):
    """Consortium completion."""

    @login_required_api
    @blp.arguments(SuggestQuerySchema, location="query")
    @blp.response(200, ProposalSchema(many=True))
    def get(self, args, project_id):
        """Organisations most likely to complete the project's consortium."""
        project = get_project_for_consortium(current_user, project_id)
        return [
            p.as_dict() for p in services.complete_consortium(project, args["k"], args.get("kind"))
        ]


blp.after_request(engine.status_headers)
