"""The GDPR pages of the account: download the data, hand over or close the organisations one
alone owns, erase the account."""

from __future__ import annotations

from flask import flash, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from app.account import privacy
from app.account.blueprint import bp
from app.auth.forms import ChangePasswordForm, DeleteAccountForm, EmptyForm, LanguageForm
from app.core.forms import form_message, submit_form


@bp.app_context_processor
def _privacy_helpers():
    """The account page lists what blocks the erasure."""
    return {"sole_owned_orgs": privacy.sole_owned, "other_members": privacy.other_members}


def _account_page(delete_form=None):
    return render_template(
        "auth/account.html",
        pw_form=ChangePasswordForm(),
        lang_form=LanguageForm(locale=current_user.locale),
        delete_form=delete_form or DeleteAccountForm(),
        token=None,
    )


@bp.route("/account/export.json")
@login_required
def export():
    """Download all own personal data as JSON (GDPR Art. 15)."""
    response = jsonify(privacy.export_personal_data(current_user))
    response.headers["Content-Disposition"] = "attachment; filename=my-data.json"
    return response


def _erased(_ref):
    logout_user()
    session.clear()
    flash(_("Your account and personal data have been erased."), "info")
    return redirect(url_for("main.home"))


@bp.route("/account/delete", methods=["POST"])
@login_required
def delete():
    """Erase the own account (GDPR Art. 17); refused while the user alone owns an
    organisation (409, with the page saying what to do)."""
    form = DeleteAccountForm()
    return submit_form(
        form,
        lambda: privacy.delete_account(current_user, form.data),
        _erased,
        lambda: _account_page(form),
        shown=(409, 422),
    )


def _org_action(action, org_id: int, done: str):
    form = EmptyForm()

    def finished(_result):
        flash(done, "success")
        return redirect(url_for("auth.account") + "#your-data")

    def refused():  # the account page again, the service's message on top
        flash(form_message(form) or "", "danger")
        return _account_page()

    return submit_form(
        form,
        lambda: action(current_user, org_id, request.form),
        finished,
        refused,
        shown=(409, 422),
    )


@bp.route("/account/organisations/<int:org_id>/hand-over", methods=["POST"])
@login_required
def hand_over(org_id: int):
    """Make another member an owner of an organisation the user alone owns."""
    return _org_action(privacy.hand_over, org_id, _("The organisation has a new owner."))


@bp.route("/account/organisations/<int:org_id>/close", methods=["POST"])
@login_required
def close_org(org_id: int):
    """Close an organisation the user alone owns and nobody else belongs to."""
    return _org_action(privacy.close_org, org_id, _("The organisation has been closed."))
