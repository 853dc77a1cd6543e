"""Helpers shared by the API blueprints: auth, service error mapping, pagination headers."""

from __future__ import annotations

import json
from functools import wraps

from flask import abort
from flask_login import current_user

from app.core.errors import ServiceError


def login_required_api(fn):
    """401 JSON unless authenticated by session or Bearer token."""

    @wraps(fn)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            abort(401, "Authentication required: log in or send 'Authorization: Bearer <token>'.")
        return fn(*args, **kwargs)

    return wrapper


def pagination_header(page) -> dict:
    """X-Pagination header like flask-smorest's own."""
    return {
        "X-Pagination": json.dumps(
            {
                "total": page.total,
                "total_pages": page.pages,
                "page": page.page,
                "page_size": page.per_page,
            }
        )
    }


__all__ = ["ServiceError", "login_required_api", "pagination_header"]
