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
sys.path.insert(0, str(ROOT / "bench"))

from matching.evaluate import hide_half, summarize  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
if not DATA.is_dir():  # worktrees live in /work/wt/<name>; the data sits beside /work/main
    DATA = Path("/work/shared/data")
SPLITS = {
    "validation": ("2017-01-01", "2017-01-01", "2019-01-01"),
    "heldout": ("2019-01-01", "2019-01-01", "2100-01-01"),
}
ALL_MEMBERS: dict[str, set[int]] = {}
SIGNALS = [
    "aa_sum",
    "ra_sum",
    "cn_sum",
    "ppr",
    "ppr_low",
    "proj_multi",
    "coord_w",
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
            ALL_MEMBERS[rcn] = set(members[rcn])
            fh.write(json.dumps({"id": rcn, "seed": seed, "start_date": p["start_date"]}) + "\n")
    return truth


def build_texts(split: str, out: Path, world: str = "topics") -> str:
    """Write synthetic org documents and text queries; return the file suffix used.

    ``world="topics"``: 20 broad topics (T.csv, Q_text.jsonl, Q_seedtext.jsonl).
    ``world="lines"``: a few hundred specific research lines, one document per past project
    shared by its members (T_lines.csv, Q_text_lines.jsonl, Q_seedtext_lines.jsonl).
    """
    import synthetic_texts as st

    graph_before, q_from, q_to = SPLITS[split]
    projects = {r["rcn"]: r for r in csv.DictReader(open(DATA / "h2020_projects.csv"))}
    meta = {int(r["pic"]): r for r in csv.DictReader(open(DATA / "h2020_organisations.csv"))}
    health = defaultdict(set)
    for r in csv.DictReader(open(DATA / "h2020_participations.csv")):
        if r["is_health"] == "1":
            health[r["rcn"]].add(int(r["pic"]))
    past = {
        p for p in health if projects[p]["start_date"] and projects[p]["start_date"] < graph_before
    }
    topic_of_org = st.build_world(health, past)
    suffix = ""
    if world == "lines":
        suffix = "_lines"
        line_of_org = st.build_specific_world(health, past)
        docs = st.specific_documents(health, past, line_of_org)
    else:
        docs = st.org_documents(health, past, topic_of_org, meta)
    with open(out / f"T{suffix}.csv", "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["org_id", "text"])
        for org, texts in sorted(docs.items()):
            for t in texts:
                w.writerow([org, t])
    with (
        open(out / f"Q_text{suffix}.jsonl", "w") as ft,
        open(out / f"Q_seedtext{suffix}.jsonl", "w") as fs,
    ):
        for line in open(out / "Q.jsonl"):
            q = json.loads(line)
            text = None
            if world == "lines":
                text = st.specific_query_text(health[q["id"]], line_of_org, int(q["id"]))
            q["text"] = text or st.query_text(health[q["id"]], topic_of_org, int(q["id"]))
            fs.write(json.dumps(q) + "\n")
            ft.write(json.dumps(q | {"seed": []}) + "\n")
    n_docs = sum(len(v) for v in docs.values())
    print(f"synthetic texts ({world}): {n_docs} documents, {len(docs)} organisations", flush=True)
    return suffix


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
    ap.add_argument("--texts", action="store_true", help="also run the synthetic text bench")
    ap.add_argument("--no-graph", action="store_true", help="skip the graph-only runs")
    ap.add_argument(
        "--world",
        choices=("topics", "lines"),
        default="topics",
        help="synthetic text world: 20 broad topics or a few hundred specific research lines",
    )
    ap.add_argument("--only", help="comma-separated variant names to run (default: all)")
    args = ap.parse_args()
    out = Path(args.workdir) / args.split
    truth = build(args.split, out)
    print(f"{args.split}: {len(truth)} queries, files in {out}", flush=True)
    variants = [] if args.no_graph else [("learned", [], "Q.jsonl", None)]
    if args.signals and not args.no_graph:
        variants += [(s, ["--signal", s], "Q.jsonl", None) for s in SIGNALS]
    if args.texts:
        sfx = build_texts(args.split, out, args.world)
        t, qt, qs = out / f"T{sfx}.csv", f"Q_text{sfx}.jsonl", f"Q_seedtext{sfx}.jsonl"
        variants += [
            (f"text_only{sfx}:popularity", ["--signal", "recent_projects"], qt, t),
            (f"text_only{sfx}:semantic_mean", ["--signal", "semantic_mean"], qt, t),
            (f"text_only{sfx}:semantic_max", ["--signal", "semantic_max"], qt, t),
            (f"text_only{sfx}:previous", ["--prf-weight", "0", "--second-weight", "0"], qt, t),
            (f"text_only{sfx}:combined", [], qt, t),
            (f"text_only{sfx}:mean_agg", ["--doc-agg", "mean"], qt, t),
            (f"seed+text{sfx}:learned", [], qs, t),
        ]
    if args.only:
        keep = set(args.only.split(","))
        variants = [v for v in variants if v[0] in keep]
    results = {}
    for name, extra, queries, texts in variants:
        rankings, took = run(out, name.replace(":", "_"), extra, texts, queries)
        # Text-only queries have no seed: every member of the project is an answer.
        m = summarize(rankings, ALL_MEMBERS if queries.startswith("Q_text") else truth)
        m["seconds"] = round(took, 1)
        results[name] = m
        print(
            f"{name:26s} R@10 {m['recall@10']:.3f}  R@20 {m['recall@20']:.3f}  "
            f"MRR {m['mrr']:.3f}  nDCG@20 {m['ndcg@20']:.3f}  ({took:.0f} s)",
            flush=True,
        )
    dest = ROOT / "bench" / "results"
    dest.mkdir(exist_ok=True)
    path = dest / f"consortium_{args.split}{'_texts' if args.texts else ''}.json"
    if path.exists():
        results = json.loads(path.read_text()) | results
    path.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
