"""Helpers shared by the API blueprints: auth, service error mapping, facets, money.

Pagination: `app.api.pagination`."""

from __future__ import annotations

from copy import deepcopy
from decimal import Decimal
from functools import wraps

from flask import abort
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest.utils import deepupdate
from marshmallow import Schema, fields

from app.core.errors import ServiceError

# The roles of the portal as the OpenAPI document names them (x-roles of an operation).
SIGNED_IN = "signed-in"
STAFF = ("staff", "admin")


def login_required_api(fn=None, *, roles: tuple[str, ...] | None = None):
    """401 JSON (with WWW-Authenticate) unless authenticated by session or Bearer token.

    Documents the operation as needing the bearer token; ``roles`` names the global roles the
    service lets through (``x-roles``; default any signed-in user, the service then checks
    ownership or membership and answers 403/404)."""

    def decorate(func):
        @wraps(func)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                abort(
                    401,
                    _("Authentication required: log in or send 'Authorization: Bearer <token>'."),
                )
            return func(*args, **kwargs)

        # flask-smorest reads the operation's documentation from `_apidoc` (copied by wraps):
        # a copy, so that the wrapped function's own stays as it was.
        doc = deepcopy(getattr(wrapper, "_apidoc", {}))
        wrapper._apidoc = deepupdate(
            doc,
            {
                "manual_doc": {
                    "security": [{"bearerAuth": []}],
                    "x-roles": list(roles or (SIGNED_IN,)),
                }
            },
        )
        return wrapper

    return decorate(fn) if fn is not None else decorate


# Documented shape of answers that are rows with keys of their own (returned as a Response).
ROWS = {"type": "array", "items": {"type": "object", "additionalProperties": True}}
OBJECT = {"type": "object", "additionalProperties": True}


class FacetCountSchema(Schema):
    """One value of a facet and how many results have it."""

    value = fields.Raw(metadata={"type": "string"})
    count = fields.Integer()


class FacetsSchema(Schema):
    """Facet counts of a search."""

    total = fields.Integer()
    facets = fields.Dict(keys=fields.String(), values=fields.List(fields.Nested(FacetCountSchema)))


def facets_of(page) -> dict:
    """The facets of a search page as FacetsSchema dumps them."""
    return {
        "total": page.total,
        "facets": {
            k: [{"value": v, "count": n} for v, n in items] for k, items in page.facets.items()
        },
    }


def money_text(value: Decimal) -> str:
    """An amount as the API writes it: a decimal string with two places ("1250.00")."""
    return str(value.quantize(Decimal("0.01")))


__all__ = [
    "OBJECT",
    "ROWS",
    "STAFF",
    "money_text",
    "ServiceError",
    "login_required_api",
]
