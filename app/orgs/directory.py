"""The organisation directory: text search, facets, sort and bounded pagination.

Costs are bounded per request, whatever the number of organisations:
- without a text query every count is a `GROUP BY` on an indexed column (`regional` first in
  each composite index, so the default regional scope reads one index range, never the table);
- with a text query the database groups the matches by the facet columns (a few thousand
  groups at most, whatever the number of matches) and each facet is summed from the groups;
  one more grouped query gives the areas, one the page (the old code ran the search in seven
  queries and the facets as `WHERE id IN (SELECT ...)` over the whole table). A match costs an
  index entry, never a row: the search index gives the organisation's id without reading its
  document (app.core.search), and `ix_org_facets` holds every column the counts, the filters
  and the ranked page read, so SQLite is told to read that index (`INDEXED BY`), not the rows;
  only the page's 20 organisations are loaded;
- pages beyond MAX_PAGES are refused (offset pagination over an index stays as cheap as page 1
  up to there; past that the visitor is asked to refine the search);
- the counts of a filter combination, with or without a text query, are kept for COUNTS_TTL
  seconds (a burst of requests for the same listing or search counts once); an organisation
  saved in this process clears them. The first request of a text search still pays a cost
  linear in its number of matches (an index entry each).
"""

from __future__ import annotations

import threading
import time
from collections import Counter

from sqlalchemy import Index, event, func, select
from sqlalchemy.dialects.sqlite.base import SQLiteCompiler
from sqlalchemy.orm import Session, aliased

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


# Every column a text search counts, filters or sorts its matches by (migration 2f1b9c3d4e5a).
FACET_INDEX = "ix_org_facets"
Index(
    FACET_INDEX,
    Organisation.id,
    Organisation.regional,
    Organisation.kind,
    Organisation.province,
    Organisation.verified,
    Organisation.trl_min,
    Organisation.trl_max,
    Organisation.project_count,
    Organisation.name,
)


def _sqlite_from_hint(self, table, text):
    # SQLAlchemy renders no table hint for SQLite; `INDEXED BY` is SQLite's.
    return text


SQLiteCompiler.get_from_hint_text = _sqlite_from_hint  # type: ignore[method-assign]
_HINT = f"INDEXED BY {FACET_INDEX}"


def _indexed(stmt, target=Organisation):
    """The statement with SQLite reading `target` through the facet index (the planner takes the
    primary key and reads every matching row otherwise)."""
    return stmt.with_hint(target, _HINT, dialect_name="sqlite")


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


def _conditions(params: dict, skip: str | None = None, target=Organisation) -> list:
    """WHERE conditions for every non-text filter in params, except the facet `skip`, on
    `target` (Organisation or an alias of it)."""
    o = target
    conds = []
    if params.get("scope", "region") == "region" and skip != "scope":
        conds.append(o.regional.is_(True))
    if params.get("kind") and skip != "kind":
        conds.append(o.kind == params["kind"])
    if params.get("area") and skip != "area":
        conds.append(o.id.in_(select(OrgArea.org_id).where(OrgArea.area == params["area"])))
    if params.get("province") and skip != "province":
        conds.append(o.province == params["province"])
    if params.get("verified") is not None and skip != "verified":
        conds.append(o.verified.is_(bool(params["verified"])))
    if params.get("trl") and skip != "trl":
        conds.append(o.trl_min <= params["trl"])
        conds.append(o.trl_max >= params["trl"])
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


# ---- With a text query: the matches are grouped by the database, never loaded one by one. ----

# The facet columns: the matches are counted per combination of them (a few hundred groups),
# and each facet's counts are summed from the groups that pass the other filters.
_GROUP_COLUMNS = (
    Organisation.kind,
    Organisation.province,
    Organisation.verified,
    Organisation.regional,
    Organisation.trl_min,
    Organisation.trl_max,
)


def _failing(g, params: dict) -> frozenset[str]:
    """The filters a group of matches (facet column values) does not pass."""
    checks = {
        "scope": params.get("scope", "region") != "region" or bool(g.regional),
        "kind": not params.get("kind") or g.kind == params["kind"],
        "province": not params.get("province") or g.province == params["province"],
        "verified": params.get("verified") is None or bool(g.verified) == bool(params["verified"]),
        "trl": not params.get("trl")
        or (
            g.trl_min is not None
            and g.trl_max is not None
            and g.trl_min <= params["trl"] <= g.trl_max
        ),
    }
    return frozenset(name for name, ok in checks.items() if not ok)


def _keeps(fails: frozenset[str], skip: str | None = None) -> bool:
    """Does a group failing `fails` pass every filter except `skip`."""
    return not fails or (skip is not None and fails == {skip})


