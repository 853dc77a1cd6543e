"""Pagination of the API's lists through flask-smorest's ``@blp.paginate``.

Every list endpoint takes ``page`` (1, 2, ...) and ``page_size`` (1-100, default 20) and answers
with two headers, both in the OpenAPI document:

- ``X-Pagination``: flask-smorest's JSON metadata (total, total_pages, first_page, last_page,
  page, previous_page, next_page) plus ``page_size``;
- ``Link`` (RFC 8288): absolute ``first``/``prev``/``next``/``last`` URLs under
  ``PORTAL_BASE_URL`` (never the request's Host header), the other query parameters kept.

A view decorated with ``@blp.paginate()`` receives ``pagination_parameters`` and hands the
service's page back through :func:`paged`, which sets the item count (and the number of pages
the service serves, when it serves fewer than the count implies).
"""

from __future__ import annotations

import json
from functools import wraps
from urllib.parse import urlencode

import flask_smorest
from flask import current_app, request
from flask_babel import gettext as _
from flask_smorest.pagination import PaginationMetadataSchema
from marshmallow import fields

from app.core.errors import ValidationError

# The largest page number a list accepts (the services refuse more, naming `page`).
MAX_PAGE = 100_000
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# The query parameters the services used to read: taken by `paginate` now.
PAGING_FIELDS = ("page", "per_page")


class PaginationSchema(PaginationMetadataSchema):
    """What `X-Pagination` holds (flask-smorest's metadata and the page size)."""

    page_size = fields.Int(metadata={"description": "Items per page (the `page_size` asked)."})


X_PAGINATION = {
    "description": "Pagination metadata (JSON): total, total_pages, first_page, last_page, "
    "page, previous_page, next_page, page_size. Keys without a value are left out (no "
    "`next_page` on the last page; no `page` past the end).",
    "schema": {"type": "string", "format": "json"},
    "example": json.dumps(
        {
            "total": 45,
            "total_pages": 3,
            "first_page": 1,
            "last_page": 3,
            "page": 2,
            "previous_page": 1,
            "next_page": 3,
            "page_size": 20,
        }
    ),
}
LINK = {
    "description": "RFC 8288 links to the `first`, `prev`, `next` and `last` pages (absolute "
    "URLs, the other query parameters kept); absent when the list is empty.",
    "schema": {"type": "string"},
    "example": '<https://portale.example/api/v1/orgs?page=1&page_size=20>; rel="first", '
    '<https://portale.example/api/v1/orgs?page=3&page_size=20>; rel="next"',
}


def page_count(item_count: int, page_size: int) -> int:
    """Number of pages of `item_count` items (0 when there are none)."""
    return -(-item_count // page_size) if item_count else 0


def metadata(page: int, page_size: int, item_count: int, pages: int | None = None) -> dict:
    """The X-Pagination metadata; `pages` caps the page count (a service that serves fewer
    pages than the count implies)."""
    total_pages = page_count(item_count, page_size)
    if pages is not None:
        total_pages = min(total_pages, pages)
    meta = {"total": item_count, "total_pages": total_pages, "page_size": page_size}
    if total_pages:
        meta.update(first_page=1, last_page=total_pages)
        if page <= total_pages:
            meta["page"] = page
            if page > 1:
                meta["previous_page"] = page - 1
            if page < total_pages:
                meta["next_page"] = page + 1
    return meta


def _page_url(number: int) -> str:
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "page"]
    args.append(("page", str(number)))
    base = (current_app.config.get("PORTAL_BASE_URL") or "").rstrip("/")
    return f"{base}{request.path}?{urlencode(args)}"


def link_header(meta: dict) -> str | None:
    """The RFC 8288 Link header for the pages around the current one."""
    rels = [
        ("first", meta.get("first_page")),
        ("prev", meta.get("previous_page")),
        ("next", meta.get("next_page")),
        ("last", meta.get("last_page")),
    ]
    links = [f'<{_page_url(n)}>; rel="{rel}"' for rel, n in rels if n]
    return ", ".join(links) or None


class ListPage(flask_smorest.Page):
    """Pager for lists a service returns whole (queues, a challenge's questions, one's own
    items): `@blp.paginate(ListPage)` cuts the page after the service has answered."""

    def __init__(self, collection, page_params):
        super().__init__(list(collection), page_params)


class Blueprint(flask_smorest.Blueprint):
    """flask-smorest's blueprint with the portal's pagination: `page`/`page_size` (default
    20, at most 100), `X-Pagination` with the page size, and a `Link` header."""

    DEFAULT_PAGINATION_PARAMETERS = {
        "page": 1,
        "page_size": PAGE_SIZE,
        "max_page_size": MAX_PAGE_SIZE,
    }

    def paginate(self, pager=None, **kwargs):
        """flask-smorest's `paginate`; a request still naming the old `per_page` is refused
        (422 naming it) rather than served 20 items silently."""
        decorate = super().paginate(pager, **kwargs)

        def decorator(func):
            paginated = decorate(func)

            @wraps(paginated)
            def wrapper(*args, **kw):
                if "per_page" in request.args:
                    raise ValidationError(_("Use page_size (per_page was renamed)."), "per_page")
                return paginated(*args, **kw)

            return wrapper

        return decorator

    def _set_pagination_metadata(self, page_params, result, headers):
        if headers is None:
            headers = {}
        meta = metadata(
            page_params.page,
            page_params.page_size,
            page_params.item_count,
            getattr(page_params, "page_limit", None),
        )
        headers[self.PAGINATION_HEADER_NAME] = json.dumps(meta)
        link = link_header(meta)
        if link:
            headers["Link"] = link
        return result, headers

    def _document_pagination_metadata(self, spec, resp_doc):
        resp_doc.setdefault("headers", {}).update(
            {
                self.PAGINATION_HEADER_NAME: {"$ref": "#/components/headers/XPagination"},
                "Link": {"$ref": "#/components/headers/Link"},
            }
        )


def register_headers(spec) -> None:
    """The two pagination headers as components of the OpenAPI document."""
    spec.components.header("XPagination", X_PAGINATION)
    spec.components.header("Link", LINK)


def list_query(schema_cls):
    """A listing's query schema without the paging fields the services read (`paginate`
    documents and parses `page` and `page_size`)."""
    paging = tuple(f for f in PAGING_FIELDS if f in schema_cls._declared_fields)
    return schema_cls(exclude=paging)


def query(args: dict, pagination_parameters) -> dict:
    """The query arguments with the page asked, as the services read them."""
    return {**args, "page": pagination_parameters.page, "per_page": pagination_parameters.page_size}


def paged(pagination_parameters, page, items=None) -> list:
    """Hand a service's `Page` to `@blp.paginate`: its total (and its page limit, when the
    service serves fewer pages than the total implies); the items unless the service served
    another page than the one asked (past the end: an empty list)."""
    pagination_parameters.item_count = page.total
    served = page_count(page.total, page.per_page)
    if page.pages < served:
        pagination_parameters.page_limit = page.pages
    if page.page != pagination_parameters.page:
        return []
    return list(page.items if items is None else items)
