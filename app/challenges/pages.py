"""What the challenge pages show, gathered in one call per page (keeps the views thin)."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from app.auth.permissions import is_authenticated
from app.challenges import attachments, invitations, questions, responses, services, workflow
from app.challenges.forms import (
    AnswerForm,
    AttachmentForm,
    InviteOrgForm,
    QuestionForm,
    TransitionForm,
)
from app.challenges.i18n import _
from app.challenges.models import Challenge, ChallengeResponse
from app.challenges.permissions import (
    can_answer_question,
    can_ask_question,
    can_create_challenge,
    can_manage_challenge,
    can_review_response,
    can_see_stats,
    is_poster,
    responder_orgs,
)
from app.challenges.suggestions import ENGINE, rank_challenges_for_org, suggest_solvers
from app.core.errors import PermissionDenied, ServiceError
from app.core.forms import form_message
from app.orgs.services import user_orgs
from app.public.form_errors import failed_field


def detail_context(actor, challenge: Challenge) -> dict:
    """Everything the challenge page needs for this actor; counts the view."""
    services.record_view(actor, challenge)
    accepting = True
    closed_reason = ""
    try:
        responses.check_accepting(challenge)
    except ServiceError as exc:
        accepting, closed_reason = False, exc.message
    own = responses.list_responses(actor, challenge) if is_authenticated(actor) else []
    manage = can_manage_challenge(actor, challenge)
    suggestions = []
    if manage and challenge.status == "open":
        suggestions = suggest_solvers(actor, challenge, 8)
    return {
        "challenge": challenge,
        "actions": workflow.allowed_actions(actor, challenge),
        "questions": questions.list_questions(challenge),
        "files": attachments.list_attachments(challenge),
        "accepting": accepting,
        "closed_reason": closed_reason,
        "responses": own,
        "is_poster": is_poster(actor, challenge),
        "can_manage": manage,
        "can_ask": can_ask_question(actor, challenge),
        "can_answer": can_answer_question(actor, challenge),
        "can_respond": accepting and bool(responder_orgs(actor, challenge)),
        "responded_orgs": {r.org_id for r in own},
        "can_stats": can_see_stats(actor, challenge),
        "suggestions": suggestions,
        "invited": invitations.invited_org_ids(challenge) if manage else set(),
        "engine": ENGINE,
    }


def response_context(actor, challenge: Challenge, response: ChallengeResponse) -> dict:
    """What the response page shows (the caller got `response` through get_response)."""
    editable = response.status in responses.EDITABLE_STATUSES
    try:
        responses.check_accepting(challenge)
    except ServiceError:
        editable = False
    return {
        "challenge": challenge,
        "response": response,
        "files": attachments.list_attachments(response),
        "can_review": can_review_response(actor, response),
        "review_actions": [
            a
            for a, t in workflow.REVIEW_ACTIONS.items()
            if t in workflow.RESPONSE_TRANSITIONS[response.status]
            and challenge.status in ("open", "evaluating")
        ],
        "can_edit": editable and responses.can_edit_response(actor, response),
    }


def for_org_context(actor, org_id) -> dict:
    """Open challenges ranked for one of the actor's organisations."""
    orgs = user_orgs(actor)
    if not orgs:
        raise PermissionDenied(_("Join or register an organisation first."))
    org = next((o for o in orgs if str(o.id) == str(org_id)), None)
    if org is None and org_id not in (None, ""):
        raise PermissionDenied(_("You are not a member of this organisation."))
    org = org or orgs[0]
    page = services.search_challenges(actor, {"status": "open", "page": 1, "per_page": 100})
    return {
        "orgs": orgs,
        "org": org,
        "ranked": rank_challenges_for_org(actor, org, page.items),
        "engine": ENGINE,
    }


def mine_context(actor) -> dict:
    """The actor's organisations' challenges and responses."""
    return {
        "challenges": services.my_challenges(actor),
        "responses": responses.my_responses(actor),
        "can_create": can_create_challenge(actor),
    }


def render_detail(challenge, form=None, **forms) -> str:
    """The challenge page; with ``form`` (a button's form that failed), its message on top and
    what was typed kept (pass it also as ``transition_form=`` / ``question_form=``)."""
    ctx = detail_context(current_user, challenge)
    forms.setdefault("question_form", QuestionForm())
    forms.setdefault("transition_form", TransitionForm())
    return render_template(
        "challenges/detail.html",
        error=form_message(form) if form is not None else None,
        error_field=failed_field(form),
        answer_form=AnswerForm(),
        invite_form=InviteOrgForm(),
        upload_form=AttachmentForm(),
        **forms,
        **ctx,
    )
