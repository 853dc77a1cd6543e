"""The collaboration network of funded projects: graph, centrality, communities, SME share.

Nodes are organisations, edges join two organisations that share at least one funded project
(weight = number of shared projects). Computations use networkx; betweenness is estimated on a
sample of pivots when the graph is large, and results are cached until the data changes.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from itertools import combinations

import networkx as nx
from flask_babel import gettext as _
from sqlalchemy import func, select

from app.core import caches, search, validate
from app.core.errors import PermissionDenied, ValidationError
from app.extensions import db
from app.orgs.models import AREAS, Organisation
from app.orgs.services import in_region
from app.projects.models import FundedProject, FundingCall, ProjectPartner
from app.projects.permissions import can_monitor

SME_BANDS = ("micro", "small", "medium")
SCOPES = ("region", "all")
# 150 nodes were an unreadable tangle; 60 best-connected ones are legible.
DEFAULT_LIMIT = 60
EXACT_BETWEENNESS_UP_TO = 400
_cache: dict = {}
caches.register(_cache.clear)


def parse_filters(args) -> dict:
    """Validate the filters: call, area, period (start year from / to), limit of nodes drawn."""
    data = dict(args)
    out = {
        "call": validate.integer(data, "call", lo=1),
        "area": validate.choice(data, "area", AREAS),
        "year_from": validate.integer(data, "year_from", lo=1990, hi=2100),
        "year_to": validate.integer(data, "year_to", lo=1990, hi=2100),
        "limit": validate.integer(data, "limit", lo=10, hi=1000) or DEFAULT_LIMIT,
        # The regional network by default: all CORDIS partners make a 13,000-node graph.
        "scope": validate.choice(data, "scope", SCOPES, default="region"),
        # Focus on one organisation: the drawing shows it with its partners.
        "focus": validate.text(data, "focus", max_len=200) or None,
    }
    if out["year_from"] and out["year_to"] and out["year_to"] < out["year_from"]:
        raise ValidationError(_("year_to: must not be before year_from."), "year_to")
    return out


def _stamp() -> tuple:
    """Changes whenever projects or partners change: the cache key's data part."""
    return (
        db.session.execute(
            select(func.count(ProjectPartner.id), func.max(ProjectPartner.id))
        ).one(),
        db.session.execute(
            select(func.count(FundedProject.id), func.max(FundedProject.updated_at))
        ).one(),
    )


def _rows(filters: dict) -> list:
    q = (
        select(
            FundedProject.id,
            FundedProject.areas,
            ProjectPartner.org_id,
            ProjectPartner.grant_amount,
        )
        .join(ProjectPartner, ProjectPartner.project_id == FundedProject.id)
        .join(FundingCall, FundingCall.id == FundedProject.call_id)
    )
    if filters.get("scope", "region") == "region":
        q = q.join(Organisation, Organisation.id == ProjectPartner.org_id).where(in_region())
    if filters.get("call"):
        q = q.where(FundedProject.call_id == filters["call"])
    if filters.get("year_from"):
        q = q.where(func.extract("year", FundedProject.start_date) >= filters["year_from"])
    if filters.get("year_to"):
        q = q.where(func.extract("year", FundedProject.start_date) <= filters["year_to"])
    rows = db.session.execute(q).all()
    if filters.get("area"):
        rows = [r for r in rows if filters["area"] in (r.areas or [])]
    return rows


def build_graph(filters: dict) -> tuple[nx.Graph, dict]:
    """The weighted co-participation graph and, per org, its funding received."""
    members: dict[int, set[int]] = defaultdict(set)
    funding: dict[int, Decimal] = defaultdict(Decimal)
    for r in _rows(filters):
        members[r.id].add(r.org_id)
        funding[r.org_id] += r.grant_amount or Decimal(0)
    g = nx.Graph()
    for orgs in members.values():
        g.add_nodes_from(orgs)
        for a, b in combinations(sorted(orgs), 2):
            w = g.get_edge_data(a, b, {}).get("weight", 0)
            g.add_edge(a, b, weight=w + 1)
    for n in g.nodes:
        g.nodes[n]["projects"] = sum(1 for orgs in members.values() if n in orgs)
    return g, funding


def analyse(actor, filters: dict) -> dict:
    """Centrality, communities, isolated organisations, SME share and the drawable subgraph."""
    if not can_monitor(actor):
        raise PermissionDenied(_("The ecosystem analytics are for region staff."))
    return compute(filters)


def warm() -> None:
    """Compute the default page once (called by the start-up warm-up, not by a request)."""
    compute(parse_filters({}))


