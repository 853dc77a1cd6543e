"""Absolute URLs from the configured PORTAL_BASE_URL, never from the request's Host header.

A link mailed to a user (password reset, invitation, notification) or an IRI published in the
open-data catalogue must not depend on what the client sent as ``Host:``: with
``Host: evil.example`` a reset link built by ``url_for(..., _external=True)`` pointed at the
attacker. These helpers work inside and outside a request (CLI commands, after-commit mail).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app


def base_url() -> str:
    """The portal's public address without a trailing slash, e.g. ``https://portale.example``."""
    return current_app.config["PORTAL_BASE_URL"].rstrip("/")


def absolute_url(endpoint: str, **values) -> str:
    """``url_for(endpoint, **values)`` as an absolute URL under PORTAL_BASE_URL."""
    parts = urlsplit(base_url())
    adapter = current_app.url_map.bind(
        parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme
    )
    return adapter.build(endpoint, values, force_external=True)


def absolute(link: str | None) -> str:
    """A site-relative link (``/orgs/x``) made absolute; absolute links and None unchanged."""
    if not link:
        return ""
    return base_url() + link if link.startswith("/") and not link.startswith("//") else link
