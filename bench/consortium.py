"""Consortium-completion benchmark on CORDIS H2020 health projects.

Builds P.csv (participations before the query period, all programmes) and Q.jsonl (health SC1
projects with >= 3 participants; seed = coordinator + half of the other partners) from
../shared/data, runs ``python -m matching consortium`` for the learned ranker and for single
signals, and reports recall@10, recall@20, MRR and nDCG@20.

    python bench/consortium.py --split validation      # graph < 2017, queries 2017-2018
    python bench/consortium.py --split heldout         # graph < 2019, queries 2019+ (run once)
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from matching.evaluate import hide_half, summarize  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
SPLITS = {
    "validation": ("2017-01-01", "2017-01-01", "2019-01-01"),
    "heldout": ("2019-01-01", "2019-01-01", "2100-01-01"),
}
SIGNALS = [
    "aa_sum",
    "ra_sum",
    "cn_sum",
    "ppr",
    "linked_seeds",
    "w_to_seeds",
    "type_affinity",
    "country_lift_mean",
    "recent_projects",
    "n_projects",
]


def build(split: str, out: Path) -> dict:
    """Write P.csv and Q.jsonl for a split; return the answers per query id."""
    graph_before, q_from, q_to = SPLITS[split]
    projects = {r["rcn"]: r for r in csv.DictReader(open(DATA / "h2020_projects.csv"))}
    parts = list(csv.DictReader(open(DATA / "h2020_participations.csv")))
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "P.csv", "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["project_id", "org_id", "role", "org_type", "country", "start_date"])
        for r in parts:
            start = projects[r["rcn"]]["start_date"]
            if start and start < graph_before:
                w.writerow([r["rcn"], r["pic"], r["role"], r["activity_type"], r["country"], start])
    members = defaultdict(set)
    for r in parts:
        members[r["rcn"]].add(int(r["pic"]))
    truth = {}
    with open(out / "Q.jsonl", "w") as fh:
        for rcn, p in sorted(projects.items(), key=lambda kv: int(kv[0])):
            if p["is_health"] != "1" or not q_from <= p["start_date"] < q_to:
                continue
            if len(members[rcn]) < 3:
                continue
            coord = int(p["coordinator_pic"]) if p["coordinator_pic"] else None
            seed, hidden = hide_half(members[rcn], coord, random.Random(int(rcn)))
            truth[rcn] = set(hidden)
            fh.write(json.dumps({"id": rcn, "seed": seed, "start_date": p["start_date"]}) + "\n")
    return truth


def run(
    out: Path, name: str, extra: list[str], texts: Path | None = None, queries: str = "Q.jsonl"
) -> tuple[dict, float]:
    """Run the CLI once and return its rankings and wall time."""
    res = out / f"R_{name}.jsonl"
    cmd = [
        sys.executable,
        "-m",
        "matching",
        "consortium",
        "--participations",
        str(out / "P.csv"),
        "--queries",
        str(out / queries),
        "--out",
        str(res),
        "--k",
        "100",
        *extra,
    ]
    if texts is not None:
        cmd += ["--texts", str(texts)]
    t0 = time.time()
    subprocess.run(cmd, check=True, cwd=ROOT)
    took = time.time() - t0
    rankings = {}
    for line in open(res):
        d = json.loads(line)
        rankings[d["id"]] = d["ranking"]
    return rankings, took


def main() -> None:
    """Build the files, run every variant, print a table and save it as JSON."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", choices=sorted(SPLITS), default="validation")
    ap.add_argument("--signals", action="store_true", help="also run each single signal")
    ap.add_argument("--workdir", default="/tmp/consortium_bench")
    args = ap.parse_args()
    out = Path(args.workdir) / args.split
    truth = build(args.split, out)
    print(f"{args.split}: {len(truth)} queries, files in {out}", flush=True)
    variants = [("learned", [])]
    if args.signals:
        variants += [(s, ["--signal", s]) for s in SIGNALS]
    results = {}
    for name, extra in variants:
        rankings, took = run(out, name, extra)
        m = summarize(rankings, truth)
        m["seconds"] = round(took, 1)
        results[name] = m
        print(
            f"{name:18s} R@10 {m['recall@10']:.3f}  R@20 {m['recall@20']:.3f}  "
            f"MRR {m['mrr']:.3f}  nDCG@20 {m['ndcg@20']:.3f}  ({took:.0f} s)",
            flush=True,
        )
    dest = ROOT / "bench" / "results"
    dest.mkdir(exist_ok=True)
    (dest / f"consortium_{args.split}.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
