"""Demo ecosystem loaders: real public data (CORDIS, start-up register) and demo content."""

from __future__ import annotations

from pathlib import Path

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "data"


def seed_all(data_dir: str | None = None, progress: bool = False) -> dict:
    """Load everything once; a second run changes nothing and returns quickly."""
    from app.seeding.accounts import seed_accounts

    stats: dict = {}
    stats.update(seed_accounts())
    return stats
