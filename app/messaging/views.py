"""Conversation pages: inbox, thread, reply, marks, partnership answer, and contacting an
organisation (or the innovation desk when nobody represents it)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.auth.forms import EmptyForm
from app.core.errors import ServiceError
from app.core.forms import ACTION_ERRORS, form_message, submit_form
from app.messaging import attachments, desk, partnership, prefs, services
from app.messaging import cli as _cli  # noqa: F401  (registers `flask messaging digest`)
from app.messaging import inbox as threads
from app.messaging.blueprint import bp
from app.messaging.origins import resolve_origin
from app.messaging.permissions import can_answer_request
from app.messaging.text import linkify
from app.orgs.services import get_org


@bp.app_template_filter("linkify")
def _linkify(body: str):
    return linkify(body)


@bp.app_context_processor
def _unread_messages():
    """The unread-conversation count in the header."""
    if not current_user.is_authenticated:
        return {"messages_unread": 0}
    return {"messages_unread": threads.unread_total(current_user)}


def _csrf() -> None:
    if not EmptyForm().validate_on_submit():
        abort(400)


@bp.route("/messages")
@login_required
def inbox():
    """The user's conversations (inbox or archived)."""
    folder = request.args.get("folder", "inbox")
    try:
        page = threads.list_conversations(current_user, folder, request.args.get("page", 1))
    except ServiceError as exc:
        if exc.status != 422:
            raise
        flash(exc.message, "warning")
        folder, page = "inbox", threads.list_conversations(current_user)
    return render_template("messaging/inbox.html", page=page, folder=folder)


def _field_errors(form) -> dict[str, str]:
    """A failed submit's message under the field it names ("_" for the whole request)."""
    exc = getattr(form, "service_error", None)
    if exc is not None:
        return {exc.field or "_": exc.message}
    message = form_message(form)
    return {"_": message} if message else {}


def _thread_page(conv, form=None) -> str:
    """The thread; with ``form`` (a reply that failed), its error and the typed text kept."""
    return render_template(
        "messaging/thread.html",
        conv=conv,
        can_answer=can_answer_request(current_user, conv) and conv.request_status == "pending",
        was_unread=threads.is_unread(current_user, conv) if form is None else False,
        has_left=services.has_left(current_user, conv),
        max_body=services.MAX_BODY,
        errors=_field_errors(form) if form is not None else {},
        body=request.form.get("body", "") if form is not None else "",
    )


@bp.route("/messages/<int:conversation_id>")
@login_required
def thread(conversation_id: int):
    """One thread (a GET writes nothing: the page's script posts the read mark)."""
    return _thread_page(services.get_conversation(current_user, conversation_id))


@bp.route("/messages/<int:conversation_id>/reply", methods=["POST"])
@login_required
def reply(conversation_id: int):
    """Add a message to the thread."""
    conv = services.get_conversation(current_user, conversation_id)
    form = EmptyForm()

    def sent(_message):
        flash(_("Message sent."), "success")
        return redirect(url_for("messaging.thread", conversation_id=conv.id) + "#last")

    return submit_form(
        form,
        lambda: services.reply(current_user, conv, request.form, request.files.get("file")),
        sent,
        lambda: _thread_page(conv, form),
        shown=ACTION_ERRORS,
    )


def _back_to_thread(conv, category: str = "danger"):
    """A failed button of the thread: its message flashed on the thread (nothing written)."""

    def told(message: str):
        flash(message, category)
        return redirect(url_for("messaging.thread", conversation_id=conv.id))

    return told


@bp.route("/messages/<int:conversation_id>/mark", methods=["POST"])
@login_required
def mark(conversation_id: int):
    """Mark read / unread, archive / unarchive (for this user only)."""
    conv = services.get_conversation(current_user, conversation_id)
    action = request.form.get("action", "")

    def marked(_result):
        if request.headers.get("X-Requested-With") == "fetch":
            return "", 204
        flash(
            {
                "unread": _("Marked as unread."),
                "archive": _("Conversation archived."),
                "unarchive": _("Conversation moved back to the inbox."),
            }.get(action, _("Done.")),
            "success",
        )
        if action == "read":
            return redirect(url_for("messaging.thread", conversation_id=conv.id))
        return redirect(url_for("messaging.inbox"))

    return submit_form(
        EmptyForm(),
        lambda: services.mark(current_user, conv, action),
        marked,
        shown=(*ACTION_ERRORS, 403, 404),
        on_error=_back_to_thread(conv),
    )


@bp.route("/messages/<int:conversation_id>/answer", methods=["POST"])
@login_required
def answer(conversation_id: int):
    """Accept or decline the partnership request of the thread."""
    conv = services.get_conversation(current_user, conversation_id)

    def answered(_result):
        flash(
            _("Partnership accepted.")
            if conv.request_status == "accepted"
            else _("Partnership declined."),
            "success",
        )
        return redirect(url_for("messaging.thread", conversation_id=conv.id))

    return submit_form(
        EmptyForm(),
        lambda: partnership.answer_request(
            current_user, conv, request.form.get("decision", ""), request.form.get("note", "")
        ),
        answered,
        shown=ACTION_ERRORS,
        on_error=_back_to_thread(conv),
    )


