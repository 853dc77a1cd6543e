"""Suggested partners, similar organisations, consortium completion pages."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.auth.forms import EmptyForm
from app.core.errors import ServiceError
from app.core.forms import ACTION_ERRORS, submit_form
from app.messaging.partnership import contact_partner
from app.messaging.services import NobodyHome
from app.orgs.services import get_org
from app.partners import (
    engine,
    hooks,  # noqa: F401  (connects the profile-saved handler)
    services,
)
from app.partners.consortium import get_project_for_consortium

bp = Blueprint("partners", __name__)
bp.after_request(engine.status_headers)


@bp.route("/orgs/<slug>/partners")
@login_required
def suggestions(slug: str):
    """Suggested partners with the reasons (members and staff)."""
    org = get_org(slug)
    try:
        context = services.suggestions_page(
            current_user,
            org,
            request.args.get("kind") or None,
            request.args.get("k", 10),
            request.args.get("scope") or None,
        )
    except ServiceError as exc:
        if exc.status != 422:
            raise
        flash(exc.message, "warning")
        context = services.suggestions_page(current_user, org)
    return render_template(
        "partners/suggestions.html", org=org, matcher_status=engine.status(), **context
    )


@bp.route("/orgs/<slug>/partners/<target>/<action>", methods=["POST"])
@login_required
def act(slug: str, target: str, action: str):
    """Contact, accept, dismiss or decline one suggestion."""
    org = get_org(slug)
    form = EmptyForm()
    back = url_for(
        "partners.suggestions",
        slug=org.slug,
        kind=request.form.get("kind") or None,
        scope=request.form.get("scope") or None,
    )
    message = request.form.get("message")

    def acted(result):
        if action == "contact":  # a conversation opens: go and see it
            flash(_("Message sent."), "success")
            return redirect(url_for("messaging.thread", conversation_id=result[1].id))
        flash(
            {
                "accept": _("Partnership recorded."),
                "dismiss": _("Suggestion dismissed: it will not be proposed again."),
                "decline": _("Proposal declined."),
            }.get(action, _("Done.")),
            "success",
        )
        return redirect(back)

    def refused(text: str):
        # Rolled back already: whatever the refused action wrote is gone.
        if isinstance(getattr(form, "service_error", None), NobodyHome):
            return redirect(url_for("messaging.contact", slug=target))
        flash(text, "danger")
        return redirect(back)

    def run():
        if action == "contact":
            return contact_partner(current_user, org, services.get_target(target), message)
        return services.act_on_suggestion(
            current_user, org, services.get_target(target), action, message
        )

    return submit_form(form, run, acted, shown=ACTION_ERRORS, on_error=refused)


@bp.route("/orgs/<slug>/similar")
def similar(slug: str):
    """Similar organisations (an htmx fragment of the profile page, or a page on its own)."""
    org = get_org(slug)
    items = services.similar_orgs(org, 5)
    template = (
        "partners/_similar.html" if request.headers.get("HX-Request") else ("partners/similar.html")
    )
    return render_template(template, org=org, items=items, matcher_status=engine.status())


@bp.route("/partners/projects/<int:project_id>/consortium")
@login_required
def consortium(project_id: int):
    """Partners that would complete a funded project's consortium (staff and the project's
    members)."""
    project = get_project_for_consortium(current_user, project_id)
    try:
        items = services.complete_consortium(
            project, request.args.get("k", 10), request.args.get("kind") or None
        )
    except ServiceError as exc:
        if exc.status != 422:
            raise
        abort(422, exc.message)
    return render_template(
        "partners/consortium.html", project=project, items=items, matcher_status=engine.status()
    )
