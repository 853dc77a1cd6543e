"""Account forms (Flask-WTF, CSRF-protected)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length


class RegisterForm(FlaskForm):
    """New account."""

    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=120)])
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(min=12, max=128)])
    locale = SelectField(_l("Language"), choices=[("it", "Italiano"), ("en", "English")])


class LoginForm(FlaskForm):
    """Log in."""

    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])


class ForgotForm(FlaskForm):
    """Ask for a reset link."""

    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])


class ResetForm(FlaskForm):
    """Choose a new password from a reset link."""

    new_password = PasswordField(
        _l("New password"), validators=[DataRequired(), Length(min=12, max=128)]
    )


class ChangePasswordForm(FlaskForm):
    """Change the own password."""

    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    new_password = PasswordField(
        _l("New password"), validators=[DataRequired(), Length(min=12, max=128)]
    )


class LanguageForm(FlaskForm):
    """Preferred language."""

    locale = SelectField(_l("Language"), choices=[("it", "Italiano"), ("en", "English")])


class DeleteAccountForm(FlaskForm):
    """Confirm erasure with the password."""

    password = PasswordField(_l("Password"), validators=[DataRequired()])


class RoleForm(FlaskForm):
    """Admin: change a user's role."""

    role = SelectField(
        _l("Role"),
        choices=[
            ("member", _l("Member")),
            ("staff", _l("Region staff")),
            ("admin", _l("Administrator")),
        ],
    )


class EmptyForm(FlaskForm):
    """A form with only the CSRF token (for POST buttons)."""
