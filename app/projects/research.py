"""Research profile of an organisation, derived only from its CORDIS projects: key topics
weighted by recency, projects newest first (paginated), frequent partners, activity per year.
Shown on the organisation page as "from N projects in CORDIS"; nothing in it is written by hand.
"""

from __future__ import annotations

import re
from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from app.core.pagination import Page
from app.extensions import db
from app.orgs import sections
from app.orgs.models import Organisation
from app.projects.models import FundedProject, ProjectPartner

SOURCE = "cordis"
# Same half-life as the matcher's organisation vectors (app/partners/documents.py).
HALF_LIFE_YEARS = 4.0
MAX_TOPICS = 15
MAX_PARTNERS = 10
PER_PAGE = 15
SCHEME_TOPIC = re.compile(
    r"\b(MSCA|ERC|European Research Council|Fellowships?|Doctoral Networks?|Staff Exchanges?"
    r"|COFUND|Proof of Concept|(Starting|Consolidator|Advanced|Synergy) Grants?|Widening"
    r"|Twinning|ERA Chairs?|Teaming|Pathfinder|Accelerator|SME instrument|Fast Track)\b",
    re.IGNORECASE,
)
PROGRAMME_NAMES = {"H2020": "Horizon 2020", "HORIZON": "Horizon Europe"}


def recency_weight(year: int | None, ref_year: int) -> float:
    """Weight of a project that started in ``year`` (undated projects weigh as 10 years old)."""
    age = max(0, ref_year - year) if year else 10
    return float(0.5 ** (age / HALF_LIFE_YEARS))


def _cordis_projects(org_id: int):
    return (
        select(FundedProject, ProjectPartner.role)
        .join(ProjectPartner, ProjectPartner.project_id == FundedProject.id)
        .where(ProjectPartner.org_id == org_id, FundedProject.source == SOURCE)
    )


def key_topics(rows: list[tuple], ref_year: int, limit: int = MAX_TOPICS) -> list[dict]:
    """Topics of the projects, each weighted by the recency of the project that carries it.

    ``rows`` are (year, euroscivoc fields, topic title, keywords). A term counts once per
    project; equal terms in different case are one topic (shown as first seen). A call topic
    title weighs half (it describes the call, not the project), and the titles of funding
    schemes ("MSCA Postdoctoral Fellowships", "ERC Starting Grant") are not topics at all.
    """
    weight: dict[str, float] = defaultdict(float)
    count: dict[str, int] = defaultdict(int)
    label: dict[str, str] = {}
    for year, fields, topic, keywords in rows:
        w = recency_weight(year, ref_year)
        topic = topic if topic and not SCHEME_TOPIC.search(topic) else None
        terms = [(t, 1.0) for t in (fields or [])] + [(t, 1.0) for t in (keywords or [])]
        if topic:
            terms.append((topic, 0.5))
        seen = set()
        for term, share in terms:
            term = " ".join(term.split())
            key = term.lower()
            if not key or key in seen:
                continue
            seen.add(key)
            label.setdefault(key, term)
            weight[key] += w * share
            count[key] += 1
    ranked = sorted(weight, key=lambda k: (-weight[k], k))[:limit]
    top = weight[ranked[0]] if ranked else 1.0
    return [
        {
            "term": label[k],
            "weight": round(weight[k], 4),
            "projects": count[k],
            "share": weight[k] / top,
        }
        for k in ranked
    ]


def frequent_partners(org_id: int, limit: int = MAX_PARTNERS) -> list[tuple[Organisation, int]]:
    """Organisations that share the most CORDIS projects with this one: (org, shared)."""
    mine = aliased(ProjectPartner)
    other = aliased(ProjectPartner)
    shared = func.count(other.project_id)
    rows = db.session.execute(
        select(other.org_id, shared)
        .select_from(mine)
        .join(other, other.project_id == mine.project_id)
        .join(FundedProject, FundedProject.id == mine.project_id)
        .where(mine.org_id == org_id, other.org_id != org_id, FundedProject.source == SOURCE)
        .group_by(other.org_id)
        .order_by(shared.desc(), other.org_id)
        .limit(limit)
    ).all()
    orgs = {
        o.id: o
        for o in db.session.execute(
            select(Organisation).where(Organisation.id.in_([r[0] for r in rows]))
        ).scalars()
    }
    return [(orgs[oid], n) for oid, n in rows if oid in orgs]


def activity_per_year(rows: list[tuple]) -> list[dict]:
    """Projects started per year and programme: [{"year", "H2020", "HORIZON", "total"}]."""
    per: dict[int, dict] = {}
    for year, programme in rows:
        if year is None:
            continue
        entry = per.setdefault(year, {"year": year, "H2020": 0, "HORIZON": 0, "total": 0})
        entry[programme if programme in ("H2020", "HORIZON") else "H2020"] += 1
        entry["total"] += 1
    return [per[y] for y in sorted(per)]


def _year(d) -> int | None:
    return d.year if d else None


def research_profile(org: Organisation, page: int = 1, per_page: int = PER_PAGE) -> dict | None:
    """Everything the research-profile section shows, or None without CORDIS projects."""
    facts = db.session.execute(
        select(
            FundedProject.start_date,
            FundedProject.programme,
            FundedProject.euroscivoc,
            FundedProject.topic_title,
            FundedProject.keywords,
        )
        .join(ProjectPartner, ProjectPartner.project_id == FundedProject.id)
        .where(ProjectPartner.org_id == org.id, FundedProject.source == SOURCE)
    ).all()
    if not facts:
        return None
    latest = db.session.execute(
        select(func.max(FundedProject.start_date)).where(FundedProject.source == SOURCE)
    ).scalar_one()
    ref_year = latest.year if latest else 2026
    total = len(facts)
    per_page = max(1, min(per_page, 50))
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    rows = db.session.execute(
        _cordis_projects(org.id)
        .order_by(FundedProject.start_date.desc().nulls_last(), FundedProject.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    years = [_year(f.start_date) for f in facts if f.start_date]
    return {
        "n_projects": total,
        "programmes": sorted({PROGRAMME_NAMES.get(f.programme, "") for f in facts} - {""}),
        "first_year": min(years) if years else None,
        "last_year": max(years) if years else None,
        "topics": key_topics(
            [(_year(f.start_date), f.euroscivoc, f.topic_title, f.keywords) for f in facts],
            ref_year,
        ),
        "ref_year": ref_year,
        "projects": Page(items=rows, page=page, per_page=per_page, total=total),
        "partners": frequent_partners(org.id),
        "per_year": activity_per_year([(_year(f.start_date), f.programme) for f in facts]),
    }


def _section(org: Organisation, args) -> dict | None:
    """The organisation page's research-profile section (registered with app.orgs.sections)."""
    try:
        page = int(args.get("projects_page", 1))
    except (TypeError, ValueError):
        page = 1
    return research_profile(org, page=page)


sections.register("research", _section)
