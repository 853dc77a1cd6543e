"""Directory, profile pages, create / edit, verification, members, invitations."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.auth.forms import EmptyForm
from app.core.errors import ServiceError
from app.core.forms import ACTION_ERRORS, submit_form
from app.core.urls import absolute_url
from app.orgs import members, services
from app.orgs.directory import MAX_PAGES
from app.orgs.duplicates import likely_duplicates
from app.orgs.forms import InviteForm, OrgForm
from app.orgs.permissions import can_edit_org, can_see_member_emails
from app.orgs.sections import profile_sections

bp = Blueprint("orgs", __name__)


@bp.route("/orgs")
def directory():
    """Searchable, faceted, paginated directory."""
    try:
        params = services.parse_search(request.args)
    except ServiceError as exc:
        flash(exc.message, "warning")
        params = services.parse_search({})
    page = services.search_orgs(params)
    return render_template("orgs/directory.html", page=page, params=params, max_pages=MAX_PAGES)


@bp.route("/orgs/new", methods=["GET", "POST"])
@login_required
def create():
    """Register a new organisation (the creator becomes owner)."""
    form = OrgForm()
    if form.validate_on_submit() and not request.form.get("confirm_new"):
        # Look for the organisation among the imported ones first: claiming beats copying.
        found = likely_duplicates(form.to_data())
        if found:
            return render_template("orgs/edit.html", form=form, org=None, duplicates=found)

    def created(org):
        flash(_("Organisation created."), "success")
        return redirect(url_for("orgs.profile", slug=org.slug))

    return submit_form(
        form,
        lambda: services.create_org(current_user, form.to_data()),
        created,
        lambda: render_template("orgs/edit.html", form=form, org=None),
        shown=ACTION_ERRORS,
        error_status=422,
    )


@bp.route("/orgs/<slug>")
def profile(slug: str):
    """Public profile page."""
    org = services.get_org(slug)
    pct, missing = services.completeness(org)
    return render_template(
        "orgs/profile.html",
        org=org,
        sections=profile_sections(org, request.args),
        members=members.list_members(org),
        completeness=pct,
        missing=missing,
        can_edit=can_edit_org(current_user, org),
        show_emails=can_see_member_emails(current_user, org),
        invite_form=InviteForm(),
        button_form=EmptyForm(),
    )


@bp.route("/orgs/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str):
    """Edit the profile (owners and staff)."""
    org = services.get_org(slug)
    if not can_edit_org(current_user, org):
        abort(403)
    form = OrgForm(obj=org)
    if request.method == "GET":
        form.competences.data = ", ".join(org.competences or [])
        form.areas.data = org.area_codes
        form.size_band.data = org.size_band or ""

    def saved(_org):
        flash(_("Profile saved."), "success")
        return redirect(url_for("orgs.profile", slug=org.slug))

    return submit_form(
        form,
        lambda: services.update_org(current_user, org, form.to_data()),
        saved,
        lambda: render_template("orgs/edit.html", form=form, org=org),
        shown=ACTION_ERRORS,
        error_status=422,
    )


@bp.route("/orgs/<slug>/verify", methods=["POST"])
@login_required
def verify(slug: str):
    """Staff: mark verified / not verified."""
    org = services.get_org(slug)
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.set_verified(current_user, org, request.form.get("verified", "1") == "1")
    flash(_("Verification updated."), "success")
    return redirect(url_for("orgs.profile", slug=org.slug))


def _back_to_members(org):
    """A failed members button: its message flashed on the profile (nothing written)."""

    def told(message: str):
        flash(message, "danger")
        return redirect(url_for("orgs.profile", slug=org.slug) + "#members")

    return told


@bp.route("/orgs/<slug>/members/invite", methods=["POST"])
@login_required
def invite(slug: str):
    """Owners: invite someone by e-mail; the link is also shown here."""
    org = services.get_org(slug)

    def invited(sent):
        _inv, link = sent
        flash(_("Invitation sent. Link: %(link)s", link=link), "success")
        return redirect(url_for("orgs.profile", slug=org.slug) + "#members")

    return submit_form(
        EmptyForm(),  # the service checks the address and the role (as for the API)
        lambda: members.invite_member(
            current_user, org, request.form, lambda t: absolute_url("orgs.invitation", token=t)
        ),
        invited,
        shown=ACTION_ERRORS,
        on_error=_back_to_members(org),
    )


@bp.route("/orgs/<slug>/members/<int:user_id>/remove", methods=["POST"])
@login_required
def remove_member(slug: str, user_id: int):
    """Owners: remove a member."""
    org = services.get_org(slug)

    def removed(_result):
        flash(_("Member removed."), "success")
        return redirect(url_for("orgs.profile", slug=org.slug) + "#members")

    return submit_form(
        EmptyForm(),
        lambda: members.remove_member(current_user, org, user_id),
        removed,
        shown=ACTION_ERRORS,
        on_error=_back_to_members(org),
    )


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def invitation(token: str):
    """Show an invitation and let the logged-in user accept it."""
    inv = members.get_invitation(token)
    form = EmptyForm()
    if request.method == "POST":
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.path))
        if not form.validate_on_submit():
            abort(400)
        members.accept_invitation(current_user, token)
        flash(_("You joined %(name)s.", name=inv.organisation.name), "success")
        return redirect(url_for("orgs.profile", slug=inv.organisation.slug))
    return render_template("orgs/invitation.html", inv=inv, form=form)
