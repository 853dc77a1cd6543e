"""Import a sample of real Lombardy innovative start-ups from the Registro Imprese extract.

The register has no description, VAT number or fiscal code: a start-up carries only its name,
place, ATECO code, dates and the register's own flags (kept in ``register_data``). Its
``external_id`` is a stable hash of legal name + comune + registration date.

Sample (deterministic): every active start-up with a health ATECO code (``health_related_ateco``),
then active R&D (ATECO 72.x) and software (62.x) start-ups whose *name* contains a health /
life-science word (in a stable hash order, not alphabetical), up to ``LIMIT`` rows in all.
"""

from __future__ import annotations

import csv
import hashlib
import re
from datetime import date
from pathlib import Path

from sqlalchemy import select
from tqdm import tqdm

from app.core.text import slugify
from app.extensions import db
from app.orgs.models import Organisation
from app.seeding.names import tidy_place

SOURCE = "startup_register"
FILE = "it_innovative_startups_lombardy.csv"
LIMIT = 90
QUOTAS = {"72": 32, "62": 20}
HEALTH_WORDS = re.compile(
    r"\bmed(?!ia)|medic|health|salut|\bcare\b|\bcura|pharma|farma|\bbio|genom|genetic|cell\b|clinic"
    r"|diagn|therap|terap|cardio|neuro|onco|dental|derm|senior|rehab|riabil|sanit",
    re.IGNORECASE,
)
FLAGS = (
    "macro_sector",
    "high_tech_value",
    "rnd_spending_req",
    "qualified_workforce_req",
    "patents_req",
    "female_prevalence",
    "youth_prevalence",
    "foreign_prevalence",
    "status",
    "company_type",
    "production_value_band",
    "employees_band",
    "share_capital_band",
)
SIZE_BY_EMPLOYEES = {
    "0-4": "micro",
    "5-9": "micro",
    "10-19": "small",
    "20-49": "small",
    "50-249": "medium",
}


def read_startups(data_dir) -> list[dict]:
    """Rows of the Lombardy start-up register extract."""
    with (Path(data_dir) / FILE).open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def startup_key(row: dict) -> str:
    """Stable external id (the extract has no fiscal code)."""
    raw = "|".join(
        (
            row["legal_name"].strip().lower(),
            row["comune"].strip().lower(),
            row["startup_registration_date"].strip(),
        )
    )
    return "sr-" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:20]


def choose_startups(rows: list[dict], limit: int = LIMIT) -> list[dict]:
    """Deterministic sample: health ATECO first, then health-named R&D and software ones."""
    active = [r for r in rows if r.get("status") == "attiva" and r.get("name", "").strip()]
    chosen = [r for r in active if r.get("health_related_ateco") == "1"]
    for prefix, quota in QUOTAS.items():
        pool = [
            r
            for r in active
            if r.get("ateco_code", "").startswith(prefix)
            and r not in chosen
            and HEALTH_WORDS.search(r["name"])
        ]
        pool.sort(key=startup_key)  # a stable shuffle, not alphabetical
        chosen.extend(pool[:quota])
    return chosen[:limit]


def _iso(value: str) -> str | None:
    try:
        d, m, y = value.strip().split("/")
        return date(int(y), int(m), int(d)).isoformat()
    except (ValueError, AttributeError):
        return None


def startup_values(row: dict) -> dict:
    """Portal fields of a register row (data facts only)."""
    register = {k: (row.get(k) or None) for k in FLAGS}
    register.update(
        legal_name=row.get("legal_name") or None,
        health_related_ateco=row.get("health_related_ateco") == "1",
        startup_registration_date=_iso(row.get("startup_registration_date", "")),
        activity_start_date=_iso(row.get("activity_start_date", "")),
        registration_year=int(row["year"]) if row.get("year", "").isdigit() else None,
        source="Registro Imprese - startup innovative (InfoCamere / MIMIT)",
    )
    start = register["activity_start_date"] or register["startup_registration_date"]
    return {
        "name": row["name"].strip()[:255],
        "kind": "startup",
        "country": "IT",
        "region": "Lombardia",
        "province": row.get("provincia") or None,
        "city": tidy_place(row.get("comune", "")) or None,
        "ateco_code": (row.get("ateco_code") or None),
        "founded": int(start[:4]) if start else register["registration_year"],
        "size_band": SIZE_BY_EMPLOYEES.get(row.get("employees_band") or ""),
        "register_data": register,
    }


def import_startups(data_dir, progress: bool = False, limit: int = LIMIT) -> dict:
    """Upsert the sampled start-ups by (source, external_id); return counts."""
    rows = choose_startups(read_startups(data_dir), limit)
    existing = {
        o.external_id: o
        for o in db.session.execute(
            select(Organisation).where(Organisation.source == SOURCE)
        ).scalars()
    }
    slugs = set(db.session.execute(select(Organisation.slug)).scalars())
    stats = {"startups_created": 0, "startups_updated": 0, "startups_selected": len(rows)}
    for row in tqdm(rows, desc="Start-ups", unit="row", disable=not progress, leave=False):
        key, values = startup_key(row), startup_values(row)
        org = existing.get(key)
        if org is None:
            base = slug = slugify(values["name"])
            n = 2
            while slug in slugs:
                slug, n = f"{base}-{n}", n + 1
            slugs.add(slug)
            org = Organisation(
                slug=slug,
                source=SOURCE,
                external_id=key,
                is_demo=False,
                description="",
                competences=[],
                offers="",
                seeks="",
                **values,
            )
            db.session.add(org)
            existing[key] = org
            stats["startups_created"] += 1
            continue
        changed = False
        for field, value in values.items():
            if getattr(org, field) != value:
                setattr(org, field, value)
                changed = True
        stats["startups_updated"] += int(changed)
    db.session.flush()
    return stats
