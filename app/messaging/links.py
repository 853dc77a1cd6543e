"""Links put in notifications and e-mails: absolute inside a request, a portal path outside one
(CLI, demo seeding), where there is no host to build an absolute address from."""

from __future__ import annotations

from flask import current_app, has_request_context, url_for


def link(endpoint: str, **values) -> str:
    """URL of a page for a notification or an e-mail."""
    if has_request_context():
        return url_for(endpoint, _external=True, **values)
    return current_app.url_map.bind("").build(endpoint, values)
