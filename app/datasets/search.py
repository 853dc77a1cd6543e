"""Catalogue search: text, facets (theme, format, access rights, standard, publisher,
personal-data level), sort and pagination. Shared by the page, the API and the RDF export."""

from __future__ import annotations

from collections import Counter

from flask_babel import gettext as _
from sqlalchemy import String, cast, select
from sqlalchemy.orm import selectinload

from app.core import search, validate
from app.core.errors import ValidationError
from app.core.inputs import as_id
from app.core.pagination import Page, paginate
from app.datasets import vocab
from app.datasets.models import (
    ACCESS_RIGHTS,
    PERSONAL_DATA_LEVELS,
    STANDARDS,
    Dataset,
    Distribution,
)
from app.datasets.search_docs import dataset_document  # noqa: F401  (registers the index)
from app.extensions import db
from app.orgs.models import Organisation

SORTS = ("relevance", "title", "newest", "modified")
FACETS = ("theme", "format", "access_rights", "standard", "publisher", "personal_data")


def parse_search(args) -> dict:
    """Validate catalogue parameters from a query string or JSON (unknown values -> 422)."""
    data = dict(args)
    publisher = data.get("publisher")
    if publisher not in (None, "") and as_id(publisher) is None:
        raise ValidationError(_("publisher: must be an organisation id."), "publisher")
    return {
        "q": validate.text(data, "q", max_len=200),
        "theme": validate.choice(data, "theme", tuple(vocab.THEMES)),
        "format": validate.choice(data, "format", tuple(vocab.FORMATS)),
        "access_rights": validate.choice(data, "access_rights", ACCESS_RIGHTS),
        "standard": validate.choice(data, "standard", STANDARDS),
        "publisher": int(publisher) if publisher not in (None, "") else None,
        "personal_data": validate.choice(data, "personal_data", PERSONAL_DATA_LEVELS),
        # With words to look for, the best matches come first unless another order is asked.
        "sort": validate.choice(
            data, "sort", SORTS, default="relevance" if (data.get("q") or "").strip() else "title"
        ),
        "page": validate.integer(data, "page", lo=1, hi=100000) or 1,
        "per_page": validate.integer(data, "per_page", lo=1, hi=100) or 20,
    }


def _json_has(column, value: str):
    # JSON lists are stored as text like ["HEAL", "TECH"] on both SQLite and PostgreSQL.
    return cast(column, String).like(f'%"{value}"%')


def _filtered(params: dict, skip: str | None = None):
    q = select(Dataset)
    q = search.restrict(q, Dataset.id, "dataset", params.get("q"))
    if params.get("theme") and skip != "theme":
        q = q.where(_json_has(Dataset.themes, params["theme"]))
    if params.get("standard") and skip != "standard":
        q = q.where(_json_has(Dataset.conforms_to, params["standard"]))
    if params.get("format") and skip != "format":
        q = q.where(
            Dataset.id.in_(
                select(Distribution.dataset_id).where(Distribution.format == params["format"])
            )
        )
    if params.get("access_rights") and skip != "access_rights":
        q = q.where(Dataset.access_rights == params["access_rights"])
    if params.get("personal_data") and skip != "personal_data":
        q = q.where(Dataset.personal_data == params["personal_data"])
    if params.get("publisher") and skip != "publisher":
        q = q.where(Dataset.publisher_org_id == params["publisher"])
    return q


def _facet(params: dict, name: str) -> list[tuple[str, int]]:
    ids = select(_filtered(params, skip=name).with_only_columns(Dataset.id).subquery().c.id)
    counts: Counter = Counter()
    if name == "format":
        rows = db.session.execute(
            select(Distribution.dataset_id, Distribution.format)
            .where(Distribution.dataset_id.in_(ids))
            .distinct()
        ).all()
        counts.update(fmt for _id, fmt in rows)
    elif name in ("theme", "standard"):
        col = Dataset.themes if name == "theme" else Dataset.conforms_to
        for (values,) in db.session.execute(select(col).where(Dataset.id.in_(ids))).all():
            counts.update(values or [])
    else:
        col = {
            "access_rights": Dataset.access_rights,
            "personal_data": Dataset.personal_data,
            "publisher": Dataset.publisher_org_id,
        }[name]
        counts.update(
            v for (v,) in db.session.execute(select(col).where(Dataset.id.in_(ids))).all()
        )
    return [(str(v), n) for v, n in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))]


def search_datasets(params: dict) -> Page:
    """One page of matching datasets with facet counts (each facet ignores its own filter)."""
    order = {
        "relevance": (),
        "title": (Dataset.title_it.asc(),),
        "newest": (Dataset.created_at.desc(),),
        "modified": (Dataset.modified.desc(),),
    }[params.get("sort") or "title"]
    q = _filtered(params)
    if params.get("sort") == "relevance":
        q = search.by_relevance(q, Dataset.id, "dataset", params.get("q"))
    # The cards show the publisher and the formats: load them with the page, not per card.
    q = q.order_by(*order, Dataset.id).options(
        selectinload(Dataset.publisher), selectinload(Dataset.distributions)
    )
    page = paginate(q, params.get("page", 1), params.get("per_page", 20))
    page.facets = {name: _facet(params, name) for name in FACETS}
    return page


def publisher_names(ids) -> dict[str, str]:
    """Organisation names for the publisher facet."""
    ids = [int(i) for i in ids]
    if not ids:
        return {}
    rows = db.session.execute(
        select(Organisation.id, Organisation.name).where(Organisation.id.in_(ids))
    ).all()
    return {str(i): n for i, n in rows}