def compute(filters: dict) -> dict:
    """The analysis itself, cached until projects or partners change."""
    key = (tuple(sorted(filters.items())), _stamp())
    if key in _cache:
        return _cache[key]
    g, funding = build_graph(filters)
    n = g.number_of_nodes()
    degree = dict(g.degree())
    if n > EXACT_BETWEENNESS_UP_TO:
        betweenness = nx.betweenness_centrality(g, k=min(n, 200), seed=42)
    else:
        betweenness = nx.betweenness_centrality(g) if n else {}
    communities = (
        list(nx.community.louvain_communities(g, weight="weight", seed=42))
        if g.number_of_edges()
        else [{x} for x in g.nodes]
    )
    community_of = {
        node: i for i, c in enumerate(sorted(communities, key=len, reverse=True)) for node in c
    }
    orgs = (
        {
            o.id: o
            for o in db.session.execute(
                select(Organisation).where(Organisation.id.in_(list(g.nodes)))
            ).scalars()
        }
        if n
        else {}
    )
    top = sorted(g.nodes, key=lambda x: (-degree[x], -betweenness.get(x, 0), x))[: filters["limit"]]
    focus = _focus(g, filters, degree)
    if focus is not None:
        # The organisation and its partners, the strongest links first.
        partners = sorted(g[focus], key=lambda x: (-g[focus][x]["weight"], -degree[x], x))
        top = [focus, *partners[: filters["limit"] - 1]]
    drawn = set(top)
    result = {
        "nodes": n,
        "edges": g.number_of_edges(),
        "limit": filters["limit"],
        "focus": (
            None
            if not filters.get("focus")
            else {"found": focus is not None, "name": orgs[focus].name if focus else None}
        ),
        "central": [
            _org_row(
                orgs[x],
                degree[x],
                betweenness.get(x, 0.0),
                community_of[x],
                g.nodes[x]["projects"],
                funding[x],
            )
            for x in sorted(g.nodes, key=lambda x: (-betweenness.get(x, 0), -degree[x], x))[:25]
        ],
        "communities": _community_rows(communities, orgs, degree),
        "sme": sme_share(orgs, funding),
        "graph": {
            "nodes": [
                {
                    "data": {
                        "id": str(x),
                        "label": orgs[x].name[:40],
                        "kind": orgs[x].kind,
                        "degree": degree[x],
                        "community": community_of[x],
                        "slug": orgs[x].slug,
                    }
                }
                for x in top
            ],
            "edges": [
                {
                    "data": {
                        "id": f"{a}-{b}",
                        "source": str(a),
                        "target": str(b),
                        "weight": d["weight"],
                    }
                }
                for a, b, d in g.edges(data=True)
                if a in drawn and b in drawn
            ],
        },
    }
    result["drawn_edges"] = len(result["graph"]["edges"])
    _cache[key] = result
    return result


def _focus(g: nx.Graph, filters: dict, degree: dict) -> int | None:
    """The best-connected organisation of the graph matching the focus text, if any."""
    if not filters.get("focus") or not g.number_of_nodes():
        return None
    ids = search.matching("org", filters["focus"])
    found = [i for i in db.session.execute(ids).scalars() if i in g]
    return max(found, key=lambda x: (degree[x], -x)) if found else None


def _org_row(org, degree, betweenness, community, projects, funding) -> dict:
    return {
        "id": org.id,
        "slug": org.slug,
        "name": org.name,
        "kind": org.kind,
        "degree": degree,
        "betweenness": round(betweenness, 4),
        "community": community,
        "projects": projects,
        "funding": float(funding),
    }


def _community_rows(communities, orgs, degree) -> list[dict]:
    rows = []
    for i, c in enumerate(sorted(communities, key=len, reverse=True)[:20]):
        hubs = sorted(c, key=lambda x: -degree[x])[:5]
        rows.append({"id": i, "size": len(c), "hubs": [orgs[x].name for x in hubs]})
    return rows


def is_sme(org) -> bool:
    """A start-up, or an organisation of micro, small or medium size."""
    return org.kind == "startup" or org.size_band in SME_BANDS


def size_known(org) -> bool:
    """Is the organisation's size known (a start-up, or a size band given)."""
    return org.kind == "startup" or org.size_band is not None


def sme_share(orgs: dict, funding: dict) -> dict:
    """Funding received by start-ups and SMEs, as a share of the funding received by partners
    whose size is known (imported CORDIS partners carry no size: counting them as large made
    the headline say "0.0%")."""
    total = sum(funding.values(), Decimal(0))
    known = sum((funding[i] for i, o in orgs.items() if size_known(o)), Decimal(0))
    sme = sum((funding[i] for i, o in orgs.items() if is_sme(o)), Decimal(0))
    return {
        "total": float(total),
        "known": float(known),
        "unknown": float(total - known),
        "sme": float(sme),
        "pct": round(float(sme) * 100 / float(known), 1) if known else None,
        "orgs": sum(1 for o in orgs.values() if is_sme(o)),
        "orgs_known": sum(1 for o in orgs.values() if size_known(o)),
        "orgs_all": len(orgs),
    }


def orgs_without_projects(actor, limit: int = 50) -> tuple[int, list[Organisation]]:
    """Organisations that take part in no funded project (count, first `limit` by name)."""
    if not can_monitor(actor):
        raise PermissionDenied(_("The ecosystem analytics are for region staff."))
    # The maintained activity count (indexed) instead of an anti-join over every participation.
    cond = Organisation.project_count == 0
    count = db.session.execute(select(func.count(Organisation.id)).where(cond)).scalar_one()
    items = list(
        db.session.execute(
            select(Organisation).where(cond).order_by(Organisation.name).limit(limit)
        ).scalars()
    )
    return count, items


def overview(actor, filters: dict) -> dict:
    """Everything the ecosystem page shows: analysis plus the organisations in no project."""
    data = dict(analyse(actor, filters))
    data["isolated_count"], data["isolated"] = orgs_without_projects(actor)
    return data
