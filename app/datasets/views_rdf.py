"""DCAT endpoints, ckanext-dcat style: /catalog.{ttl,rdf,xml,jsonld,n3}, /dataset/<id>.{...},
content negotiation on /catalog and the dataset pages, `modified_since` for harvesters.
"""

from __future__ import annotations

from datetime import date

from flask import Response, abort, redirect, request, url_for
from flask_babel import gettext as _

from app.datasets import rdf, services
from app.datasets.blueprint import bp
from app.datasets.rdf_terms import base_url

EXTS = "ttl, rdf, xml, jsonld, n3"
# Functions (g, base, catalogue node, modified_since) that add data sets living outside the
# datasets table to the first catalogue page; filled by the features that publish them
# (app/opendata/catalog.py: the funded projects open data).
CATALOG_EXTRAS: list = []


def negotiated_format() -> str | None:
    """The RDF format the Accept header prefers over HTML, or None for HTML."""
    offered = ["text/html", *rdf.MEDIA_TYPES]
    best = request.accept_mimetypes.best_match(offered, default="text/html")
    if (
        best == "text/html"
        or request.accept_mimetypes[best] <= request.accept_mimetypes["text/html"]
    ):
        return None
    return rdf.MEDIA_TYPES[best]


def _rdf_response(graph, fmt: str) -> Response:
    body, mime = rdf.serialize(graph, fmt)
    response = Response(body, mimetype=mime)
    response.vary.add("Accept")
    return response


def dataset_response(ds, fmt: str) -> Response:
    """One dataset as RDF."""
    return _rdf_response(rdf.dataset_graph(base_url(), ds), fmt)


@bp.route(f"/datasets/<int:dataset_id>.<any({EXTS}):fmt>")
@bp.route(f"/dataset/<int:dataset_id>.<any({EXTS}):fmt>")
def export_dataset(dataset_id: int, fmt: str):
    """One dataset as DCAT-AP_IT / HealthDCAT-AP Turtle, RDF/XML, JSON-LD or N3."""
    return dataset_response(services.get_dataset(dataset_id), fmt)


def _int_arg(name: str, low: int, high: int, default: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = low - 1
    if value < low or value > high:
        abort(
            400,
            _(
                "%(field)s: must be a whole number from %(low)s to %(high)s.",
                field=name,
                low=low,
                high=high,
            ),
        )
    return value


def _modified_since() -> date | None:
    raw = request.args.get("modified_since")
    if not raw:
        return None
    try:
        return date.fromisoformat(raw[:10])
    except ValueError:
        abort(400, _("modified_since: must be a date such as 2026-01-31."))


def catalog_response(fmt: str) -> Response:
    """One page of the catalogue (?page=, ?modified_since=) with a Link: rel=next header."""
    page_no = _int_arg("page", 1, 100000, 1)
    since = _modified_since()
    base = base_url()
    graph, page = rdf.catalog_graph(
        base,
        page_no,
        per_page=rdf.PAGE_SIZE,
        fmt=fmt,
        modified_since=since,
        extra=lambda g, b, cat: [extra(g, b, cat, since) for extra in CATALOG_EXTRAS],
    )
    response = _rdf_response(graph, fmt)
    if page.has_next:
        query = f"&modified_since={since.isoformat()}" if since else ""
        response.headers["Link"] = f'<{base}/catalog.{fmt}?page={page.page + 1}{query}>; rel="next"'
    return response


@bp.route(f"/catalog.<any({EXTS}):fmt>")
def export_catalog(fmt: str):
    """The catalogue, paginated with ?page= (hydra view and a Link: rel=next header)."""
    return catalog_response(fmt)


@bp.route("/catalog")
def catalog():
    """Content negotiation: RDF for harvesters, the HTML catalogue for browsers."""
    fmt = negotiated_format()
    if fmt is None:
        return redirect(url_for("datasets.index"), code=303)
    return catalog_response(fmt)
