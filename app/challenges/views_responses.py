"""Challenge pages about responses, invitations, statistics and files."""

from __future__ import annotations

from flask import flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.challenges import attachments, invitations, pages, responses, services, workflow
from app.challenges.blueprint import bp
from app.challenges.forms import AttachmentForm, InviteOrgForm, ResponseForm, ReviewForm
from app.challenges.pages import render_detail
from app.challenges.permissions import responder_orgs
from app.core.forms import ACTION_ERRORS, form_message, submit_form
from app.public.form_errors import failed_field


def render_response(challenge, response, form=None, **forms) -> str:
    """The response page; with ``form`` (a button's form that failed), its message on top."""
    forms.setdefault("review_form", ReviewForm())
    return render_template(
        "challenges/response.html",
        error=form_message(form) if form is not None else None,
        error_field=failed_field(form),
        upload_form=AttachmentForm(),
        **forms,
        **pages.response_context(current_user, challenge, response),
    )


def _to_response(challenge, message: str):
    """The answer of a successful action on a response: a flash and its page."""

    def done(response):
        flash(message, "success")
        return redirect(
            url_for(
                "challenges.response_detail", challenge_id=challenge.id, response_id=response.id
            )
        )

    return done


@bp.route("/challenges/<int:challenge_id>/respond", methods=["GET", "POST"])
@login_required
def respond(challenge_id: int):
    """Submit a response on behalf of one of my organisations."""
    challenge = services.get_challenge(current_user, challenge_id)
    form = ResponseForm()
    form.org_id.choices = [(o.id, o.name) for o in responder_orgs(current_user, challenge)]
    if not form.org_id.choices:
        return render_template(
            "errors/error.html",
            code=403,
            message=_(
                "Only members of an organisation other than the posting company can respond."
            ),
        ), 403
    return submit_form(
        form,
        lambda: responses.submit_response(current_user, challenge, form.to_data()),
        _to_response(challenge, _("Response submitted. You can edit it until the deadline.")),
        lambda: render_template(
            "challenges/respond.html", form=form, challenge=challenge, response=None
        ),
        shown=ACTION_ERRORS,
    )


@bp.route("/challenges/<int:challenge_id>/responses")
@login_required
def responses_list(challenge_id: int):
    """Responses I may see: all for the poster and staff, my own otherwise."""
    challenge = services.get_challenge(current_user, challenge_id)
    return render_template(
        "challenges/responses.html",
        challenge=challenge,
        items=responses.list_responses(current_user, challenge),
    )


@bp.route("/challenges/<int:challenge_id>/responses/<int:response_id>")
@login_required
def response_detail(challenge_id: int, response_id: int):
    """One response (authors, posting company and staff only)."""
    challenge = services.get_challenge(current_user, challenge_id)
    return render_response(challenge, responses.get_response(current_user, challenge, response_id))


@bp.route(
    "/challenges/<int:challenge_id>/responses/<int:response_id>/edit", methods=["GET", "POST"]
)
@login_required
def response_edit(challenge_id: int, response_id: int):
    """Edit my response until the deadline."""
    challenge = services.get_challenge(current_user, challenge_id)
    response = responses.get_response(current_user, challenge, response_id)
    if not responses.can_edit_response(current_user, response):
        return render_template(
            "errors/error.html",
            code=403,
            message=_("Only the responding organisation edits its response."),
        ), 403
    form = ResponseForm(obj=response)
    form.org_id.choices = []

    def save():
        data = form.to_data()
        data.pop("org_id", None)
        responses.update_response(current_user, response, data)
        return response

    return submit_form(
        form,
        save,
        _to_response(challenge, _("Response saved.")),
        lambda: render_template(
            "challenges/respond.html", form=form, challenge=challenge, response=response
        ),
        shown=ACTION_ERRORS,
    )


@bp.route("/challenges/<int:challenge_id>/responses/<int:response_id>/review", methods=["POST"])
@login_required
def review(challenge_id: int, response_id: int):
    """Shortlist, request information, accept or reject."""
    challenge = services.get_challenge(current_user, challenge_id)
    response = responses.get_response(current_user, challenge, response_id)
    form = ReviewForm()

    def reviewed():
        workflow.review_response(
            current_user, response, form.action.data or "", form.feedback.data or ""
        )
        return response

    return submit_form(
        form,
        reviewed,
        _to_response(challenge, _("Response updated; the responder has been notified.")),
        lambda: render_response(challenge, response, form, review_form=form),
        shown=ACTION_ERRORS,
    )


@bp.route("/challenges/<int:challenge_id>/responses/<int:response_id>/files", methods=["POST"])
@login_required
def response_upload(challenge_id: int, response_id: int):
    """Attach a file to my response."""
    challenge = services.get_challenge(current_user, challenge_id)
    response = responses.get_response(current_user, challenge, response_id)
    form = AttachmentForm()

    def attach():
        attachments.add_attachment(current_user, response, form.file.data)
        return response

    return submit_form(
        form,
        attach,
        _to_response(challenge, _("File attached.")),
        lambda: render_response(challenge, response, form),
        shown=ACTION_ERRORS,
    )


@bp.route("/challenges/<int:challenge_id>/files", methods=["POST"])
@login_required
def upload(challenge_id: int):
    """Attach a file to the challenge (owners)."""
    challenge = services.get_challenge(current_user, challenge_id)
    form = AttachmentForm()

    def attached(_attachment):
        flash(_("File attached."), "success")
        return redirect(url_for("challenges.detail", challenge_id=challenge.id) + "#files")

    return submit_form(
        form,
        lambda: attachments.add_attachment(current_user, challenge, form.file.data),
        attached,
        lambda: render_detail(challenge, form),
        shown=ACTION_ERRORS,
    )


@bp.route("/challenges/files/<int:attachment_id>")
def download(attachment_id: int):
    """Download a file, only for those who may see what it is attached to."""
    att, path = attachments.get_attachment(current_user, attachment_id)
    resp = send_file(
        path, mimetype=att.content_type, as_attachment=True, download_name=att.filename, max_age=0
    )
    resp.headers["X-Content-Type-Options"] = "nosniff"
    resp.headers["Cache-Control"] = "private, no-store"
    return resp


@bp.route("/challenges/<int:challenge_id>/invite", methods=["POST"])
@login_required
def invite(challenge_id: int):
    """Invite a suggested solver."""
    challenge = services.get_challenge(current_user, challenge_id)
    form = InviteOrgForm()

    def invited(_invitation):
        flash(_("Invitation sent."), "success")
        return redirect(url_for("challenges.detail", challenge_id=challenge.id) + "#solvers")

    return submit_form(
        form,
        lambda: invitations.invite_org(current_user, challenge, {"org_id": form.org_id.data}),
        invited,
        lambda: render_detail(challenge, form),
        shown=ACTION_ERRORS,
    )


@bp.route("/challenges/<int:challenge_id>/stats")
@login_required
def stats(challenge_id: int):
    """Statistics for the posting company: views, responses by kind of organisation."""
    challenge = services.get_challenge(current_user, challenge_id)
    return render_template(
        "challenges/stats.html",
        challenge=challenge,
        stats=services.challenge_stats(current_user, challenge),
    )
