"""The organisation directory: text search, facets, sort and bounded pagination.

Costs are bounded per request, whatever the number of organisations:
- without a text query every count is a `GROUP BY` on an indexed column (`regional` first in
  each composite index, so the default regional scope reads one index range, never the table);
- with a text query the full-text index is read *once*: the matches come back with the few
  columns the facets need and are counted in Python (the old code re-ran the search in each of
  seven facet queries);
- pages beyond MAX_PAGES are refused (offset pagination over an index stays as cheap as page 1
  up to there; past that the visitor is asked to refine the search);
- the counts of a filter combination are kept for COUNTS_TTL seconds (a burst of requests for
  the same listing counts once); an organisation saved in this process clears them.
"""

from __future__ import annotations

import threading
import time
from collections import Counter

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from app.core import caches, search
from app.core.pagination import Page
from app.extensions import db
from app.orgs.models import REGION, REGIONAL_SOURCES, Organisation, OrgArea

SORTS = ("relevance", "name", "-name", "activity", "newest", "updated")
MAX_PAGES = 100
COUNTS_TTL = 30.0
FACETS = ("kind", "area", "province", "verified", "trl", "scope")
_COLUMNS = {
    "kind": Organisation.kind,
    "province": Organisation.province,
    "verified": Organisation.verified,
}


