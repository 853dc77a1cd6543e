"""gettext that also works outside a request (CLI, tests): the default locale is used there."""

from __future__ import annotations

from flask import current_app, has_request_context
from flask_babel import force_locale, format_datetime, gettext


def _(string: str, **variables) -> str:
    """Translate `string` in the request's locale, or in the default one without a request."""
    if has_request_context():
        return gettext(string, **variables)
    with force_locale(current_app.config.get("BABEL_DEFAULT_LOCALE", "it")):
        return gettext(string, **variables)


def when(value, fmt: str = "short") -> str:
    """Format a datetime in the current locale (default locale without a request)."""
    if has_request_context():
        return format_datetime(value, fmt)
    with force_locale(current_app.config.get("BABEL_DEFAULT_LOCALE", "it")):
        return format_datetime(value, fmt)
