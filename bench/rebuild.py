"""`flask match rebuild` against a bare SentenceTransformer.encode of the same texts, same run.

Usage: python bench/rebuild.py [--orgs 300] [--words 200]
Builds a throw-away SQLite portal with synthetic organisation profiles, then times:
  1. the portal's rebuild (hashing, batching, storing vectors in the database),
  2. a bare `SentenceTransformer.encode` of exactly the same texts,
  3. a rebuild after one profile changed (must encode one text).
Writes bench/results/rebuild.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from anywhere

WORDS = (
    "biosensor sepsis genomics imaging cardiology oncology telemedicine interoperability fhir "
    "omop dicom rehabilitation robotics wearable diabetes microfluidics proteomics vaccine "
    "antibody diagnostics registry cohort epidemiology pharmacovigilance ageing dementia stroke "
    "hospital clinical trial validation manufacturing regulatory device software cloud privacy "
    "machine learning signal processing pathology radiology surgery anaesthesia nursing"
).split()


def main() -> None:
    """Run the benchmark and print / save the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--orgs", type=int, default=300)
    ap.add_argument("--words", type=int, default=200)
    args = ap.parse_args()
    rng = random.Random(0)

    from app import create_app
    from app.extensions import db
    from app.orgs.models import Organisation
    from app.partners.embeddings import get_encoder, org_texts, rebuild_org_embeddings

    tmp = Path(tempfile.mkdtemp(prefix="bench-rebuild-"))
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'b.db'}", "MATCHING_ENABLED": False}
    )
    with app.app_context():
        db.create_all()
        for i in range(args.orgs):
            text = " ".join(rng.choice(WORDS) for _ in range(args.words))
            db.session.add(
                Organisation(
                    slug=f"org-{i}",
                    name=f"Org {i}",
                    kind="company",
                    description=text,
                    competences=[],
                    offers="",
                    seeks="",
                )
            )
        db.session.commit()
        texts = [
            t
            for o in db.session.query(Organisation).order_by(Organisation.id)
            for t in org_texts(o).values()
            if t
        ]
        enc = get_encoder()
        enc.encode(["warm up"])  # load the model outside the timings

        start = time.perf_counter()
        stats = rebuild_org_embeddings()
        db.session.commit()
        t_rebuild = time.perf_counter() - start

        start = time.perf_counter()
        enc.st_model.encode(texts, normalize_embeddings=True)
        t_bare = time.perf_counter() - start

        org = db.session.query(Organisation).first()
        org.description += " additional sentence about cardiac imaging"
        db.session.commit()
        start = time.perf_counter()
        again = rebuild_org_embeddings()
        db.session.commit()
        t_one = time.perf_counter() - start

    result = {
        "orgs": args.orgs,
        "words_per_profile": args.words,
        "texts": len(texts),
        "rebuild_s": round(t_rebuild, 2),
        "bare_encode_s": round(t_bare, 2),
        "speed_ratio_bare_over_rebuild": round(t_bare / t_rebuild, 3),
        "texts_per_s_rebuild": round(stats["encoded"] / t_rebuild, 1),
        "after_one_change_encoded": again["encoded"],
        "after_one_change_s": round(t_one, 2),
    }
    out = Path(__file__).parent / "results" / "rebuild.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
