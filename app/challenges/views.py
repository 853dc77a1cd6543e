"""Challenge pages: listing, detail, create / edit, workflow, questions, mine, moderation."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.challenges import labels, pages, questions, services, workflow
from app.challenges.blueprint import bp
from app.challenges.forms import (
    AnswerForm,
    ChallengeForm,
    QuestionForm,
    TransitionForm,
)
from app.challenges.pages import render_detail
from app.core.errors import ServiceError
from app.core.forms import ACTION_ERRORS, submit_form


@bp.route("/challenges")
def index():
    """Published challenges with search, facets and pagination."""
    try:
        params = services.parse_search(request.args)
    except ServiceError as exc:
        flash(exc.message, "warning")
        params = services.parse_search({})
    page = services.search_challenges(current_user, params)
    return render_template("challenges/index.html", page=page, params=params)


@bp.route("/challenges/mine")
@login_required
def mine():
    """Challenges and responses of my organisations."""
    return render_template("challenges/mine.html", **pages.mine_context(current_user))


@bp.route("/challenges/moderation")
@login_required
def moderation():
    """Staff: challenges awaiting approval."""
    return render_template(
        "challenges/moderation.html",
        items=services.moderation_queue(current_user),
        form=TransitionForm(),
    )


@bp.route("/challenges/for-my-organisation")
@login_required
def for_org():
    """Open challenges ranked for one of my organisations."""
    return render_template(
        "challenges/for_org.html", **pages.for_org_context(current_user, request.args.get("org"))
    )


def _company_choices(form) -> None:
    form.org_id.choices = [
        (m.org_id, m.organisation.name)
        for m in current_user.memberships
        if m.role == "owner" and m.organisation.kind == "company"
    ]


@bp.route("/challenges/new", methods=["GET", "POST"])
@login_required
def create():
    """Draft a new challenge (owners of a company)."""
    form = ChallengeForm()
    _company_choices(form)
    if not form.org_id.choices:
        # Not a form with an empty company list and a button that cannot work: the reason.
        return render_template(
            "errors/error.html",
            code=403,
            message=_("Only owners of a company can post challenges."),
        ), 403

    def drafted(challenge):
        flash(_("Draft saved. Submit it for approval when it is ready."), "success")
        return redirect(url_for("challenges.detail", challenge_id=challenge.id))

    return submit_form(
        form,
        lambda: services.create_challenge(current_user, form.to_data()),
        drafted,
        lambda: render_template("challenges/edit.html", form=form, challenge=None),
        shown=(409, 422),
        error_status=422,
    )


@bp.route("/challenges/<int:challenge_id>")
def detail(challenge_id: int):
    """A challenge, its questions, files, actions and (for owners) suggested solvers."""
    return render_detail(services.get_challenge(current_user, challenge_id))


@bp.route("/challenges/<int:challenge_id>/edit", methods=["GET", "POST"])
@login_required
def edit(challenge_id: int):
    """Edit a draft."""
    challenge = services.get_challenge(current_user, challenge_id)
    form = ChallengeForm(obj=challenge)
    form.org_id.choices = []
    if request.method == "GET" and challenge.deadline:
        form.deadline.data = services.as_utc(challenge.deadline).astimezone(services.ROME).date()
    if request.method == "GET":
        form.area.data = challenge.area or ""
    if not workflow.can_manage_challenge(current_user, challenge):
        return render_template(
            "errors/error.html",
            code=403,
            message=_("Only the owners of the posting company may edit it."),
        ), 403

    def saved(_challenge):
        flash(_("Challenge saved."), "success")
        return redirect(url_for("challenges.detail", challenge_id=challenge.id))

    return submit_form(
        form,
        lambda: services.update_challenge(current_user, challenge, form.to_data()),
        saved,
        lambda: render_template("challenges/edit.html", form=form, challenge=challenge),
        shown=(409, 422),
    )


@bp.route("/challenges/<int:challenge_id>/transition", methods=["POST"])
@login_required
def transition(challenge_id: int):
    """Submit, approve, return, evaluate, award, close or withdraw."""
    challenge = services.get_challenge(current_user, challenge_id)
    form = TransitionForm()

    def moved(_challenge):
        flash(_("Challenge updated."), "success")
        return redirect(url_for("challenges.detail", challenge_id=challenge.id))

    return submit_form(
        form,
        lambda: workflow.transition_challenge(
            current_user, challenge, form.action.data or "", form.comment.data or ""
        ),
        moved,
        lambda: render_detail(challenge, form, transition_form=form),
        shown=ACTION_ERRORS,
    )


@bp.route("/challenges/<int:challenge_id>/questions", methods=["POST"])
@login_required
def ask(challenge_id: int):
    """Ask a clarification question."""
    challenge = services.get_challenge(current_user, challenge_id)
    form = QuestionForm()

    def asked(_question):
        flash(_("Question sent to the company."), "success")
        return redirect(url_for("challenges.detail", challenge_id=challenge.id) + "#questions")

    return submit_form(
        form,
        lambda: questions.ask_question(current_user, challenge, {"question": form.question.data}),
        asked,
        lambda: render_detail(challenge, form, question_form=form),
        shown=ACTION_ERRORS,
    )


@bp.route("/challenges/<int:challenge_id>/questions/<int:question_id>/answer", methods=["POST"])
@login_required
def answer(challenge_id: int, question_id: int):
    """Answer a clarification question (posting company)."""
    challenge = services.get_challenge(current_user, challenge_id)
    form = AnswerForm()

    def answered(_question):
        flash(_("Answer published."), "success")
        return redirect(url_for("challenges.detail", challenge_id=challenge.id) + "#questions")

    return submit_form(
        form,
        lambda: questions.answer_question(
            current_user, challenge, question_id, {"answer": form.answer.data}
        ),
        answered,
        lambda: render_detail(challenge, form),
        shown=ACTION_ERRORS,
    )


@bp.app_context_processor
def _challenge_labels():
    """Labels the challenge templates use (formatting: the `dt`/`eur` filters)."""

    return {
        "challenge_status_labels": labels.STATUS_LABELS,
        "response_status_labels": labels.RESPONSE_STATUS_LABELS,
        "challenge_action_labels": labels.ACTION_LABELS,
        "challenge_review_labels": labels.REVIEW_LABELS,
        "challenge_visibility_labels": labels.VISIBILITY_LABELS,
        "challenge_deadline_labels": labels.DEADLINE_LABELS,
    }