class BoundedPage(Page):
    """A directory page: `total` counts every match, `pages` stops at MAX_PAGES."""

    @property
    def pages(self) -> int:
        """Number of pages served (at most MAX_PAGES)."""
        return min(MAX_PAGES, max(1, -(-self.total // self.per_page)))


_counts: dict[tuple, tuple[float, dict]] = {}
_lock = threading.Lock()


def _clear_counts(*_args, **_kw) -> None:
    with _lock:
        _counts.clear()


caches.register(_clear_counts)


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _ctx) -> None:
    # Any organisation or area written in this process makes the kept counts stale.
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Organisation | OrgArea):
            _clear_counts()
            return


def in_region():
    """SQL condition: the organisation belongs to the regional ecosystem (indexed column)."""
    return Organisation.regional.is_(True)


def _conditions(params: dict, skip: str | None = None) -> list:
    """WHERE conditions for every non-text filter in params, except the facet `skip`."""
    conds = []
    if params.get("scope", "region") == "region" and skip != "scope":
        conds.append(in_region())
    if params.get("kind") and skip != "kind":
        conds.append(Organisation.kind == params["kind"])
    if params.get("area") and skip != "area":
        conds.append(
            Organisation.id.in_(select(OrgArea.org_id).where(OrgArea.area == params["area"]))
        )
    if params.get("province") and skip != "province":
        conds.append(Organisation.province == params["province"])
    if params.get("verified") is not None and skip != "verified":
        conds.append(Organisation.verified.is_(bool(params["verified"])))
    if params.get("trl") and skip != "trl":
        conds.append(Organisation.trl_min <= params["trl"])
        conds.append(Organisation.trl_max >= params["trl"])
    return conds


def _value(v) -> str:
    return ("1" if v else "0") if isinstance(v, bool) else str(v)


def _ordered(counter: Counter) -> list[tuple[str, int]]:
    return sorted(((k, n) for k, n in counter.items() if n), key=lambda kv: (-kv[1], kv[0]))


def _trl_from_ranges(ranges) -> list[tuple[str, int]]:
    """Organisations covering each TRL 1-9, from (trl_min, trl_max, count) groups."""
    out = Counter()
    for lo, hi, n in ranges:
        if lo is None or hi is None:
            continue
        for t in range(max(1, lo), min(9, hi) + 1):
            out[t] += n
    return [(str(t), out[t]) for t in range(1, 10)]


# ---- Without a text query: GROUP BYs on indexed columns. ----


def facet_statements(params: dict) -> dict:
    """The count statements of the directory without text (also read by the query-plan test)."""
    stmts = {}
    for name, col in _COLUMNS.items():
        stmts[name] = (
            select(col, func.count())
            .where(*_conditions(params, skip=name), col.is_not(None))
            .group_by(col)
        )
    stmts["area"] = (
        select(OrgArea.area, func.count())
        .join(Organisation, Organisation.id == OrgArea.org_id)
        .where(*_conditions(params, skip="area"))
        .group_by(OrgArea.area)
    )
    stmts["trl"] = (
        select(Organisation.trl_min, Organisation.trl_max, func.count())
        .where(*_conditions(params, skip="trl"), Organisation.trl_min.is_not(None))
        .group_by(Organisation.trl_min, Organisation.trl_max)
    )
    stmts["scope"] = (
        select(Organisation.regional, func.count())
        .where(*_conditions(params, skip="scope"))
        .group_by(Organisation.regional)
    )
    return stmts


def _plain_counts(params: dict) -> dict:
    run = {name: db.session.execute(stmt).all() for name, stmt in facet_statements(params).items()}
    facets = {
        name: _ordered(Counter({_value(v): n for v, n in run[name]}))
        for name in ("kind", "area", "province", "verified")
    }
    facets["trl"] = _trl_from_ranges(run["trl"])
    scope = {bool(v): n for v, n in run["scope"]}
    facets["scope"] = {"region": scope.get(True, 0), "all": sum(scope.values())}
    # kind is never NULL: the kind facet (computed without the kind filter) holds the total.
    kinds = dict(facets["kind"])
    total = kinds.get(params["kind"], 0) if params.get("kind") else sum(kinds.values())
    return {"facets": facets, "total": total}


def _total(params: dict) -> int:
    stmt = select(func.count()).select_from(Organisation).where(*_conditions(params))
    return db.session.execute(stmt).scalar_one()


def page_statement(params: dict, page: int, per_page: int):
    """The statement of one page of organisations without text (query-plan test reads it)."""
    order = {
        "name": (Organisation.name.asc(), Organisation.id.asc()),
        "relevance": (Organisation.name.asc(), Organisation.id.asc()),
        "-name": (Organisation.name.desc(), Organisation.id.desc()),
        "activity": (Organisation.project_count.desc(), Organisation.name.asc()),
        "newest": (Organisation.created_at.desc(), Organisation.id.desc()),
        "updated": (Organisation.updated_at.desc(), Organisation.id.desc()),
    }[params.get("sort") or "name"]
    return (
        select(Organisation)
        .where(*_conditions(params))
        .order_by(*order)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )


# ---- With a text query: the index is read once, the matches counted here. ----

_MATCH_COLUMNS = (
    Organisation.id,
    Organisation.name,
    Organisation.kind,
    Organisation.province,
    Organisation.verified,
    Organisation.regional,
    Organisation.trl_min,
    Organisation.trl_max,
    Organisation.project_count,
    Organisation.created_at,
    Organisation.updated_at,
)


def _matches(params: dict) -> list:
    """Every organisation matching the text (with the columns the facets need), rank first."""
    sub = search.ranked("org", params["q"])
    rows = db.session.execute(
        select(sub.c.rank, *_MATCH_COLUMNS)
        .select_from(sub)
        .join(Organisation, Organisation.id == sub.c.ref_id)
    ).all()
    ids = [r.id for r in rows]
    areas: dict[int, list[str]] = {}
    # Areas of the matches only, in chunks the drivers accept as bound parameters.
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        for org_id, area in db.session.execute(
            select(OrgArea.org_id, OrgArea.area).where(OrgArea.org_id.in_(chunk))
        ):
            areas.setdefault(org_id, []).append(area)
    return [(r, areas.get(r.id, [])) for r in rows]


def _keep(row, row_areas, params: dict, skip: str | None = None) -> bool:
    if params.get("scope", "region") == "region" and skip != "scope" and not row.regional:
        return False
    if params.get("kind") and skip != "kind" and row.kind != params["kind"]:
        return False
    if params.get("area") and skip != "area" and params["area"] not in row_areas:
        return False
    if params.get("province") and skip != "province" and row.province != params["province"]:
        return False
    if params.get("verified") is not None and skip != "verified":
        if bool(row.verified) != bool(params["verified"]):
            return False
    if params.get("trl") and skip != "trl":
        if row.trl_min is None or row.trl_max is None:
            return False
        if not row.trl_min <= params["trl"] <= row.trl_max:
            return False
    return True


def _text_counts(matches: list, params: dict) -> dict:
    facets: dict = {}
    for name in ("kind", "province", "verified"):
        c = Counter(
            _value(getattr(r, name))
            for r, a in matches
            if getattr(r, name) is not None and _keep(r, a, params, skip=name)
        )
        facets[name] = _ordered(c)
    facets["area"] = _ordered(
        Counter(x for r, a in matches if _keep(r, a, params, skip="area") for x in a)
    )
    ranges = Counter((r.trl_min, r.trl_max) for r, a in matches if _keep(r, a, params, skip="trl"))
    facets["trl"] = _trl_from_ranges((lo, hi, n) for (lo, hi), n in ranges.items())
    scoped = [r for r, a in matches if _keep(r, a, params, skip="scope")]
    facets["scope"] = {"region": sum(1 for r in scoped if r.regional), "all": len(scoped)}
    return facets


def _text_order(rows: list, sort: str) -> list:
    far = float("inf")
    keys = {
        "relevance": lambda r: (r.rank if r.rank is not None else far, r.name, r.id),
        "name": lambda r: (r.name, r.id),
        "activity": lambda r: (-(r.project_count or 0), r.name, r.id),
    }
    if sort in keys:
        return sorted(rows, key=keys[sort])
    if sort == "-name":
        return sorted(rows, key=lambda r: (r.name, r.id), reverse=True)
    attr = "created_at" if sort == "newest" else "updated_at"
    return sorted(
        rows, key=lambda r: (getattr(r, attr) is not None, getattr(r, attr), r.id), reverse=True
    )


def _load(ids: list[int]) -> list[Organisation]:
    by_id = {
        o.id: o
        for o in db.session.execute(select(Organisation).where(Organisation.id.in_(ids))).scalars()
    }
    return [by_id[i] for i in ids if i in by_id]


def _cached(key: tuple, compute) -> dict:
    now = time.monotonic()
    with _lock:
        hit = _counts.get(key)
    if hit is not None and now - hit[0] < COUNTS_TTL:
        return hit[1]
    value = compute()
    with _lock:
        if len(_counts) > 2000:
            _counts.clear()
        _counts[key] = (now, value)
    return value


def search_directory(params: dict, *, facets: bool = True) -> Page:
    """One page of the directory; facets=False skips the counts the caller does not show
    (the total is still given)."""
    per_page = max(1, min(params.get("per_page") or 20, 100))
    page = max(1, min(params.get("page") or 1, MAX_PAGES))
    sort = params.get("sort") or ("relevance" if params.get("q") else "name")
    key_params = {k: v for k, v in params.items() if k not in ("page", "per_page", "sort")}
    key = (str(db.engine.url), tuple(sorted((k, repr(v)) for k, v in key_params.items())))
    if (params.get("q") or "").strip():
        matches = _matches(params)
        kept = [r for r, a in matches if _keep(r, a, params)]
        ordered = _text_order(kept, sort)
        window = ordered[(page - 1) * per_page : page * per_page]
        result = BoundedPage(
            items=_load([r.id for r in window]), page=page, per_page=per_page, total=len(kept)
        )
        if facets:
            result.facets = _text_counts(matches, params)
        return result
    if facets:
        counts = _cached(key, lambda: _plain_counts(params))
    else:
        counts = _cached(key + ("total",), lambda: {"total": _total(params)})
    items = list(
        db.session.execute(page_statement({**params, "sort": sort}, page, per_page)).scalars()
    )
    result = BoundedPage(items=items, page=page, per_page=per_page, total=counts["total"])
    if facets:
        result.facets = counts["facets"]
    return result


@search.after_rebuild
def refresh_regional() -> None:
    """Recompute the `regional` column of every organisation (after bulk SQL writes)."""
    table = Organisation.__table__
    db.session.connection().execute(
        table.update().values(
            regional=(func.coalesce(table.c.region, "") == REGION)
            | table.c.source.in_(REGIONAL_SOURCES)
        )
    )
