"""CSRF policy and security headers applied to every request / response."""

from __future__ import annotations

from flask import Flask, abort, g, request, session
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.serving import WSGIRequestHandler

from app.auth.sessions import SESSION_KEY
from app.extensions import csrf

# Inline styles are allowed because bootstrap-italia's components set style attributes;
# scripts are same-origin only (no inline script anywhere in the templates).
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)


def register_security(app: Flask) -> None:
    """Install the CSRF check and the security headers."""

    @app.before_request
    def _csrf_unless_token():
        # Token-authenticated API calls carry no cookie, so CSRF does not apply to them.
        if request.method in ("GET", "HEAD", "OPTIONS", "TRACE"):
            return
        if request.path.startswith("/api/") and request.headers.get("Authorization", "").startswith(
            "Bearer "
        ):
            # Token calls skip CSRF only when the token is valid; a wrong one is refused here.
            if not current_user.is_authenticated:
                abort(
                    401,
                    _(
                        "The API token is not valid: send 'Authorization: Bearer <token>' "
                        "with a token from your account page."
                    ),
                )
            return
        if request.path.startswith("/api/") and not current_user.is_authenticated:
            # An anonymous API call carries no authority a forged request could borrow: let it
            # through so that the endpoint answers 401 (with WWW-Authenticate) or serves it.
            return
        csrf.protect()

    @app.after_request
    def _headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        if _private(response):
            response.headers["Cache-Control"] = "no-store"
            response.headers.setdefault("Pragma", "no-cache")
        return response


# The servers write their own Server header whatever the app sets: gunicorn says "gunicorn"
# (no version); Werkzeug's development server (`make run`) would say "Werkzeug/x Python/y".
WSGIRequestHandler.version_string = lambda self: "portal"  # type: ignore[method-assign]

_PRIVATE_PREFIXES = ("/account", "/auth", "/admin", "/api/", "/staff", "/monitoring")


def _private(response) -> bool:
    """Must a shared or browser cache never keep this answer: anything a logged-in user (or a
    token) sees, the API, staff pages and every downloaded export."""
    if getattr(g, "no_store", False) or request.path.startswith(_PRIVATE_PREFIXES):
        return True
    if "attachment" in response.headers.get("Content-Disposition", ""):
        return True
    if request.path.startswith("/static/"):
        return False
    user = g.get("_login_user")
    if user is not None and getattr(user, "is_authenticated", False):
        return True
    return SESSION_KEY in session  # a logged-in browser, even on a page that did not look
