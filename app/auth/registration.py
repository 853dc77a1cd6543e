"""Self-registration that does not tell who has an account.

The register form always answers the same way ("check your e-mail") after the same work (the
password is hashed either way). A new address gets a confirmation link and can log in once it
is opened; an address that already has an account gets a message saying so, with the way to
log in or reset the password, so only the owner of the mailbox learns that it exists.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from app.audit.services import record_event
from app.auth.models import User
from app.auth.passwords import check_new_password, hash_password
from app.core import validate
from app.core.db import utcnow
from app.core.errors import ValidationError
from app.core.text import digest
from app.extensions import db
from app.mail import send_mail

CONFIRM_MAX_AGE = 3 * 24 * 3600


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="confirm-email")


def make_confirm_token(user: User) -> str:
    """Signed token naming the account and its address (void if the address changes)."""
    return _serializer().dumps({"uid": user.id, "e": digest(user.email)[:16]})


def _mail_confirmation(user: User, confirm_link: str) -> None:
    with force_locale(user.locale or "it"):
        send_mail(
            user.email,
            _("Confirm your e-mail address"),
            _(
                "To activate your account on the Lombardy Health Innovation Portal open:\n"
                "%(link)s\n\nThe link expires in three days. If you did not register, ignore "
                "this message.",
                link=confirm_link,
            ),
        )


def start_registration(data: dict, confirm_link_for, forgot_link: str) -> None:
    """Validate {email, name, password, locale}; create an unconfirmed account and mail its
    confirmation link, or mail the existing account's owner. Says nothing either way."""
    address = validate.email(data)
    name = validate.text(data, "name", required=True, max_len=120)
    password = check_new_password(data, email=address, name=name)
    locale = validate.choice(data, "locale", ("it", "en"), default="it")
    password_hash = hash_password(password)  # also for a known address: the same work
    existing = db.session.execute(db.select(User).where(User.email == address)).scalar_one_or_none()
    if existing is not None:
        record_event(None, "user.register_existing", "user", existing.id)
        if existing.email_confirmed_at is None and existing.active:
            _mail_confirmation(existing, confirm_link_for(make_confirm_token(existing)))
            return
        with force_locale(existing.locale or "it"):
            send_mail(
                existing.email,
                _("You already have an account"),
                _(
                    "Someone (perhaps you) tried to register on the Lombardy Health Innovation "
                    "Portal with this address, which already has an account. Log in with it, "
                    "or choose a new password here:\n%(link)s\n\nIf it was not you, ignore "
                    "this message: nothing has changed.",
                    link=forgot_link,
                ),
            )
        return
    user = User(
        email=address,
        name=name,
        password_hash=password_hash,
        role="member",
        locale=locale,
        session_version=1,
        active=True,
    )
    db.session.add(user)
    db.session.flush()
    record_event(user, "user.registered", "user", user.id, confirmed=False)
    _mail_confirmation(user, confirm_link_for(make_confirm_token(user)))


def confirm_email(token: str) -> User:
    """Confirm the address of the account named by a valid token; returns the account."""
    try:
        payload = _serializer().loads(token, max_age=CONFIRM_MAX_AGE)
    except SignatureExpired as exc:
        raise ValidationError(
            _("token: the confirmation link has expired; register again for a new one."),
            "token",
        ) from exc
    except BadSignature as exc:
        raise ValidationError(_("token: the confirmation link is not valid."), "token") from exc
    user = db.session.get(User, payload.get("uid")) if isinstance(payload, dict) else None
    if user is None or not user.active or digest(user.email)[:16] != payload.get("e"):
        raise ValidationError(_("token: the confirmation link is not valid."), "token")
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
        record_event(user, "user.email_confirmed", "user", user.id)
    return user