def text_count_statements(params: dict) -> dict:
    """The grouped statements of a text search's counts (the query-plan test reads them):
    "groups" counts the matches per combination of facet columns, "areas" per area."""
    sub = search.ranked("org", params["q"], rank=False)
    area_cond = (
        [Organisation.id.in_(select(OrgArea.org_id).where(OrgArea.area == params["area"]))]
        if params.get("area")
        else []
    )
    groups = _indexed(
        select(*_GROUP_COLUMNS, func.count().label("n"))
        .select_from(sub)
        .join(Organisation, Organisation.id == sub.c.ref_id)
        .where(*area_cond)
        .group_by(*_GROUP_COLUMNS)
    )
    # The other filters are plain conditions on the index columns: one group per area. The
    # matches are read first (PostgreSQL otherwise walks every regional organisation's areas
    # and tests each one's vector: 270 ms instead of 40 at 100k).
    matches = (
        select(sub.c.ref_id).cte("org_matches").prefix_with("MATERIALIZED", dialect="postgresql")
    )
    areas = _indexed(
        select(OrgArea.area, func.count())
        .select_from(matches)
        .join(OrgArea, OrgArea.org_id == matches.c.ref_id)
        .join(Organisation, Organisation.id == matches.c.ref_id)
        .where(*_conditions(params, skip="area"))
        .group_by(OrgArea.area)
    )
    return {"groups": groups, "areas": areas}


def _text_counts(params: dict, with_areas: bool = True) -> dict:
    """Facets and total of a text search from two grouped queries over the matches."""
    stmts = text_count_statements(params)
    groups = db.session.execute(stmts["groups"]).all()
    # Each group is checked once against the filters (a few thousand groups at 100k orgs).
    checked = [(g, _failing(g, params)) for g in groups]
    facets: dict = {}
    for name in ("kind", "province", "verified"):
        c = Counter()
        for g, fails in checked:
            value = getattr(g, name)
            if value is not None and _keeps(fails, name):
                c[_value(value)] += g.n
        facets[name] = _ordered(c)
    facets["trl"] = _trl_from_ranges(
        (g.trl_min, g.trl_max, g.n) for g, fails in checked if _keeps(fails, "trl")
    )
    scoped = [g for g, fails in checked if _keeps(fails, "scope")]
    facets["scope"] = {
        "region": sum(g.n for g in scoped if g.regional),
        "all": sum(g.n for g in scoped),
    }
    total = sum(g.n for g, fails in checked if not fails)
    if not with_areas:
        return {"facets": facets, "total": total}
    area_rows = db.session.execute(stmts["areas"]).all()
    facets["area"] = _ordered(Counter({a: n for a, n in area_rows}))
    return {"facets": facets, "total": total}


def text_page_statement(params: dict, page: int, per_page: int):
    """One page of the organisations matching the text, ordered in the database: the ids are
    ranked, filtered and cut over the facet index, then only the page's rows are read."""
    sub = search.ranked("org", params["q"])
    org = aliased(Organisation, name="o_index")
    sort = params.get("sort") or "relevance"
    order = {
        "relevance": (sub.c.rank.asc(), org.name.asc(), org.id.asc()),
        "name": (org.name.asc(), org.id.asc()),
        "-name": (org.name.desc(), org.id.desc()),
        "activity": (org.project_count.desc(), org.name.asc(), org.id.asc()),
        "newest": (org.created_at.desc(), org.id.desc()),
        "updated": (org.updated_at.desc(), org.id.desc()),
    }[sort]
    ids = (
        select(org.id.label("id"), func.row_number().over(order_by=order).label("pos"))
        .select_from(sub)
        .join(org, org.id == sub.c.ref_id)
        .where(*_conditions(params, target=org))
        .order_by(*order)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    if sort not in ("newest", "updated"):  # created_at / updated_at are not in the index
        ids = _indexed(ids, org)
    cut = ids.subquery("page_ids")
    return select(Organisation).join(cut, cut.c.id == Organisation.id).order_by(cut.c.pos)


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
        # Counting the matches is linear in their number (8,208 for "imaging" at 100k
        # organisations): kept like the plain counts, so a burst of the same search counts once.
        counts = _cached(key + ("text", facets), lambda: _text_counts(params, with_areas=facets))
        items = list(
            db.session.execute(text_page_statement({**params, "sort": sort}, page, per_page))
            .scalars()
            .unique()
        )
        result = BoundedPage(items=items, page=page, per_page=per_page, total=counts["total"])
        if facets:
            result.facets = counts["facets"]
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
    regional = (func.coalesce(table.c.region, "") == REGION) | table.c.source.in_(REGIONAL_SOURCES)
    # Only the rows that change, with updated_at kept: a derived column is not an edit.
    db.session.connection().execute(
        table.update()
        .values(regional=regional, updated_at=table.c.updated_at)
        .where(table.c.regional.is_distinct_from(regional))
    )
