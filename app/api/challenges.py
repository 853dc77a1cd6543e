"""Challenges API (flask-smorest): calls the same services as the pages."""

from __future__ import annotations

from flask import request, send_file
from flask.views import MethodView
from flask_login import current_user

from app.api.common import STAFF, login_required_api
from app.api.pagination import Blueprint, ListPage, list_query, paged, query
from app.challenges import (
    attachments,
    invitations,
    questions,
    responses,
    services,
    suggestions,
    workflow,
)
from app.challenges.pages import for_org_context
from app.challenges.schemas import (
    ChallengeQuerySchema,
    ChallengeSchema,
    ChallengeWriteSchema,
    ChAnswerSchema,
    ChAttachmentSchema,
    ChInvitationSchema,
    ChInviteSchema,
    ChQuestionSchema,
    ChResponseSchema,
    ChResponseWriteSchema,
    ChReviewSchema,
    ChStatsSchema,
    ChSuggestionSchema,
    ChTransitionSchema,
    ChUploadSchema,
)
from app.orgs.services import get_org

blp = Blueprint(
    "api_challenges",
    __name__,
    url_prefix="/api/v1/challenges",
    description="Open-innovation challenges, questions, responses, files",
)


def _challenge(challenge_id):
    return services.get_challenge(current_user, challenge_id)


