"""Run the official validators (../shared/standards) on the demo catalogue's RDF export.

Usage: .venv/bin/python bench/open_data_validators.py [--list] [--inference none,rdfs]
Builds a throw-away SQLite portal, seeds the demo accounts, organisations and datasets (and the
demo projects, whose open-data set is in the catalogue), fetches /catalog.ttl and every
/datasets/<id>.ttl through the test client, and prints the violations per validator:
DCAT-AP 3.0.1 SHACL, HealthDCAT-AP Release 8 (each dataset with its access level's shapes) and
the AgID DCAT-AP_IT SPARQL rules.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from anywhere

from rdflib import Graph  # noqa: E402
from sqlalchemy import select  # noqa: E402

from app import create_app  # noqa: E402
from app.config import TestConfig  # noqa: E402
from app.extensions import db  # noqa: E402
from tests.datasets import standards  # noqa: E402


def _demo_app(tmp: Path):
    cfg = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    cfg.update(
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp / 'demo.db'}",
        MAIL_OUTBOX_DIR=str(tmp / "outbox"),
        UPLOAD_DIR=str(tmp / "uploads"),
        MATCHING_ENABLED=False,
    )
    app = create_app(cfg)
    with app.app_context():
        db.create_all()
        from app.datasets.demo import seed_demo as seed_datasets
        from app.projects.demo import seed_demo as seed_projects
        from app.seeding.accounts import seed_accounts
        from app.seeding.demo_orgs import seed_demo_orgs

        seed_accounts()
        seed_demo_orgs()
        seed_projects()
        seed_datasets()
        db.session.commit()
    return app


def main() -> None:
    """Seed, export, validate, print the counts."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--list", action="store_true", help="print every violation and warning")
    ap.add_argument("--inference", default="none,rdfs")
    args = ap.parse_args()
    if standards.standards_dir() is None:
        sys.exit("../shared/standards not found (set PORTAL_STANDARDS_DIR)")
    inference = tuple(args.inference.split(","))
    with tempfile.TemporaryDirectory() as tmp:
        app = _demo_app(Path(tmp))
        client = app.test_client()
        with app.app_context():
            from app.datasets.models import Dataset

            ids = list(db.session.execute(select(Dataset.id).order_by(Dataset.id)).scalars())
        docs = {"/catalog.ttl": client.get("/catalog.ttl")}
        for ds_id in ids:
            docs[f"/datasets/{ds_id}.ttl"] = client.get(f"/datasets/{ds_id}.ttl")
        total: Counter = Counter()
        failing: Counter = Counter()
        warnings: Counter = Counter()
        for url, resp in docs.items():
            assert resp.status_code == 200, (url, resp.status_code)
            g = Graph().parse(data=resp.get_data(as_text=True), format="turtle")
            report = standards.validate(g, inference=inference)
            counts = report.counts()
            total.update(counts)
            for name in counts:
                failing[name] += 1
            for w in report.warnings():
                warnings[(w.validator, w.path, w.message[:100])] += 1
            if args.list:
                print(f"== {url}: {dict(counts)}")
                print(report.describe(limit=1000))
        print(f"documents validated: {len(docs)} (catalogue page + {len(ids)} datasets)")
        for name in ("dcat-ap-3.0.1", "healthdcat-ap-r8", "agid"):
            print(f"{name}: {total[name]} violations in {failing[name]} documents")
        print(f"warnings: {sum(warnings.values())}")
        if args.list:
            for (name, path, msg), n in sorted(warnings.items()):
                print(f"  warning x{n} {name} {path}: {msg}")


if __name__ == "__main__":
    main()
