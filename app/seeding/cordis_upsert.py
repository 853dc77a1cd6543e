"""Upserts for the CORDIS import: write a field only when it differs, so that a second run
reports zero created / updated. Flushes in batches; the caller commits once."""

from __future__ import annotations

from sqlalchemy import select
from tqdm import tqdm

from app.core.text import slugify
from app.extensions import db
from app.orgs.models import Organisation
from app.projects.models import FundedProject, ProjectPartner

SOURCE = "cordis"
BATCH = 1000


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


def _count(stats: dict, key: str) -> None:
    stats[key] = stats.get(key, 0) + 1


def upsert_orgs(values_by_pic: dict[str, dict], progress: bool, stats: dict) -> dict[str, int]:
    """Create or update one organisation per PIC; returns {PIC: organisation id}."""
    stats.setdefault("orgs_created", 0)
    stats.setdefault("orgs_updated", 0)
    existing = {
        o.external_id: o
        for o in db.session.execute(
            select(Organisation).where(Organisation.source == SOURCE)
        ).scalars()
    }
    slugs = set(db.session.execute(select(Organisation.slug)).scalars())
    pending = 0
    for pic, values in _bar(values_by_pic.items(), progress, "CORDIS organisations"):
        org = existing.get(pic)
        if org is None:
            base = slugify(values["name"])[:110] or f"pic-{pic}"
            slug, n = base, 2
            while slug in slugs:
                slug, n = f"{base}-{n}", n + 1
            slugs.add(slug)
            org = Organisation(
                slug=slug,
                source=SOURCE,
                external_id=pic,
                is_demo=False,
                description="",
                competences=[],
                offers="",
                seeks="",
                **values,
            )
            db.session.add(org)
            existing[pic] = org
            _count(stats, "orgs_created")
            pending += 1
        elif _sync(org, values):
            _count(stats, "orgs_updated")
        if pending >= BATCH:
            db.session.flush()
            pending = 0
    db.session.flush()
    return {pic: existing[pic].id for pic in values_by_pic}


def upsert_projects(
    values_by_rcn: dict[str, dict], progress: bool, stats: dict, desc: str
) -> dict[str, int]:
    """Create or update one project per RCN; returns {RCN: project id}."""
    stats.setdefault("projects_created", 0)
    stats.setdefault("projects_updated", 0)
    existing = {
        p.external_id: p
        for p in db.session.execute(
            select(FundedProject).where(FundedProject.source == SOURCE)
        ).scalars()
    }
    pending = 0
    for rcn, values in _bar(values_by_rcn.items(), progress, desc):
        project = existing.get(rcn)
        if project is None:
            project = FundedProject(
                source=SOURCE, external_id=rcn, is_demo=False, areas=[], **values
            )
            db.session.add(project)
            existing[rcn] = project
            _count(stats, "projects_created")
            pending += 1
        elif _sync(project, values):
            _count(stats, "projects_updated")
        if pending >= BATCH:
            db.session.flush()
            pending = 0
    db.session.flush()
    return {rcn: existing[rcn].id for rcn in values_by_rcn}


def upsert_partners(values_by_key: dict[tuple[int, int], dict], progress: bool, stats: dict):
    """Create or update one partner row per (project id, organisation id)."""
    stats.setdefault("partners_created", 0)
    stats.setdefault("partners_updated", 0)
    existing = {
        (pp.project_id, pp.org_id): pp
        for pp in db.session.execute(
            select(ProjectPartner)
            .join(FundedProject, FundedProject.id == ProjectPartner.project_id)
            .where(FundedProject.source == SOURCE)
        ).scalars()
    }
    new = []
    for key, values in _bar(values_by_key.items(), progress, "CORDIS participations"):
        partner = existing.get(key)
        if partner is None:
            new.append({"project_id": key[0], "org_id": key[1], **values})
        elif _sync(partner, values):
            _count(stats, "partners_updated")
    db.session.flush()
    # New rows go in as one multi-row INSERT per batch: tens of thousands of ORM objects
    # would cost most of the import's time.
    for start in range(0, len(new), BATCH * 5):
        db.session.execute(ProjectPartner.__table__.insert(), new[start : start + BATCH * 5])
    stats["partners_created"] += len(new)
