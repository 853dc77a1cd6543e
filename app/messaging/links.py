"""Links put in notifications: site-relative paths, inside a request or outside one (CLI, demo
seeding). The notification e-mail makes them absolute under PORTAL_BASE_URL
(``app.core.urls.absolute``), never from the request's Host header."""

from __future__ import annotations

from flask import current_app, has_request_context, url_for


def link(endpoint: str, **values) -> str:
    """Site-relative URL of a page for a notification."""
    if has_request_context():
        return url_for(endpoint, **values)
    return current_app.url_map.bind("").build(endpoint, values)