def _contact_context(target, form: dict) -> dict:
    """What the contact page needs: sender organisations, the reason, whether anyone is home."""
    orgs = services.sender_orgs(current_user)
    origin = None
    if orgs and form.get("origin") not in (None, "", "direct"):
        chosen = next(
            (o for o in orgs if str(o.id) == str(form.get("from_org") or orgs[0].id)), orgs[0]
        )
        origin = resolve_origin(current_user, chosen, target, form)
    return {
        "target": target,
        "orgs": orgs,
        "origin": origin,
        "nobody_home": not services.has_members(target),
        "max_body": services.MAX_BODY,
        "form": form,
    }


@bp.route("/orgs/<slug>/contact", methods=["GET", "POST"])
@login_required
def contact(slug: str):
    """Write to an organisation; when nobody represents it, say so and offer the desk."""
    target = get_org(slug)
    form = request.form if request.method == "POST" else request.args
    context = _contact_context(target, dict(form))
    submit = EmptyForm()

    def sent(conv):
        flash(_("Message sent to %(org)s.", org=target.name), "success")
        return redirect(url_for("messaging.thread", conversation_id=conv.id))

    return submit_form(
        submit,
        lambda: services.start_conversation(current_user, target, request.form),
        sent,
        lambda: _contact_page(submit, context),
        shown=ACTION_ERRORS,
    )


def _contact_page(submit, context: dict) -> str:
    """The contact page; after a failed send, its message and the field it names."""
    exc = getattr(submit, "service_error", None)
    return render_template(
        "messaging/contact.html",
        # The fields as the form labels them (the desk's message box has its own label).
        error=form_message(
            submit,
            {
                "body": _("Your request for the innovation desk")
                if context.get("nobody_home")
                else _("Message"),
                "from_org": _("Writing for"),
            },
        ),
        field=exc.field if exc is not None else None,
        **context,
    )


@bp.route("/orgs/<slug>/desk", methods=["POST"])
@login_required
def to_desk(slug: str):
    """Send the request through the Region's innovation desk."""
    target = get_org(slug)
    submit = EmptyForm()

    def sent(_request):
        flash(
            _("Your request is with the Region's innovation desk: you will be told what happens."),
            "success",
        )
        return redirect(url_for("orgs.profile", slug=target.slug))

    return submit_form(
        submit,
        lambda: desk.send_to_desk(current_user, target, request.form),
        sent,
        lambda: _contact_page(submit, _contact_context(target, dict(request.form))),
        shown=ACTION_ERRORS,
    )


@bp.route("/messages/<int:conversation_id>/files/<int:attachment_id>")
@login_required
def download(conversation_id: int, attachment_id: int):
    """A file of the thread, only for the members of its two organisations."""
    conv = services.get_conversation(current_user, conversation_id)
    att, path = attachments.get_attachment(current_user, conv, attachment_id)
    resp = send_file(
        path, mimetype=att.content_type, as_attachment=True, download_name=att.filename, max_age=0
    )
    resp.headers["X-Content-Type-Options"] = "nosniff"
    resp.headers["Cache-Control"] = "private, no-store"
    return resp


@bp.route("/messages/<int:conversation_id>/block", methods=["POST"])
@login_required
def block(conversation_id: int):
    """Block (on=1) or unblock (on=0) the other organisation in this thread."""
    conv = services.get_conversation(current_user, conversation_id)
    _csrf()
    on = request.form.get("on", "1") == "1"
    services.block(current_user, conv, on)
    flash(_("Blocked: no more messages from them here.") if on else _("Unblocked."), "success")
    return redirect(url_for("messaging.thread", conversation_id=conv.id))


@bp.route("/messages/<int:conversation_id>/report", methods=["POST"])
@login_required
def report(conversation_id: int):
    """Report the other organisation to region staff (through the innovation desk)."""
    conv = services.get_conversation(current_user, conversation_id)

    def reported(_request):
        flash(_("Reported to region staff."), "success")
        return redirect(url_for("messaging.thread", conversation_id=conv.id))

    return submit_form(
        EmptyForm(),
        lambda: desk.report_conversation(current_user, conv, request.form),
        reported,
        shown=ACTION_ERRORS,
        on_error=_back_to_thread(conv),
    )


@bp.route("/messages/<int:conversation_id>/leave", methods=["POST"])
@login_required
def leave(conversation_id: int):
    """Leave the thread (the other side reads that you left; a new message brings it back)."""
    conv = services.get_conversation(current_user, conversation_id)

    def left(_result):
        flash(
            _("You left the conversation. It comes back to your inbox if a new message arrives."),
            "success",
        )
        return redirect(url_for("messaging.inbox"))

    return submit_form(
        EmptyForm(),
        lambda: services.leave(current_user, conv),
        left,
        shown=ACTION_ERRORS,
        on_error=_back_to_thread(conv, "warning"),
    )


@bp.route("/messages/settings", methods=["GET", "POST"])
@login_required
def settings():
    """E-mail for each new message, or one digest of the unread ones."""
    form = EmptyForm()

    def saved(_mode):
        flash(_("Your e-mail choice is saved."), "success")
        return redirect(url_for("messaging.settings"))

    return submit_form(
        form,
        lambda: prefs.set_email_mode(current_user, request.form),
        saved,
        lambda: render_template(
            "messaging/settings.html", mode=prefs.email_mode(current_user), error=form_message(form)
        ),
        shown=ACTION_ERRORS,
    )
