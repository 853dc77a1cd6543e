"""Demo ecosystem loaders: real public data (CORDIS, start-up register) and demo content."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import func, select

from app.challenges.demo import seed_demo as seed_challenges
from app.compliance.demo import seed_demo as seed_compliance
from app.compute.demo import seed_demo as seed_compute
from app.datasets.demo import seed_demo as seed_datasets
from app.extensions import db
from app.orgs.models import Organisation
from app.projects.demo import seed_demo as seed_projects
from app.projects.models import FundedProject, FundingCall
from app.seeding.accounts import seed_accounts
from app.seeding.cordis import import_cordis
from app.seeding.demo_orgs import seed_demo_orgs
from app.seeding.startups import import_startups
from app.training.demo import seed_demo as seed_training

# The real data lives beside the repository (../shared/data) unless PORTAL_DATA_DIR says otherwise.
DEFAULT_DATA_DIR = Path(
    os.environ.get("PORTAL_DATA_DIR")
    or Path(__file__).resolve().parents[2].parent / "shared" / "data"
)
REAL_FILES = (
    "h2020_organisations.csv",
    "h2020_projects.csv",
    "h2020_participations.csv",
    "it_innovative_startups_lombardy.csv",
)


def _cordis_done(base: Path) -> int:
    """Organisations already imported from CORDIS (0 when the import never ran, or ran before
    the project texts and Horizon Europe were imported)."""
    codes = (
        ["H2020", "HORIZON"] if (base / "horizon_europe" / "projects.csv").is_file() else ["H2020"]
    )
    calls = select(func.count()).select_from(FundingCall).where(FundingCall.code.in_(codes))
    if db.session.execute(calls).scalar_one() < len(codes):
        return 0
    texts = select(FundedProject.id).where(
        FundedProject.source == "cordis", FundedProject.programme.is_not(None)
    )
    if db.session.execute(texts.limit(1)).first() is None:
        return 0
    return db.session.execute(
        select(func.count()).select_from(Organisation).where(Organisation.source == "cordis")
    ).scalar_one()


def seed_real_data(data_dir, progress: bool = False) -> dict:
    """CORDIS import (skipped when already done) and the start-up register sample."""
    base = Path(data_dir) if data_dir else DEFAULT_DATA_DIR
    missing = [f for f in REAL_FILES if not (base / f).is_file()]
    if missing:
        return {"real_data": f"skipped ({base} lacks {', '.join(missing)})"}
    stats: dict = {}
    already = _cordis_done(base)
    if already:
        # The big CSVs are read only once: `flask import cordis` re-syncs on demand.
        stats["cordis"] = f"already imported ({already} organisations)"
    else:
        stats.update(import_cordis(base, progress=progress))
    stats.update(import_startups(base, progress=progress))
    return stats


def seed_all(data_dir: str | None = None, progress: bool = False) -> dict:
    """Load everything once; a second run changes nothing and returns quickly."""
    stats: dict = {}
    stats.update(seed_accounts())
    stats.update(seed_real_data(data_dir, progress=progress))
    stats.update(seed_demo_orgs(progress=progress))
    # The Region's services (training, helpdesk, compute) after datasets: a compute request
    # may rest on a demo data-access approval.
    for seed in (
        seed_projects,
        seed_challenges,
        seed_datasets,
        seed_training,
        seed_compliance,
        seed_compute,
    ):
        stats.update(seed() or {})
    return stats
