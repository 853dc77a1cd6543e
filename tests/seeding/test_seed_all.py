"""seed_all: demo content, demo account ownership, real data, and a quick idempotent re-run."""

from __future__ import annotations

import csv
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.orgs.models import AREAS, KINDS, Membership, Organisation, OrgArea
from app.seeding import DEFAULT_DATA_DIR, seed_all
from app.seeding.demo_accounts import DEMO_ACCOUNTS
from app.seeding.demo_orgs import load_demo_orgs

OWNED_KIND = {
    "startup@": "startup",
    "company@": "company",
    "university@": "university",
    "hospital@": "research_hospital",
}


def _table_counts() -> dict[str, int]:
    return {
        t.name: db.session.execute(select(func.count()).select_from(t)).scalar_one()
        for t in db.metadata.sorted_tables
    }


def _check_demo_owners():
    for email, *_ in DEMO_ACCOUNTS:
        prefix = email.split("@")[0] + "@"
        if prefix not in OWNED_KIND:
            continue
        owned = (
            db.session.execute(
                select(Organisation)
                .join(Membership, Membership.org_id == Organisation.id)
                .where(Membership.role == "owner", Membership.user.has(email=email))
            )
            .scalars()
            .all()
        )
        assert len(owned) == 1, email
        assert owned[0].kind == OWNED_KIND[prefix] and owned[0].is_demo, email


def _lombardy_in_files(data: Path) -> int:
    """Named organisations in Lombardy by the files' own fields, counted independently of the
    importer: the Horizon Europe NUTS code (ITC4...) where a record has one, else the H2020
    file's ISTAT-resolved flag (357 in each file in the README; 623 together)."""
    with (data / "h2020_organisations.csv").open(encoding="utf-8") as fh:
        h2020 = {r["pic"]: r for r in csv.DictReader(fh)}
    with (data / "horizon_europe" / "organisations.csv").open(encoding="utf-8") as fh:
        he = {r["pic"]: r for r in csv.DictReader(fh)}
    count = 0
    for pic in set(h2020) | set(he):
        h, e = h2020.get(pic), he.get(pic)
        if not ((h and h["name"]) or (e and e["legal_name"])):
            continue
        if e and e["nuts_code"]:
            count += e["nuts_code"].startswith("ITC4")
        elif h:
            count += h["is_lombardy"] == "1"
    return count


def test_demo_content_without_real_data(app, tmp_path):
    stats = seed_all(str(tmp_path / "missing"))
    db.session.commit()
    assert stats["real_data"].startswith("skipped")
    assert stats["demo_orgs_created"] == len(load_demo_orgs()) >= 60
    kinds = set(db.session.execute(select(Organisation.kind)).scalars())
    assert kinds == set(KINDS)
    areas = set(db.session.execute(select(OrgArea.area)).scalars())
    assert areas == set(AREAS)
    _check_demo_owners()
    demo = db.session.execute(select(Organisation)).scalars().all()
    assert all(o.is_demo and o.source == "demo" for o in demo)
    assert all(o.description and o.competences and o.offers and o.seeks for o in demo)
    assert all(o.website.split("/")[2].endswith(".example") for o in demo)
    assert sum(o.verified for o in demo) >= 10
    before = _table_counts()
    again = seed_all(str(tmp_path / "missing"))
    db.session.commit()
    assert again["demo_orgs_created"] == 0 and again["accounts_created"] == 0
    assert _table_counts() == before


def test_demo_names_are_not_real_names():
    if not (DEFAULT_DATA_DIR / "h2020_organisations.csv").is_file():
        pytest.skip("real data folder not available")
    real = set()
    for name, column in (
        ("h2020_organisations.csv", "name"),
        ("it_innovative_startups_lombardy.csv", "name"),
    ):
        with (DEFAULT_DATA_DIR / name).open(encoding="utf-8") as fh:
            real |= {r[column].strip().lower() for r in csv.DictReader(fh) if r[column]}
    entries = load_demo_orgs()
    assert len({e["slug"] for e in entries}) == len(entries)
    assert all(len(e["slug"]) <= 64 for e in entries)  # the slug is also the external_id
    clashes = [e["name"] for e in entries if e["name"].strip().lower() in real]
    assert clashes == []


def test_seed_all_on_real_data(app, backend, request):
    """The one slow test: the full seed on ../shared/data, then a quick no-op second run.

    With both backends it runs on PostgreSQL only (the backend whose planner and types have
    caught what SQLite did not): SQLite imports the same files in tests/seeding/test_real_data.py,
    and `--db=sqlite` still runs this test on SQLite."""
    if not (DEFAULT_DATA_DIR / "h2020_organisations.csv").is_file():
        pytest.skip("real data folder not available")
    if backend == "sqlite" and request.config.getoption("--db") == "both":
        pytest.skip("full real-data seed runs on PostgreSQL when both backends run")
    stats = seed_all(str(DEFAULT_DATA_DIR))
    db.session.commit()
    assert stats["orgs_created"] > 1000 and stats["startups_created"] >= 60
    total = db.session.execute(select(func.count()).select_from(Organisation)).scalar_one()
    assert total >= 150
    kinds = set(db.session.execute(select(Organisation.kind)).scalars())
    assert kinds == set(KINDS)
    assert set(db.session.execute(select(OrgArea.area)).scalars()) == set(AREAS)
    _check_demo_owners()
    real = (
        db.session.execute(
            select(Organisation).where(Organisation.source.in_(("cordis", "startup_register")))
        )
        .scalars()
        .all()
    )
    assert len(real) == stats["orgs_created"] + stats["startups_created"]
    for org in real:
        assert not org.description and not org.competences and not org.offers
        assert not org.seeks and not org.areas and not org.is_demo, org.name
    lombardy_cordis = db.session.execute(
        select(func.count())
        .select_from(Organisation)
        .where(Organisation.source == "cordis", Organisation.region == "Lombardia")
    ).scalar_one()
    assert lombardy_cordis == _lombardy_in_files(Path(DEFAULT_DATA_DIR))
    before = _table_counts()
    started = time.monotonic()
    again = seed_all(str(DEFAULT_DATA_DIR))
    db.session.commit()
    assert time.monotonic() - started < 20
    assert again["cordis"].startswith("already imported")
    assert {
        k: v
        for k, v in again.items()
        if k.endswith(("_created", "_updated"))
        and k.startswith(("accounts", "startups", "demo_orgs"))
    } == {
        "accounts_created": 0,
        "startups_created": 0,
        "startups_updated": 0,
        "demo_orgs_created": 0,
    }
    assert _table_counts() == before


def test_demo_accounts_print_the_same_without_the_app(app):
    """`make run` prints them with `python -m app.seeding.demo_accounts` (no app start-up)."""
    printed = subprocess.run(
        [sys.executable, "-m", "app.seeding.demo_accounts"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    from_cli = app.test_cli_runner().invoke(args=["demo-accounts"]).output
    assert printed == from_cli
    assert all(email in printed for email, *_ in DEMO_ACCOUNTS)
