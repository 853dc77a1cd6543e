"""Bind the extensions, the locale selector, the user loaders and the request hooks."""

from __future__ import annotations

import json
from pathlib import Path

from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import event

from app import models  # noqa: F401  (registers every table with the metadata)
from app.auth.models import User
from app.auth.sessions import session_is_active
from app.core.inputs import register_input_checks
from app.core.text import digest
from app.core.txn import register_transaction_hooks
from app.extensions import api, babel, csrf, db, limiter, login_manager, migrate
from app.security import register_security


def _translation_dirs() -> str:
    """Every package may hold its own translations/ folder; Flask-Babel merges them."""
    root = Path(__file__).parent
    dirs = [str(p) for p in sorted(root.glob("*/translations"))]
    if (root / "translations").is_dir():
        dirs.insert(0, str(root / "translations"))
    return ";".join(dirs)


def select_locale() -> str:
    """?lang= beats the session, which beats the user's preference, which beats the browser."""
    langs = ("it", "en")
    if not has_request_context():  # CLI, imports: the configured default
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    asked = request.args.get("lang")
    if asked in langs:
        session["lang"] = asked
        return asked
    if session.get("lang") in langs:
        return session["lang"]
    if current_user and current_user.is_authenticated and current_user.locale in langs:
        return current_user.locale
    return request.accept_languages.best_match(langs) or "it"


def _load_user(user_id: str):
    """Load the user from the session id '<id>:<session_version>' and its server-side token.

    A request that carries a Bearer token is authenticated by the token alone, never by the
    cookie (so a wrong token cannot fall back to a cookie session that skipped CSRF).
    """
    if request.headers.get("Authorization", "").startswith("Bearer "):
        return None
    try:
        uid, version = (int(x) for x in user_id.split(":"))
    except ValueError:
        return None
    user = db.session.get(User, uid)
    if user is None or user.session_version != version or not user.active:
        return None
    if not session_is_active(uid):
        return None
    return user


def _load_user_from_request(req):
    """API token auth: `Authorization: Bearer <token>` (only its SHA-256 is stored)."""
    header = req.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    token_hash = digest(header[7:].strip())
    user = db.session.execute(
        db.select(User).where(User.api_token_hash == token_hash)
    ).scalar_one_or_none()
    if user is not None and user.active:
        g.token_auth = True
        return user
    return None


def register_extensions(app: Flask) -> None:
    """Initialise all extensions on the app."""
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", _translation_dirs())
    # JSON columns keep accented text readable (and searchable with LIKE) on both databases.
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
        "json_serializer": lambda obj: json.dumps(obj, ensure_ascii=False),
        **app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}),
    }
    db.init_app(app)
    migrate.init_app(
        app, db, directory=str(Path(app.root_path).parent / "migrations"), render_as_batch=True
    )
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    login_manager.login_message = _l("Log in to see this page.")
    login_manager.session_protection = "basic"
    login_manager.user_loader(_load_user)
    login_manager.request_loader(_load_user_from_request)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)
    api.init_app(app)
    register_security(app)
    register_input_checks(app)
    register_transaction_hooks(app)

    with app.app_context():
        if db.engine.dialect.name == "sqlite":

            @event.listens_for(db.engine, "connect")
            def _sqlite_pragmas(dbapi_conn, _record):
                cur = dbapi_conn.cursor()
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA busy_timeout=15000")
                cur.execute("PRAGMA foreign_keys=ON")
                cur.close()
