"""Cold build, snapshot load and memory of the portal's matcher at scale (issue 18).

    python bench/matcher_build.py [--orgs 100000] [--db /tmp/i18m/mb.db] [--profile]

Builds (once; reused when the file exists) a SQLite database through the portal's own schema
with N **synthetic** organisations: each takes part in ~5 projects of ~5 partners (N projects);
project titles and teasers are **real H2020 texts** sampled from ``../shared/data`` (non
held-out rows, cycled) so that the research-profile texts and the key-term explainer get texts
of real length; the organisation vectors are **random unit vectors** (384-d), nothing is
encoded. Then, each in a fresh process, so memory is per process:

1. ``build``: ``engine.build_matcher()`` (what a rebuild after a version change costs) — time,
   peak and final RSS; with ``--profile`` the top functions;
2. ``snapshot``: ``engine.write_snapshot`` of that matcher — time, file sizes;
3. ``load``: ``engine.read_snapshot`` in a fresh process (what a worker does at start) — time,
   RSS, and how much of it is the memory-mapped side file (shared between workers);
4. reference: reading the same number of vector rows with one Core select into one array.

Prints one JSON line per step and a summary table.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = Path(os.environ.get("PORTAL_DATA_DIR", ROOT.parent.parent / "shared" / "data"))
if not DATA.exists():
    DATA = Path("/work/shared/data")


def rss_mb() -> tuple[float, float, float]:
    """(resident, of which file-backed shared, peak) in MB for this process."""
    vals = {}
    for line in open("/proc/self/status"):
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "RssFile", "VmHWM"):
            vals[key] = int(rest.split()[0]) / 1024
    return vals.get("VmRSS", 0.0), vals.get("RssFile", 0.0), vals.get("VmHWM", 0.0)


def _app(db_path: Path, snap: Path):
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from app import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}",
            "MATCHING_SNAPSHOT_PATH": str(snap),
            "MATCHING_WARMUP": False,
            "SECRET_KEY": "bench",
        }
    )


def _texts(n: int) -> list[tuple[str, str]]:
    rows = []
    with (DATA / "h2020_project_texts.csv").open(newline="") as fh:
        for r in csv.DictReader(fh):
            if r.get("heldout_period") == "0" and r.get("title"):
                rows.append((r["title"], r.get("teaser") or ""))
    return [rows[i % len(rows)] for i in range(n)]


def make_db(db_path: Path, snap: Path, n: int) -> None:
    import numpy as np
    from sqlalchemy import insert

    from app.extensions import db
    from app.orgs.models import Organisation
    from app.partners.embeddings import get_encoder
    from app.partners.models import Embedding, IndexVersion
    from app.projects.models import FundedProject, FundingCall, ProjectPartner

    rng = np.random.default_rng(7)
    random.seed(7)
    app = _app(db_path, snap)
    kinds = ["company"] * 5 + ["university", "research_hospital", "research_institute", "startup"]
    provinces = ["MI", "BG", "BS", "CO", "PV", "VA", None, None]
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    with app.app_context():
        db.create_all()
        model = get_encoder().model_name
        call = {
            "id": 1,
            "programme": "H2020",
            "code": "H2020",
            "title": "Horizon 2020",
            "description": "",
            "eligible_kinds": [],
            "areas": [],
            "source": "cordis",
            "is_demo": False,
            "created_at": now,
            "updated_at": now,
        }
        db.session.execute(insert(FundingCall.__table__), [call])
        batch = []
        for i in range(1, n + 1):
            batch.append(
                {
                    "id": i,
                    "slug": f"org-{i}",
                    "name": f"Synthetic organisation {i}",
                    "kind": kinds[i % len(kinds)],
                    "description": "",
                    "competences": [],
                    "offers": "",
                    "seeks": "",
                    "country": "IT",
                    "region": "Lombardia" if i % 4 == 0 else None,
                    "province": provinces[i % len(provinces)],
                    "verified": False,
                    "source": "cordis",
                    "external_id": str(900000000 + i),
                    "is_demo": False,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            if len(batch) == 5000:
                db.session.execute(insert(Organisation.__table__), batch)
                batch = []
        if batch:
            db.session.execute(insert(Organisation.__table__), batch)
        texts = _texts(n)
        projects, partners = [], []
        for p in range(1, n + 1):
            title, teaser = texts[p - 1]
            start = dt.date(2014 + p % 10, 1 + p % 12, 1)
            projects.append(
                {
                    "id": p,
                    "call_id": 1,
                    "acronym": f"P{p}",
                    "title": title[:500],
                    "abstract": teaser,
                    "keywords": [],
                    "euroscivoc": [],
                    "areas": [],
                    "start_date": start,
                    "status": "closed",
                    "is_health": p % 3 == 0,
                    "source": "cordis",
                    "external_id": str(p),
                    "is_demo": False,
                    "programme": "H2020",
                    "created_at": now,
                    "updated_at": now,
                }
            )
            # ~5 partners, a few popular organisations in many projects (heavy tail)
            size = int(rng.integers(3, 8))
            members = {int(x) for x in rng.zipf(1.6, size) % n + 1} | {
                int(x) for x in rng.integers(1, n + 1, size)
            }
            for pos, oid in enumerate(sorted(members)[:size]):
                partners.append(
                    {
                        "project_id": p,
                        "org_id": oid,
                        "role": "coordinator" if pos == 0 else "participant",
                        "position": pos,
                    }
                )
            if len(projects) == 5000:
                db.session.execute(insert(FundedProject.__table__), projects)
                db.session.execute(insert(ProjectPartner.__table__), partners)
                projects, partners = [], []
        if projects:
            db.session.execute(insert(FundedProject.__table__), projects)
            db.session.execute(insert(ProjectPartner.__table__), partners)
        vecs = rng.normal(size=(n, 384)).astype(np.float32)
        vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
        rows = []
        for i in range(n):
            rows.append(
                {
                    "entity_type": "organisation",
                    "entity_id": i + 1,
                    "field": "profile",
                    "model_name": model,
                    "text_hash": f"{i:064d}",
                    "dim": 384,
                    "vector": vecs[i].tobytes(),
                    "created_at": now,
                    "updated_at": now,
                }
            )
            if len(rows) == 5000:
                db.session.execute(insert(Embedding.__table__), rows)
                rows = []
        if rows:
            db.session.execute(insert(Embedding.__table__), rows)
        db.session.execute(insert(IndexVersion.__table__), [{"name": "orgs", "version": 1}])
        db.session.commit()


def _effective(index, table_rows, positions) -> dict:
    """{graph position: vector} as the queries read it (row -1 = none)."""
    return {
        int(p): index.matrix[r].tobytes()
        for p, r in zip(positions, table_rows, strict=True)
        if r >= 0
    }


def dump_outputs(matcher, path: Path) -> dict:
    """What the matcher answers and holds, for a bit-for-bit comparison of two builds of the
    same world (``--steps dump``; compare two dump files with ``--compare A B``)."""
    import dataclasses

    import numpy as np

    t, g = matcher.table_, matcher.graph_
    pos = np.arange(g.n_nodes)
    data: dict = {
        "records": [dataclasses.asdict(o) for o in matcher.orgs_.values()],
        "table": {k: getattr(t, k)[: g.n_nodes].tobytes() for k in t._FIELDS},
        "profile": _effective(matcher.index_, t.row[: g.n_nodes], pos),
        "reference_year": matcher.reference_year_,
        "graph": [
            g.weights_.indptr.tobytes(),
            g.weights_.indices.tobytes(),
            g.weights_.data.tobytes(),
        ],
    }
    for name in ("offer", "seek"):
        rows = getattr(t, f"{name}_row")[: g.n_nodes]
        vec_of = getattr(matcher, f"{name}_vector", None)
        data[name] = (
            {int(p): v.tobytes() for p in pos if (v := vec_of(g.node_ids_[p])) is not None}
            if vec_of is not None
            else _effective(getattr(matcher, f"{name}_index_"), rows, pos)
        )
    ex = matcher.explainer_
    data["explainer"] = [
        sorted(ex.vectorizer_.vocabulary_.items()),
        ex.matrix_.indptr.tobytes(),
        ex.matrix_.indices.tobytes(),
        ex.matrix_.data.tobytes(),
    ]
    ids = list(matcher.orgs_)[:: max(1, len(matcher.orgs_) // 150)]
    answers = []
    for oid in ids:
        for s in matcher.suggest_partners(oid, k=10):
            answers.append((oid, dataclasses.asdict(s)))
    for a, b in zip(ids[::3], ids[1::3], strict=False):
        for s in matcher.complete_consortium([a, b], k=10):
            answers.append(((a, b), dataclasses.asdict(s)))
    data["answers"] = answers
    import pickle

    path.write_bytes(pickle.dumps(data, protocol=5))
    return {"dump": str(path), "answers": len(answers)}


def compare(a: Path, b: Path) -> None:
    import pickle

    da, db_ = pickle.loads(a.read_bytes()), pickle.loads(b.read_bytes())
    same = True
    for key in sorted(set(da) | set(db_)):
        ok = da.get(key) == db_.get(key)
        same &= ok
        print(f"{key:<16} {'identical' if ok else 'DIFFERENT'}")
    print("ALL IDENTICAL" if same else "DIFFERENCES")
    sys.exit(0 if same else 1)


def step(name: str, db_path: Path, snap: Path, profile: bool) -> dict:
    app = _app(db_path, snap)
    from app.extensions import db
    from app.partners import engine

    with app.app_context():
        before = rss_mb()[0]
        t = time.perf_counter()
        cpu = time.process_time()
        out: dict = {"step": name, "load_before": [round(x, 2) for x in os.getloadavg()]}
        if name == "build":
            if profile:
                import cProfile
                import pstats

                prof = cProfile.Profile()
                prof.enable()
            matcher = engine.build_matcher()
            out["seconds"] = round(time.perf_counter() - t, 2)
            out["cpu_s"] = round(time.process_time() - cpu, 2)
            out["build_rss_mb"] = round(rss_mb()[0])
            out["build_peak_mb"] = round(rss_mb()[2])
            if profile:
                prof.disable()
                stats = pstats.Stats(prof).sort_stats("cumulative")
                stats.print_stats(25)
            out["orgs"] = len(matcher.orgs_)
            out["phases"] = dict(engine.BUILD_PHASES)
            out["cpu_phases"] = dict(engine.BUILD_CPU)
            # a rebuild after one version change (stale-while-rebuilding) lends the vocabulary
            t = time.perf_counter()
            engine.build_matcher(previous=matcher)
            out["rebuild_with_previous_s"] = round(time.perf_counter() - t, 2)
            t = time.perf_counter()
            engine.write_snapshot(snap, "bench", matcher)
            out["snapshot_write_s"] = round(time.perf_counter() - t, 2)
            out["pkl_mb"] = round(snap.stat().st_size / 2**20, 1)
            out["bin_mb"] = round(snap.with_suffix(".bin").stat().st_size / 2**20, 1)
        elif name == "load":
            matcher = engine.read_snapshot(snap, "bench")
            out["seconds"] = round(time.perf_counter() - t, 2)
            out["cpu_s"] = round(time.process_time() - cpu, 2)
            out["orgs"] = len(matcher.orgs_)
            out["loaded_rss_mb"], out["loaded_file_backed_mb"] = (round(x) for x in rss_mb()[:2])
            t = time.perf_counter()
            for oid in list(matcher.orgs_)[:20]:
                matcher.suggest_partners(oid, k=10)
            out["first_20_queries_s"] = round(time.perf_counter() - t, 2)
        elif name == "dump":
            out.update(dump_outputs(engine.build_matcher(), snap.with_suffix(".dump")))
            out["seconds"] = round(time.perf_counter() - t, 2)
        elif name == "reference":
            import numpy as np
            from sqlalchemy import select

            from app.partners.models import Embedding

            blobs = db.session.execute(
                select(Embedding.vector).where(Embedding.entity_type == "organisation")
            ).scalars()
            mat = np.frombuffer(b"".join(blobs), dtype=np.float32).reshape(-1, 384)
            out["seconds"] = round(time.perf_counter() - t, 2)
            out["cpu_s"] = round(time.process_time() - cpu, 2)
            out["rows"] = int(mat.shape[0])
        rss, file_backed, peak = rss_mb()
        out["load_after"] = [round(x, 2) for x in os.getloadavg()]
        out.update(
            rss_mb=round(rss),
            file_backed_mb=round(file_backed),
            peak_mb=round(peak),
            before_mb=round(before),
        )
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--orgs", type=int, default=100_000)
    ap.add_argument("--db", default=None)
    ap.add_argument("--profile", action="store_true")
    ap.add_argument(
        "--steps", default="reference,build,load", help="comma-separated steps to run (in order)"
    )
    ap.add_argument("--step", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--compare", nargs=2, type=Path, default=None, help="two dump files")
    args = ap.parse_args()
    if args.compare:
        compare(*args.compare)
        return
    db_path = Path(args.db or f"/tmp/i18m/matcher_build_{args.orgs}.db")
    snap = db_path.with_suffix(".pkl")
    if args.step:
        print(json.dumps(step(args.step, db_path, snap, args.profile)), flush=True)
        return
    db_path.parent.mkdir(parents=True, exist_ok=True)
    if not db_path.exists():
        t = time.perf_counter()
        make_db(db_path, snap, args.orgs)
        print(json.dumps({"step": "make_db", "seconds": round(time.perf_counter() - t, 1)}))
    results = []
    for name in args.steps.split(","):
        cmd = [sys.executable, __file__, "--orgs", str(args.orgs), "--db", str(db_path)]
        cmd += ["--step", name] + (["--profile"] if args.profile and name == "build" else [])
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
        for line in out.splitlines():
            print(line)
        results.append(json.loads(out.strip().splitlines()[-1]))
    print(f"\n{args.orgs} synthetic organisations (random unit vectors, real H2020 titles/teasers)")
    for r in results:
        print(
            f"  {r['step']:<9} {r['seconds']:>7.2f} s  cpu {r.get('cpu_s', 0):>7.2f} s  "
            f"load {r['load_before'][0]:.1f}  RSS {r['rss_mb']:>5} MB "
            f"(file-backed, shared: {r['file_backed_mb']} MB; peak {r['peak_mb']} MB)"
        )


if __name__ == "__main__":
    main()
