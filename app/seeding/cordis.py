"""Import the real Horizon 2020 (CORDIS) participations of Lombardy organisations.

What is imported (see seed_data/README.md):

* organisations: every Lombardy organisation (``is_lombardy=1``) and every organisation that
  took part, with a Lombardy one, in a health (SC1) project. PICs without a name in the 2017
  snapshot are skipped (and their participations with them): a directory of "PIC 999..." rows
  helps nobody. They are counted in ``orgs_skipped_unnamed`` / ``partners_skipped_unnamed``.
* projects: every project with a Lombardy participant, plus every health (SC1) project of a
  selected organisation. Only the selected organisations appear as partners.
* upsert by (source="cordis", external_id=PIC / RCN): a second run changes nothing.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from sqlalchemy import select
from tqdm import tqdm

from app.core.text import slugify
from app.extensions import db
from app.orgs.models import Organisation
from app.projects.models import FundedProject, FundingCall, ProjectPartner
from app.seeding.names import org_kind, province_code, tidy_name, tidy_place

SOURCE = "cordis"
CALL_CODE = "H2020"
ATTRIBUTION = "Source: CORDIS, © European Union, CC BY 4.0."
# CORDIS uses UK and EL; the portal stores ISO 3166 codes.
COUNTRY_FIX = {"UK": "GB", "EL": "GR"}
BATCH = 500


def _read(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def read_cordis(data_dir) -> tuple[dict, dict, list]:
    """Read the three CSV files: organisations by PIC, projects by RCN, participations."""
    base = Path(data_dir)
    orgs = {r["pic"]: r for r in _read(base / "h2020_organisations.csv")}
    projects = {r["rcn"]: r for r in _read(base / "h2020_projects.csv")}
    parts = _read(base / "h2020_participations.csv")
    return orgs, projects, parts


def select_cordis(orgs: dict, projects: dict, parts: list) -> dict:
    """Decide which organisations, projects and participations are imported."""
    by_project = defaultdict(list)
    for p in parts:
        by_project[p["rcn"]].append(p)
    lombardy = {pic for pic, r in orgs.items() if r.get("is_lombardy") == "1"}
    lombardy_projects = {p["rcn"] for p in parts if p["pic"] in lombardy}

    def health(rcn: str) -> bool:
        return projects.get(rcn, {}).get("is_health") == "1"

    wanted = set(lombardy)
    for rcn in lombardy_projects:
        if health(rcn):
            wanted.update(p["pic"] for p in by_project[rcn])
    named = {pic for pic in wanted if (orgs.get(pic) or {}).get("name", "").strip()}
    rcns = set(lombardy_projects)
    rcns.update(p["rcn"] for p in parts if p["pic"] in named and health(p["rcn"]))
    rcns &= set(projects)
    links = [p for rcn in rcns for p in by_project[rcn] if p["pic"] in wanted]
    kept = [p for p in links if p["pic"] in named]
    return {
        "pics": named,
        "rcns": rcns,
        "links": kept,
        "orgs_skipped_unnamed": len(wanted - named),
        "partners_skipped_unnamed": len(links) - len(kept),
    }


def _money(value: str) -> Decimal | None:
    try:
        return Decimal(value).quantize(Decimal("0.01")) if value not in (None, "") else None
    except InvalidOperation:
        return None


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def org_values(row: dict) -> dict:
    """Portal fields of a CORDIS organisation row (data facts only, never a description)."""
    name = tidy_name(row["name"])[:255]
    italian = bool(row.get("it_regione"))
    country = COUNTRY_FIX.get(row.get("country") or "", row.get("country") or "")[:2]
    return {
        "name": name,
        "kind": org_kind(row.get("activity_type", ""), row["name"]),
        "country": country,
        "city": (row.get("it_comune") if italian else tidy_place(row.get("city", ""))) or None,
        "province": province_code(row.get("it_provincia", "")) if italian else None,
        "region": row.get("it_regione") or None,
        "register_data": {
            "pic": row["pic"],
            "cordis_name": row["name"],
            "short_name": row.get("short_name") or None,
            "activity_type": row.get("activity_type") or None,
            "n_h2020_projects": int(row.get("n_h2020_projects") or 0),
            "n_health_projects": int(row.get("n_health_projects") or 0),
            "attribution": ATTRIBUTION,
        },
    }


def project_values(row: dict, today: date) -> dict:
    """Portal fields of a CORDIS project row (there is no title or abstract in the data)."""
    start, end = _day(row.get("start_date")), _day(row.get("end_date"))
    if end and end < today:
        status = "completed"
    elif start and start > today:
        status = "planned"
    else:
        status = "active"
    parts = (row.get("programme_parts") or "").replace(";", ", ")
    title = f"Horizon 2020 project {row['rcn']}" + (f" ({parts})" if parts else "")
    return {
        "acronym": f"H2020-{row['rcn']}",
        "title": title[:255],
        "start_date": start,
        "end_date": end,
        "total_cost": _money(row.get("total_cost")),
        "grant_amount": _money(row.get("ec_max_contribution")),
        "is_health": row.get("is_health") == "1",
        "status": status,
        "external_url": row.get("cordis_url") or None,
    }


def _sync(obj, values: dict) -> bool:
    """Set the attributes that differ; True when something changed."""
    changed = False
    for key, value in values.items():
        if getattr(obj, key) != value:
            setattr(obj, key, value)
            changed = True
    return changed


def _bar(items, progress: bool, desc: str):
    return tqdm(items, desc=desc, unit="row", disable=not progress, leave=False)


def h2020_call() -> tuple[FundingCall, bool]:
    """The single FundingCall that holds the imported projects (created once)."""
    call = db.session.execute(
        select(FundingCall).where(FundingCall.code == CALL_CODE)
    ).scalar_one_or_none()
    if call is not None:
        return call, False
    call = FundingCall(
        programme="Horizon 2020",
        code=CALL_CODE,
        source=SOURCE,
        is_demo=False,
        title="Horizon 2020 - EU Framework Programme for Research and Innovation",
        description="Participations imported from the CORDIS open data. " + ATTRIBUTION,
        opens_on=date(2014, 1, 1),
        closes_on=date(2020, 12, 31),
        eligible_kinds=[],
        areas=[],
    )
    db.session.add(call)
    db.session.flush()
    return call, True


def _upsert_orgs(rows: list[dict], progress: bool, stats: dict) -> dict[str, int]:
    existing = {
        o.external_id: o
        for o in db.session.execute(
            select(Organisation).where(Organisation.source == SOURCE)
        ).scalars()
    }
    slugs = set(db.session.execute(select(Organisation.slug)).scalars())
    pending = 0
    for row in _bar(rows, progress, "CORDIS organisations"):
        values = org_values(row)
        org = existing.get(row["pic"])
        if org is None:
            slug, base, n = slugify(values["name"]), slugify(values["name"]), 2
            while slug in slugs:
                slug, n = f"{base}-{n}", n + 1
            slugs.add(slug)
            org = Organisation(
                slug=slug,
                source=SOURCE,
                external_id=row["pic"],
                is_demo=False,
                description="",
                competences=[],
                offers="",
                seeks="",
                **values,
            )
            db.session.add(org)
            existing[row["pic"]] = org
            stats["orgs_created"] += 1
            pending += 1
        elif _sync(org, values):
            stats["orgs_updated"] += 1
        if pending >= BATCH:
            db.session.flush()
            pending = 0
    db.session.flush()
    return {pic: o.id for pic, o in existing.items()}


def _upsert_projects(rows, call, org_ids, progress, stats) -> dict[str, int]:
    existing = {
        p.external_id: p
        for p in db.session.execute(
            select(FundedProject).where(FundedProject.source == SOURCE)
        ).scalars()
    }
    today, pending = date.today(), 0
    for row in _bar(rows, progress, "CORDIS projects"):
        values = project_values(row, today)
        values["lead_org_id"] = org_ids.get(row.get("coordinator_pic"))
        values["call_id"] = call.id
        project = existing.get(row["rcn"])
        if project is None:
            project = FundedProject(
                source=SOURCE,
                external_id=row["rcn"],
                is_demo=False,
                abstract="",
                areas=[],
                **values,
            )
            db.session.add(project)
            existing[row["rcn"]] = project
            stats["projects_created"] += 1
            pending += 1
        elif _sync(project, values):
            stats["projects_updated"] += 1
        if pending >= BATCH:
            db.session.flush()
            pending = 0
    db.session.flush()
    return {rcn: p.id for rcn, p in existing.items()}


def _upsert_partners(links, project_ids, org_ids, progress, stats) -> None:
    existing = {
        (pp.project_id, pp.org_id): pp
        for pp in db.session.execute(
            select(ProjectPartner)
            .join(FundedProject, FundedProject.id == ProjectPartner.project_id)
            .where(FundedProject.source == SOURCE)
        ).scalars()
    }
    pending = 0
    for link in _bar(links, progress, "CORDIS participations"):
        key = (project_ids[link["rcn"]], org_ids[link["pic"]])
        values = {
            "role": link.get("role") or "participant",
            "grant_amount": _money(link.get("ec_contribution")),
        }
        partner = existing.get(key)
        if partner is None:
            partner = ProjectPartner(project_id=key[0], org_id=key[1], **values)
            db.session.add(partner)
            existing[key] = partner
            stats["partners_created"] += 1
            pending += 1
        elif _sync(partner, values):
            stats["partners_updated"] += 1
        if pending >= BATCH * 4:
            db.session.flush()
            pending = 0
    db.session.flush()


def import_cordis(data_dir, progress: bool = False) -> dict:
    """Upsert the selected CORDIS organisations, projects and participations; return counts."""
    orgs, projects, parts = read_cordis(data_dir)
    chosen = select_cordis(orgs, projects, parts)
    stats = {
        k: 0
        for k in (
            "orgs_created",
            "orgs_updated",
            "projects_created",
            "projects_updated",
            "partners_created",
            "partners_updated",
        )
    }
    call, created = h2020_call()
    stats["calls_created"] = int(created)
    org_ids = _upsert_orgs([orgs[p] for p in sorted(chosen["pics"], key=int)], progress, stats)
    project_rows = [projects[r] for r in sorted(chosen["rcns"], key=int)]
    project_ids = _upsert_projects(project_rows, call, org_ids, progress, stats)
    _upsert_partners(chosen["links"], project_ids, org_ids, progress, stats)
    stats.update(
        orgs_selected=len(chosen["pics"]),
        projects_selected=len(chosen["rcns"]),
        partners_selected=len(chosen["links"]),
        orgs_skipped_unnamed=chosen["orgs_skipped_unnamed"],
        partners_skipped_unnamed=chosen["partners_skipped_unnamed"],
    )
    return stats
