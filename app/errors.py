"""Error handlers: JSON under /api, friendly pages elsewhere; never a bare 500 for bad input."""

from __future__ import annotations

from flask import Flask, Response, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError, IntegrityError
from werkzeug.exceptions import BadRequest, HTTPException, NotFound, SecurityError

from app.api.messages import translate_messages
from app.core.errors import ServiceError, conflict_from_integrity, error_body, flat_errors
from app.extensions import db

# Werkzeug's default descriptions are English: pages show these translated ones instead.
DEFAULT_MESSAGES = {
    400: _l("The request could not be understood."),
    401: _l("Log in to continue."),
    403: _l("You do not have permission to see or do this."),
    404: _l("The page or the item you asked for does not exist."),
    405: _l("This action is not allowed here."),
    409: _l("The request conflicts with the current state."),
    413: _l("The file is too large."),
    422: _l("Some fields are not valid."),
    429: _l("Too many attempts: wait a minute and try again."),
}


def _message(exc: HTTPException) -> str:
    """The error's own message, or a translated default when it carries Werkzeug's."""
    default = type(exc).description
    if exc.description and exc.description != default:
        return exc.description
    return str(DEFAULT_MESSAGES.get(exc.code, exc.description))


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def _kept_headers(exc: HTTPException) -> list[tuple[str, str]]:
    """Headers an HTTP error carries that the client needs (Allow on 405, Retry-After on 429,
    WWW-Authenticate on 401), without its HTML content type."""
    try:
        headers = exc.get_headers()
    except Exception:  # noqa: BLE001 - a custom response without environ
        headers = []
    data = getattr(exc, "data", None) or {}
    headers = list(headers) + list((data.get("headers") or {}).items())
    return [(k, v) for k, v in headers if k.lower() != "content-type"]


def register_error_handlers(app: Flask) -> None:
    """Map service errors and HTTP errors to JSON or HTML answers."""

    @app.errorhandler(ServiceError)
    def _service_error(exc: ServiceError):
        db.session.rollback()
        if _wants_json():
            return jsonify(exc.as_dict()), exc.status
        return render_template("errors/error.html", code=exc.status, message=exc.message), (
            exc.status
        )

    @app.errorhandler(CSRFError)
    def _csrf_error(exc: CSRFError):
        db.session.rollback()
        msg = _(
            "The form has expired or was tampered with (missing or invalid CSRF token). "
            "Reload the page and try again."
        )
        if _wants_json():
            return jsonify(error_body(400, msg, {"csrf_token": [msg]})), 400
        return render_template("errors/error.html", code=400, message=msg), 400

    @app.errorhandler(IntegrityError)
    def _integrity(exc: IntegrityError):
        db.session.rollback()  # first: the message's locale may read the user from the session
        return _service_error(conflict_from_integrity(exc))

    @app.errorhandler(DataError)
    @app.errorhandler(OverflowError)
    def _out_of_range(exc: Exception):
        # A number the database cannot hold (an id or page far out of range): nothing by that
        # number exists. Other refused values are bad requests.
        db.session.rollback()
        text = str(getattr(exc, "orig", exc)).lower()
        code = 404 if isinstance(exc, OverflowError) or "out of range" in text else 400
        return _http_error(NotFound() if code == 404 else BadRequest())

    @app.errorhandler(SecurityError)
    def _untrusted_host(exc: SecurityError):
        # Raised before the URL adapter exists (TRUSTED_HOSTS): no template can be rendered.
        return Response(
            "400 Bad Request: this host name is not served here.\n",
            status=400,
            mimetype="text/plain",
        )

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        if exc.code and exc.code >= 400:
            db.session.rollback()
        if _wants_json():
            # One envelope for Werkzeug's errors (400/404/405/413/429 ...), flask-smorest's
            # abort() and the webargs/marshmallow 422s (their per-location messages flattened
            # to field names, the messages translated).
            data = getattr(exc, "data", None) or {}
            errors = translate_messages(flat_errors(data["messages"])) if "messages" in data else {}
            message = _message(exc)
            if exc.code == 422 and errors and message == str(DEFAULT_MESSAGES[422]):
                message = _("Some fields are not valid: %(fields)s.", fields=", ".join(errors))
            response = jsonify(error_body(exc.code, message, errors))
            response.status_code = exc.code
            for name, value in _kept_headers(exc):
                response.headers[name] = value
            if exc.code == 401 and request.path.startswith("/api/"):
                response.headers.setdefault("WWW-Authenticate", 'Bearer realm="api"')
            return response
        return render_template("errors/error.html", code=exc.code, message=_message(exc)), (
            exc.code
        )
