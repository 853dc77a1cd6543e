"""Account services: register, authenticate, passwords, locale, GDPR export / erasure, roles."""

from __future__ import annotations

import hashlib
import secrets

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from app.audit.services import record_event
from app.auth import throttle
from app.auth.models import ROLES, User
from app.auth.passwords import check_new_password, hash_password, needs_rehash, verify_password
from app.auth.permissions import can_change_roles, is_authenticated
from app.auth.sessions import end_all_sessions
from app.core import validate
from app.core.db import utcnow
from app.core.errors import Conflict, NotFound, PermissionDenied, TooManyAttempts, ValidationError
from app.core.pagination import paginate
from app.core.text import digest
from app.extensions import db
from app.mail import send_mail

RESET_MAX_AGE = 3600


def check_password(user: User, password: str) -> bool:
    """Whether `password` is the user's (argon2 verification)."""
    return verify_password(user.password_hash, password)


def get_user_by_email(address: str) -> User | None:
    """Find a user by (normalised) e-mail."""
    return db.session.execute(
        db.select(User).where(User.email == address.strip().lower())
    ).scalar_one_or_none()


def register_user(data: dict, *, role: str = "member", is_demo: bool = False) -> User:
    """Create a confirmed account from {email, name, password, locale} (administrators,
    seeding, tests); the register page goes through ``registration.start_registration``."""
    address = validate.email(data)
    name = validate.text(data, "name", required=True, max_len=120)
    password = check_new_password(data, email=address, name=name)
    locale = validate.choice(data, "locale", ("it", "en"), default="it")
    if get_user_by_email(address):
        raise Conflict(_("email: an account with this e-mail address already exists."), "email")
    user = User(
        email=address,
        name=name,
        password_hash=hash_password(password),
        role=role,
        locale=locale,
        is_demo=is_demo,
        session_version=1,
        active=True,
        email_confirmed_at=utcnow(),
    )
    db.session.add(user)
    db.session.flush()
    record_event(user, "user.registered", "user", user.id)
    return user


def authenticate(data: dict) -> User:
    """Check e-mail and password; audit success and failure alike.

    The same work is done whether or not the account exists (a dummy hash is verified), and
    each account is throttled with a backoff after repeated failures, whatever the address
    the attempts come from (:mod:`app.auth.throttle`)."""
    address = str(data.get("email") or "").strip().lower()
    wait = throttle.wait_seconds(address) if address else 0
    if wait:
        raise TooManyAttempts(
            _(
                "Too many failed attempts for this account; try again in %(n)d seconds.",
                n=wait,
            ),
            "password",
        )
    user = get_user_by_email(address) if address else None
    ok = verify_password(user.password_hash if user else None, str(data.get("password")))
    if not ok or user is None or not user.active:
        throttle.record_failure(address)
        # Written at once: the refused request rolls its own transaction back.
        record_event(
            None,
            "auth.login_failed",
            "user",
            user.id if user else None,
            durable=True,
            email_hash=hashlib.sha256(address.encode()).hexdigest()[:16],
        )
        raise ValidationError(_("Wrong e-mail or password."), "password")
    throttle.record_success(address)
    if user.email_confirmed_at is None:
        # Only someone who knows the password learns this (nothing about other accounts).
        raise ValidationError(
            _(
                "Confirm your e-mail address first with the link we sent you (register again "
                "with the same address to receive a new one)."
            ),
            "email",
        )
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(str(data["password"]))
    user.last_login_at = utcnow()
    record_event(user, "auth.login", "user", user.id)
    return user


def _new_password(user: User, password: str) -> None:
    """Set a new password: every session and the API token of the user stop working."""
    user.password_hash = hash_password(password)
    user.session_version += 1
    user.api_token_hash = None
    end_all_sessions(user.id)


def change_password(actor: User, data: dict) -> User:
    """Change the own password; every other session and the API token become invalid."""
    if not is_authenticated(actor):
        raise PermissionDenied(_("Log in first."))
    if not check_password(actor, str(data.get("current_password"))):
        raise ValidationError(
            _("current_password: the current password is wrong."), "current_password"
        )
    _new_password(
        actor, check_new_password(data, "new_password", email=actor.email, name=actor.name)
    )
    record_event(actor, "auth.password_changed", "user", actor.id)
    return actor


def _reset_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")


def make_reset_token(user: User) -> str:
    """Signed token that dies when the password changes (it embeds part of the hash)."""
    return _reset_serializer().dumps({"uid": user.id, "h": user.password_hash[-16:]})


def request_password_reset(data: dict, url_for_token) -> None:
    """Mail a reset link if the address belongs to an account; say nothing either way."""
    address = validate.email(data)
    user = get_user_by_email(address)
    record_event(None, "auth.reset_requested", "user", user.id if user else None)
    if user is None or not user.active:
        return
    link = url_for_token(make_reset_token(user))
    send_mail(
        user.email,
        "Reimposta la password / Reset your password",
        f"Per scegliere una nuova password apri / To choose a new password open:\n{link}\n\n"
        "Il link scade tra un'ora / The link expires in one hour.",
    )


def reset_password(token: str, data: dict) -> User:
    """Set a new password from a valid reset token."""
    try:
        payload = _reset_serializer().loads(token, max_age=RESET_MAX_AGE)
    except SignatureExpired as exc:
        raise ValidationError(
            _("token: the reset link has expired; ask for a new one."), "token"
        ) from exc
    except BadSignature as exc:
        raise ValidationError(_("token: the reset link is not valid."), "token") from exc
    user = db.session.get(User, payload.get("uid"))
    if user is None or user.password_hash[-16:] != payload.get("h"):
        raise ValidationError(_("token: the reset link has already been used."), "token")
    _new_password(user, check_new_password(data, "new_password", email=user.email, name=user.name))
    if user.email_confirmed_at is None:  # the reset link reached the mailbox: it is theirs
        user.email_confirmed_at = utcnow()
    record_event(user, "auth.password_reset", "user", user.id)
    return user


def set_locale(actor: User, locale: str) -> User:
    """Store the preferred language."""
    actor.locale = validate.choice({"locale": locale}, "locale", ("it", "en"), required=True)
    return actor


def create_api_token(actor: User) -> str:
    """Issue a new API token (shown once; only its SHA-256 is kept)."""
    if not is_authenticated(actor):
        raise PermissionDenied(_("Log in first."))
    token = secrets.token_urlsafe(32)
    actor.api_token_hash = digest(token)
    record_event(actor, "auth.api_token_created", "user", actor.id)
    return token


def set_role(actor: User, user_id: int, role: str) -> User:
    """Admin changes a user's global role."""
    if not can_change_roles(actor):
        raise PermissionDenied(_("Only administrators change roles."))
    role = validate.choice({"role": role}, "role", ROLES, required=True)
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(_("User not found."))
    if user.id == actor.id and role != "admin":
        raise Conflict(_("role: you cannot remove your own administrator role."), "role")
    old, user.role = user.role, role
    if old != role:  # privileges changed: the user logs in again everywhere
        user.session_version += 1
        end_all_sessions(user.id)
    record_event(actor, "user.role_changed", "user", user.id, old=old, new=role)
    return user


def list_users(actor: User, q: str = "", page: int = 1):
    """Users for the admin page, searchable by name / e-mail."""
    if not can_change_roles(actor):
        raise PermissionDenied(_("Only administrators see the user list."))
    query = db.select(User).order_by(User.email)
    if q:
        like = f"%{q.strip()}%"
        query = query.where(User.email.ilike(like) | User.name.ilike(like))
    return paginate(query, page, 50)
