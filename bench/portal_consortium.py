"""The portal engine's own consortium completion on the CORDIS task of `bench/consortium.py`.

`PartnerMatcher.complete_consortium` (what the portal's "complete this consortium" page and
API call) is scored on the same queries as the `python -m matching consortium` command:
health projects with >= 3 members, coordinator + half of the partners known, graph from the
projects before the query period, no texts. It is an explainable logistic ranker over the
portal's ten signals, so it is expected to trail the command's gradient-boosted model; the
question is which weights serve it best.

    python bench/consortium.py --split validation        # writes P.csv / Q.jsonl first
    python -m matching train-ranker --task consortium --split-year 2016 --horizon 1 \\
        --participations /tmp/consortium_bench/validation/P.csv --out /tmp/cons_val.json
    python bench/portal_consortium.py --split validation --weights /tmp/cons_val.json

Without ``--weights`` the shipped consortium weights are used (trained on projects before
2019, so run them on the held-out split only).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import consortium as cb  # noqa: E402

from matching import PartnerRanker  # noqa: E402
from matching.copart import read_participations, year_of  # noqa: E402
from matching.evaluate import summarize  # noqa: E402
from matching.training import history_matcher  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", choices=sorted(cb.SPLITS), default="validation")
    ap.add_argument("--workdir", default="/tmp/consortium_bench")
    ap.add_argument("--weights", help="consortium ranker JSON (default: the shipped one)")
    args = ap.parse_args()
    out = Path(args.workdir) / args.split
    truth = cb.build(args.split, out)
    rows = read_participations(str(out / "P.csv"))
    end = max(year_of(r.start_date) for r in rows)
    queries = [json.loads(line) for line in open(out / "Q.jsonl")]
    trained = (
        PartnerRanker.load(args.weights) if args.weights else PartnerRanker.default("consortium")
    )
    variants = {  # name: (weights, PageRank continuation)
        "before: partner weights, walk 0.85": (PartnerRanker.default(), 0.85),
        "partner weights, walk 0.15": (PartnerRanker.default(), 0.15),
        "consortium weights, walk 0.15": (trained, 0.15),
    }
    results = {}
    for name, (ranker, alpha) in variants.items():
        t0 = time.time()
        m = history_matcher(
            rows, int(end) + 1, consortium_ranker=ranker, consortium_ppr_alpha=alpha
        )
        rankings = {}
        for q in queries:
            seed = [s for s in dict.fromkeys(q["seed"]) if s in m.orgs_]
            found = m.complete_consortium(seed, k=100) if seed else []
            rankings[q["id"]] = [s.org_id for s in found]
        res = summarize(rankings, truth)
        res["seconds"] = round(time.time() - t0, 1)
        results[name] = res
        print(
            f"{name:36s} R@10 {res['recall@10']:.3f}  R@20 {res['recall@20']:.3f}  "
            f"MRR {res['mrr']:.3f}  nDCG@20 {res['ndcg@20']:.3f}  ({res['seconds']:.0f} s)",
            flush=True,
        )
    dest = ROOT / "bench" / "results" / f"portal_consortium_{args.split}.json"
    dest.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