@blp.route("")
class Challenges(MethodView):
    """Published challenges."""

    @blp.arguments(list_query(ChallengeQuerySchema), location="query")
    @blp.response(200, ChallengeSchema(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        """List published challenges (filters: q, area, trl, status, deadline; page,
        page_size)."""
        params = services.parse_search(query(args, pagination_parameters))
        return paged(pagination_parameters, services.search_challenges(current_user, params))

    @login_required_api
    @blp.arguments(ChallengeWriteSchema)
    @blp.response(201, ChallengeSchema)
    def post(self, data):
        """Draft a challenge for a company the caller owns."""
        return services.create_challenge(current_user, data)


@blp.route("/moderation")
class ChallengeModeration(MethodView):
    """Staff moderation queue."""

    @login_required_api(roles=STAFF)
    @blp.response(200, ChallengeSchema(many=True))
    @blp.paginate(ListPage)
    def get(self):
        """Challenges awaiting approval, oldest first (region staff)."""
        return services.moderation_queue(current_user)


@blp.route("/mine")
class MyChallenges(MethodView):
    """The caller's organisations' challenges."""

    @login_required_api
    @blp.response(200, ChallengeSchema(many=True))
    @blp.paginate(ListPage)
    def get(self):
        """Challenges of the caller's organisations, in every state."""
        return services.my_challenges(current_user)


@blp.route("/<int:challenge_id>")
class ChallengeItem(MethodView):
    """One challenge."""

    @blp.response(200, ChallengeSchema)
    def get(self, challenge_id):
        """Get a challenge (404 when the caller may not see it)."""
        return _challenge(challenge_id)

    @login_required_api
    @blp.arguments(ChallengeWriteSchema)
    @blp.response(200, ChallengeSchema)
    def patch(self, data, challenge_id):
        """Edit a draft (owners of the posting company)."""
        return services.update_challenge(current_user, _challenge(challenge_id), data)


@blp.route("/<int:challenge_id>/transitions")
class ChallengeTransitions(MethodView):
    """The workflow."""

    @login_required_api
    @blp.arguments(ChTransitionSchema)
    @blp.response(200, ChallengeSchema)
    def post(self, data, challenge_id):
        """submit, approve, return (comment required), evaluate, award, close, withdraw;
        409 when the move is not allowed from the current status."""
        return workflow.transition_challenge(
            current_user, _challenge(challenge_id), data["action"], data.get("comment", "")
        )


@blp.route("/<int:challenge_id>/questions")
class ChallengeQuestions(MethodView):
    """Clarification questions."""

    @blp.response(200, ChQuestionSchema(many=True))
    @blp.paginate(ListPage)
    def get(self, challenge_id):
        """Questions and answers of a challenge."""
        return questions.list_questions(_challenge(challenge_id))

    @login_required_api
    @blp.arguments(ChQuestionSchema)
    @blp.response(201, ChQuestionSchema)
    def post(self, data, challenge_id):
        """Ask a question (members of another organisation, while open)."""
        return questions.ask_question(current_user, _challenge(challenge_id), data)


@blp.route("/<int:challenge_id>/questions/<int:question_id>/answer")
class ChallengeAnswer(MethodView):
    """The company's answer."""

    @login_required_api
    @blp.arguments(ChAnswerSchema)
    @blp.response(200, ChQuestionSchema)
    def put(self, data, challenge_id, question_id):
        """Answer (or correct the answer to) a question."""
        return questions.answer_question(current_user, _challenge(challenge_id), question_id, data)


@blp.route("/<int:challenge_id>/responses")
class ChallengeResponses(MethodView):
    """Responses."""

    @login_required_api
    @blp.response(200, ChResponseSchema(many=True))
    @blp.paginate(ListPage)
    def get(self, challenge_id):
        """All responses for the poster and staff; the caller's own otherwise."""
        return responses.list_responses(current_user, _challenge(challenge_id))

    @login_required_api
    @blp.arguments(ChResponseWriteSchema)
    @blp.response(201, ChResponseSchema)
    def post(self, data, challenge_id):
        """Respond on behalf of one of the caller's organisations (until the deadline)."""
        return responses.submit_response(current_user, _challenge(challenge_id), data)


@blp.route("/<int:challenge_id>/responses/<int:response_id>")
class ChallengeResponseItem(MethodView):
    """One response."""

    @login_required_api
    @blp.response(200, ChResponseSchema)
    def get(self, challenge_id, response_id):
        """A response (authors, posting company, staff; 404 for anyone else)."""
        return responses.get_response(current_user, _challenge(challenge_id), response_id)

    @login_required_api
    @blp.arguments(ChResponseWriteSchema)
    @blp.response(200, ChResponseSchema)
    def patch(self, data, challenge_id, response_id):
        """Edit a response until the deadline (authors)."""
        data.pop("org_id", None)
        response = responses.get_response(current_user, _challenge(challenge_id), response_id)
        return responses.update_response(current_user, response, data)


@blp.route("/<int:challenge_id>/responses/<int:response_id>/review")
class ChallengeResponseReview(MethodView):
    """Review decisions."""

    @login_required_api
    @blp.arguments(ChReviewSchema)
    @blp.response(200, ChResponseSchema)
    def post(self, data, challenge_id, response_id):
        """shortlist, request_info, accept or reject (feedback required for the last two
        but accept); 409 on an illegal move."""
        response = responses.get_response(current_user, _challenge(challenge_id), response_id)
        return workflow.review_response(
            current_user, response, data["action"], data.get("feedback", "")
        )


@blp.route("/<int:challenge_id>/responses/<int:response_id>/files")
class ResponseFiles(MethodView):
    """Files of a response."""

    @login_required_api
    @blp.response(200, ChAttachmentSchema(many=True))
    @blp.paginate(ListPage)
    def get(self, challenge_id, response_id):
        """List the files of a response."""
        response = responses.get_response(current_user, _challenge(challenge_id), response_id)
        return attachments.list_attachments(response)

    @login_required_api
    @blp.arguments(ChUploadSchema, location="files")
    @blp.response(201, ChAttachmentSchema)
    def post(self, data, challenge_id, response_id):
        """Upload a file (PDF, PNG, JPEG, DOCX, XLSX, CSV, checked on content)."""
        response = responses.get_response(current_user, _challenge(challenge_id), response_id)
        return attachments.add_attachment(current_user, response, request.files.get("file"))


@blp.route("/<int:challenge_id>/files")
class ChallengeFiles(MethodView):
    """Files of a challenge."""

    @blp.response(200, ChAttachmentSchema(many=True))
    @blp.paginate(ListPage)
    def get(self, challenge_id):
        """List the files of a challenge."""
        return attachments.list_attachments(_challenge(challenge_id))

    @login_required_api
    @blp.arguments(ChUploadSchema, location="files")
    @blp.response(201, ChAttachmentSchema)
    def post(self, data, challenge_id):
        """Upload a file to the challenge (owners of the posting company)."""
        return attachments.add_attachment(
            current_user, _challenge(challenge_id), request.files.get("file")
        )


@blp.route("/files/<int:attachment_id>")
class FileDownload(MethodView):
    """Download."""

    @blp.response(
        200, {"type": "string", "format": "binary"}, content_type="application/octet-stream"
    )
    def get(self, attachment_id):
        """Download a file (as an attachment, only for those who may see its owner)."""
        att, path = attachments.get_attachment(current_user, attachment_id)
        resp = send_file(
            path,
            mimetype=att.content_type,
            as_attachment=True,
            download_name=att.filename,
            max_age=0,
        )
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["Cache-Control"] = "private, no-store"
        return resp


@blp.route("/<int:challenge_id>/suggestions")
class ChallengeSuggestions(MethodView):
    """Suggested solvers."""

    @login_required_api
    @blp.response(200, ChSuggestionSchema(many=True))
    def get(self, challenge_id):
        """Organisations that could solve the challenge, with the reasons (owners)."""
        return suggestions.suggest_solvers(current_user, _challenge(challenge_id), 10)


@blp.route("/<int:challenge_id>/invitations")
class ChallengeInvitations(MethodView):
    """Invitations."""

    @login_required_api
    @blp.arguments(ChInviteSchema)
    @blp.response(201, ChInvitationSchema)
    def post(self, data, challenge_id):
        """Invite an organisation; its members are notified."""
        return invitations.invite_org(current_user, _challenge(challenge_id), data)


@blp.route("/<int:challenge_id>/stats")
class ChallengeStats(MethodView):
    """Statistics."""

    @login_required_api
    @blp.response(200, ChStatsSchema)
    def get(self, challenge_id):
        """Views and responses by kind of organisation (posting company and staff)."""
        return services.challenge_stats(current_user, _challenge(challenge_id))


@blp.route("/for-org/<org>")
class ChallengesForOrg(MethodView):
    """Ranking for one organisation."""

    @login_required_api
    @blp.response(200, ChSuggestionSchema(many=True))
    def get(self, org):
        """Open challenges ranked for one of the caller's organisations."""
        return for_org_context(current_user, get_org(org).id)["ranked"]
