"""Account pages: register, login, logout, password reset, account settings, admin users."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.auth import registration, services, sessions
from app.auth.forms import (
    ChangePasswordForm,
    DeleteAccountForm,
    EmptyForm,
    ForgotForm,
    LanguageForm,
    LoginForm,
    RegisterForm,
    ResetForm,
    RoleForm,
)
from app.auth.permissions import is_admin
from app.core.errors import ServiceError
from app.core.forms import attach_error, submit_form
from app.core.urls import absolute_url
from app.extensions import limiter

bp = Blueprint("auth", __name__)


def _login_rate():
    return current_app.config["LOGIN_RATE_LIMIT"]


def _start_session(user) -> None:
    """Renew the session at login (no fixation), keep the chosen language."""
    user = getattr(user, "_get_current_object", lambda: user)()  # never log in the proxy
    lang = session.get("lang")
    sessions.end_session()
    session.clear()
    if lang:
        session["lang"] = lang
    login_user(user)
    sessions.start_session(user)


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("main.home")


@bp.route("/auth/register", methods=["GET", "POST"])
def register():
    """Create an account and log in."""
    form = RegisterForm()
    if request.method == "GET":
        form.locale.data = str(get_locale() or "it")  # the language the user is reading

    def started(_result):
        # The same answer whether or not the address already has an account.
        flash(
            _(
                "Check your e-mail: we have sent a message to %(email)s with the next step.",
                email=form.email.data,
            ),
            "info",
        )
        return redirect(url_for("auth.login"))

    return submit_form(
        form,
        lambda: registration.start_registration(
            form.data,
            lambda t: absolute_url("auth.confirm", token=t),
            absolute_url("auth.forgot"),
        ),
        started,
        lambda: render_template("auth/register.html", form=form),
        shown=(409, 422),
        error_status=422,
    )


@bp.route("/auth/confirm/<token>", methods=["GET", "POST"])
def confirm(token: str):
    """Confirm the e-mail address from the mailed link (a button: a GET changes nothing)."""
    form = EmptyForm()

    def confirmed(user):
        _start_session(user)
        flash(_("Welcome! Your account has been created."), "success")
        return redirect(url_for("main.home"))

    return submit_form(
        form,
        lambda: registration.confirm_email(token),
        confirmed,
        lambda: render_template("auth/confirm.html", form=form),
        shown=(409, 422),
        error_status=422,
    )


@bp.route("/auth/login", methods=["GET", "POST"])
@limiter.limit(_login_rate, methods=["POST"])
def login():
    """Log in with e-mail and password."""
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.data)
        except ServiceError as exc:
            attach_error(form, exc)
            status = 429 if exc.status == 429 else 401
        else:
            _start_session(user)
            flash(_("You are logged in."), "success")
            nxt = request.args.get("next")
            return redirect(_safe_next(nxt) if nxt else url_for("account.home"))
    elif form.errors:
        status = 401
    return render_template("auth/login.html", form=form), status


@bp.route("/auth/logout", methods=["POST"])
def logout():
    """Log out and drop the session."""
    lang = session.get("lang")
    sessions.end_session()
    logout_user()
    session.clear()
    if lang:
        session["lang"] = lang
    flash(_("You are logged out."), "info")
    return redirect(url_for("main.home"))


@bp.route("/auth/forgot", methods=["GET", "POST"])
@limiter.limit(_login_rate, methods=["POST"])
def forgot():
    """Ask for a password reset link (same answer whether the address exists or not)."""
    form = ForgotForm()

    def sent(_result):
        flash(_("If the address belongs to an account, a reset link is on its way."), "info")
        return redirect(url_for("auth.login"))

    return submit_form(
        form,
        lambda: services.request_password_reset(
            form.data, lambda t: absolute_url("auth.reset", token=t)
        ),
        sent,
        lambda: render_template("auth/forgot.html", form=form),
        shown=(409, 422),
        error_status=422,
    )


@bp.route("/auth/reset/<token>", methods=["GET", "POST"])
@limiter.limit(_login_rate, methods=["POST"])
def reset(token: str):
    """Choose a new password from the mailed link."""
    form = ResetForm()

    def changed(_user):
        logout_user()
        flash(_("Your password has been changed. Log in with the new one."), "success")
        return redirect(url_for("auth.login"))

    return submit_form(
        form,
        lambda: services.reset_password(token, form.data),
        changed,
        lambda: render_template("auth/reset.html", form=form),
        shown=(409, 422),
        error_status=422,
    )


@bp.route("/account", methods=["GET"])
@login_required
def account():
    """Account settings page."""
    return render_template(
        "auth/account.html",
        pw_form=ChangePasswordForm(),
        lang_form=LanguageForm(locale=current_user.locale),
        delete_form=DeleteAccountForm(),
        token=None,
    )


@bp.route("/account/password", methods=["POST"])
@login_required
def change_password():
    """Change the own password; other sessions end, this one is renewed."""
    form = ChangePasswordForm()

    def changed(user):
        _start_session(user)
        flash(_("Password changed. Other sessions have been logged out."), "success")
        return redirect(url_for("auth.account"))

    return submit_form(
        form,
        lambda: services.change_password(current_user, form.data),
        changed,
        lambda: render_template(
            "auth/account.html",
            pw_form=form,
            lang_form=LanguageForm(),
            delete_form=DeleteAccountForm(),
            token=None,
        ),
        shown=(409, 422),
        error_status=422,
    )


@bp.route("/account/language", methods=["POST"])
def language():
    """Switch language (stored in the session, and in the account when logged in)."""
    form = LanguageForm()
    if not form.validate_on_submit():
        abort(400, _("Unknown language."))
    session["lang"] = form.locale.data
    if current_user.is_authenticated:
        services.set_locale(current_user, form.locale.data)
    return redirect(_safe_next(request.form.get("next")))


@bp.route("/account/token", methods=["POST"])
@login_required
def api_token():
    """Issue a new API token, shown once."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    token = services.create_api_token(current_user)
    return render_template(
        "auth/account.html",
        pw_form=ChangePasswordForm(),
        lang_form=LanguageForm(locale=current_user.locale),
        delete_form=DeleteAccountForm(),
        token=token,
    )


@bp.route("/admin/users")
@login_required
def users():
    """Admin: list users and change roles."""
    if not is_admin(current_user):
        abort(403)
    page = services.list_users(
        current_user, request.args.get("q", ""), request.args.get("page", 1, type=int)
    )
    return render_template(
        "auth/users.html", page=page, form=RoleForm(), q=request.args.get("q", "")
    )


@bp.route("/admin/users/<int:user_id>/role", methods=["POST"])
@login_required
def set_role(user_id: int):
    """Admin: change one user's role."""
    form = RoleForm()
    if not form.validate_on_submit():
        abort(400, _("Unknown role."))
    services.set_role(current_user, user_id, form.role.data)
    flash(_("Role updated."), "success")
    return redirect(url_for("auth.users"))
