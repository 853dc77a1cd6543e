"""Fictional demo organisations (seed_data/demo_orgs_*.yaml), created through the org service."""

from __future__ import annotations

from pathlib import Path

import yaml
from sqlalchemy import select
from tqdm import tqdm

from app.auth import services as auth
from app.core.errors import Conflict
from app.core.signals import org_saved
from app.extensions import db
from app.orgs import services as orgs
from app.orgs.models import Organisation
from app.seeding.demo_accounts import DEMO_ACCOUNTS

SOURCE = "demo"
SEED_DIR = Path(__file__).resolve().parents[2] / "seed_data"
FIELDS = (
    "name",
    "kind",
    "description",
    "competences",
    "offers",
    "seeks",
    "areas",
    "trl_min",
    "trl_max",
    "province",
    "city",
    "website",
    "founded",
    "size_band",
)


def _account(role: str):
    for email, account_role, _password, _what in DEMO_ACCOUNTS:
        if account_role == role:
            return auth.get_user_by_email(email)
    return None


def load_demo_orgs(seed_dir: Path = SEED_DIR) -> list[dict]:
    """All demo organisation entries of the YAML files, in file order."""
    entries: list[dict] = []
    for path in sorted(seed_dir.glob("demo_orgs_*.yaml")):
        with path.open(encoding="utf-8") as fh:
            entries.extend(yaml.safe_load(fh) or [])
    return entries


def seed_demo_orgs(progress: bool = False) -> dict:
    """Create the missing demo organisations (idempotent by slug); owners and verification.

    The org_saved signal is muted meanwhile: encoding each profile one by one for the matcher
    costs seconds per organisation, while `flask match rebuild` (run after `flask seed` by
    `make run`) encodes them all in batches.
    """
    with org_saved.muted():
        return _seed_demo_orgs(progress)


def _seed_demo_orgs(progress: bool) -> dict:
    done = set(
        db.session.execute(
            select(Organisation.external_id).where(Organisation.source == SOURCE)
        ).scalars()
    )
    admin, staff = _account("admin"), _account("staff")
    stats = {"demo_orgs_created": 0, "demo_orgs_verified": 0}
    entries = load_demo_orgs()
    for entry in tqdm(entries, desc="Demo organisations", disable=not progress, leave=False):
        if entry["slug"] in done:
            continue
        owner = auth.get_user_by_email(entry["owner"]) if entry.get("owner") else None
        data = {k: entry[k] for k in FIELDS if k in entry}
        data["slug"] = entry["slug"]
        try:
            org = orgs.create_org(owner or admin, data, source=SOURCE, owner=owner is not None)
        except Conflict:
            # A real user took the slug first: let the service derive another one.
            data.pop("slug")
            org = orgs.create_org(owner or admin, data, source=SOURCE, owner=owner is not None)
        org.external_id = entry["slug"]
        org.is_demo = True
        stats["demo_orgs_created"] += 1
        if entry.get("verified") and staff is not None:
            orgs.set_verified(staff, org, True)
            stats["demo_orgs_verified"] += 1
    db.session.flush()
    return stats
