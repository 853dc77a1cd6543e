"""Learned fusion over a pool of all channels (issue 12), Horizon Europe validation.

    python bench/learned_pool.py features --no-dense --tag s13   # builds and caches features
    python bench/learned_pool.py eval --tag s13                  # trains rankers, prints tables

Validation = bench/real_text.py's Horizon Europe protocol: model of everything before
2023-01-01, queries = the Horizon Europe health projects starting in 2023, text only and seed +
text (splits 0 1 2). Training = Horizon Europe projects starting in 2022 (every programme,
``--train-cap`` sampled with a fixed seed; seed + text: one random split per project, split
label 100) against a model of everything before 2022-01-01 (``--train-windows 2021`` adds the
2021 projects against a model before 2021). No 2023 query is used for training; H2020 projects
are never queries.

Baselines measured in the same run and configuration: TF-IDF top-3 (sklearn, as real_text),
BM25 (k 5), PPR (alpha 0.15), and the shipped scorer (``TextGraphScorer`` defaults; with
``--no-dense`` its ``dense_weight`` is 0, i.e. the shipped path without the dense channel).
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import realdata  # noqa: E402
from real_text import (  # noqa: E402
    CacheOnlyEncoder,
    World,
    agg,
    evaluate,
    make_queries,
    rank,
)

from matching.dense import VectorCache, default_cache_dir  # noqa: E402
from matching.encoder import DEFAULT_MODEL_NAME  # noqa: E402
from matching.fusion import TextGraphScorer  # noqa: E402
from matching.learned import PoolFeaturizer, PoolRanker, feature_names  # noqa: E402

RESULTS = ROOT / "bench" / "results"


def build(world, projects, queries, per_channel, dense, log, label, seeded):
    """Per query: pool, features, labels and the baselines' rankings."""
    sc = TextGraphScorer(world.cp, world.tm, dense_weight=1.0 if dense else 0.0)
    fz = PoolFeaturizer(sc, per_channel=per_channel)
    texts = {p.id: p.text for p in projects}
    health = {p.id: p.is_health for p in projects}
    out = []
    t0 = time.time()
    tf_all = world.text_scores([texts[q[0]] for q in queries]) if queries else []
    for i, q in enumerate(queries):
        qid, text, year, seed, ans = q
        pool, X, ch = fz.query(text, seed, seeded=seeded)
        y = np.isin(pool, list(ans))
        base = {
            "shipped": rank(ch["shipped"], seed),
            "tfidf_top3": rank(agg(world, tf_all[i], "tfidf", 3, None, year), seed),
            "bm25": rank(ch["lexical"], seed),
        }
        if len(seed):
            base["ppr"] = rank(ch["ppr"], seed)
        out.append(
            {
                "qid": qid,
                "pool": pool,
                "X": X.astype(np.float32),
                "y": y,
                "ans": ans,
                "base": base,
                "health": health[qid],
            }
        )
        if (i + 1) % 50 == 0:
            log(f"  {label}: {i + 1}/{len(queries)} queries, {time.time() - t0:.0f} s")
    names = feature_names(seeded, fz.dense)
    return {"rows": out, "features": names}


def features(args, log):
    """Build the validation and training feature sets and pickle them."""
    t0 = time.time()
    projects = realdata.horizon()
    enc = None if args.no_dense else CacheOnlyEncoder(VectorCache(args.cache, DEFAULT_MODEL_NAME))
    dense = enc is not None
    sets = {}
    W = World(projects, 2023.0, enc, max_passages=1)
    log(f"validation model: {W.cp.n_orgs} organisations ({time.time() - t0:.0f} s)")
    if enc is not None:
        log(f"dense passages missing from the cache (validation model): {enc.missing_}")
    for mode, split in [("text", None)] + [("seed", s) for s in args.splits]:
        qs = make_queries(W, projects, 2023.0, 2024.0, mode, split, only_health=True)
        qs = qs[: args.limit] if args.limit else qs
        sets[f"val-{mode}-{split}"] = build(
            W, projects, qs, args.per_channel, dense, log, f"val {mode} {split}", mode == "seed"
        )
    del W
    for start in args.train_windows:
        Wt = World(projects, float(start), enc, max_passages=1)
        log(f"training model before {start}: {Wt.cp.n_orgs} organisations")
        if enc is not None:
            log(f"dense passages missing from the cache (so far): {enc.missing_}")
        for mode in ("text", "seed"):
            for split in (100,) if mode == "seed" else (None,):
                qs = make_queries(
                    Wt,
                    projects,
                    float(start),
                    float(start) + 1,
                    mode,
                    split,
                    only_health=False,
                    limit=args.train_cap,
                    rng_seed=0,
                )
                qs = qs[: args.limit] if args.limit else qs
                sets[f"train{start}-{mode}-{split}"] = build(
                    Wt,
                    projects,
                    qs,
                    args.per_channel,
                    dense,
                    log,
                    f"train {start} {mode}",
                    mode == "seed",
                )
        del Wt
    path = Path(args.workdir) / f"pool_{args.tag}.pkl"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        pickle.dump({"sets": sets, "args": vars(args)}, fh)
    log(f"wrote {path} ({time.time() - t0:.0f} s)")


def metrics_of(rows, rankings):
    """Metrics of rankings ``{qid: [positions]}`` on the rows' answers."""
    qs = [(r["qid"], None, None, None, r["ans"]) for r in rows]
    return evaluate(rankings, qs)


def _zz(v):
    return (v - v.mean()) / (v.std() + 1e-9)


def learned_rankings(ranker, rows, cols, blend=None, names=None):
    """Pool rankings by the learned score (optionally + blend x z(shipped) in the pool).

    ``ranker`` may be a list of ``(ranker, cols)``: the sum of their z-scored scores."""
    out = {}
    for r in rows:
        if isinstance(ranker, list):
            s = sum(_zz(rk.score(r["X"][:, c])) for rk, c in ranker)
        else:
            s = ranker.score(r["X"][:, cols])
        if blend:
            j = names.index("shipped_z")
            zz = lambda v: (v - v.mean()) / (v.std() + 1e-9)  # noqa: E731
            s = zz(s) + blend * zz(r["X"][:, j].astype(np.float64))
        order = np.lexsort((r["pool"], -s))[:100]
        out[r["qid"]] = list(r["pool"][order])
    return out


VARIANTS = {
    # name: PoolRanker kwargs ("kw"), feature filter, blend weight of z(shipped) in the pool,
    # hard negatives (the best negatives by the shipped score, + "kw" negatives at random)
    "learned": {},
    "learned + 1.0 z(shipped)": {"blend": 1.0},
    "learned + 2.0 z(shipped)": {"blend": 2.0},
    "learned, 600 trees lr 0.03": {"kw": {"n_trees": 600, "learning_rate": 0.03}},
    "learned, 100 trees": {"kw": {"n_trees": 100}},
    "learned, 31 leaves": {"kw": {"max_leaf_nodes": 31}},
    "learned, 7 leaves": {"kw": {"max_leaf_nodes": 7}},
    "learned, all negatives": {"kw": {"negatives": 0}},
    "learned, hard 100 + 200": {"hard": 100, "kw": {"negatives": 200}},
    "logistic": {"kw": {"kind": "logistic"}},
    "logistic, C 0.01": {"kw": {"kind": "logistic", "C": 0.01}},
    "learned, no priors": {"filter": "no_priors"},
    "learned, rs 1": {"kw": {"random_state": 1}},
    "learned, rs 2": {"kw": {"random_state": 2}},
    "ensemble learned + logistic C 0.01": {"ensemble": ["learned", "logistic, C 0.01"]},
    "ensemble learned rs 0 1 2": {"ensemble": ["learned", "learned, rs 1", "learned, rs 2"]},
    "learned, no shipped feature": {"filter": "no_shipped"},
    "learned, no feedback features": {"filter": "no_fb"},
    "learned, raw + z only": {"filter": "no_rank"},
}


def hard_rows(r, names, hard, rng):
    """Positives, the ``hard`` best negatives by the shipped score, the others (for sampling)."""
    if not hard:
        return r["X"], r["y"]
    j = names.index("shipped")
    neg = np.flatnonzero(~r["y"])
    top = neg[np.argsort(-r["X"][neg, j], kind="stable")[:hard]]
    rest = np.setdiff1d(neg, top)
    keep = np.concatenate([np.flatnonzero(r["y"]), top, rest])
    return r["X"][keep], r["y"][keep], len(top)


def col_filter(names, how):
    """Column indices kept by a feature filter."""
    from matching.learned import PRIORS

    if how is None:
        return list(range(len(names)))
    if how == "no_priors":
        return [i for i, n in enumerate(names) if n not in PRIORS or n == "org_type"]
    if how == "no_shipped":
        return [i for i, n in enumerate(names) if not n.startswith("shipped")]
    if how == "no_fb":
        return [i for i, n in enumerate(names) if not n.startswith("fb_")]
    if how == "no_rank":
        return [i for i, n in enumerate(names) if not n.endswith("_rank")]
    raise ValueError(how)


def evaluate_all(args, log):
    """Train rankers on the training windows, evaluate on validation."""
    with open(Path(args.workdir) / f"pool_{args.tag}.pkl", "rb") as fh:
        sets = pickle.load(fh)["sets"]
    results = {}
    chosen = args.variants or list(VARIANTS)
    for mode in args.modes:
        train = [
            r
            for k, s in sets.items()
            if k.startswith("train") and f"-{mode}-" in k
            for r in s["rows"]
        ]
        if args.train_windows:
            train = [
                r
                for k, s in sets.items()
                if k.startswith("train")
                and f"-{mode}-" in k
                and any(k.startswith(f"train{w}") for w in args.train_windows)
                for r in s["rows"]
            ]
        if args.train_health:
            train = [r for r in train if r["health"]]
        names = next(s["features"] for k, s in sets.items() if f"-{mode}-" in k)
        ceiling = np.mean([r["y"].sum() / len(r["ans"]) for r in train])
        log(
            f"\n{mode}: {len(train)} training queries, "
            f"{sum(len(r['y']) for r in train)} pool rows, pool recall {ceiling:.3f}"
        )
        rankers = {}
        for v in chosen:
            spec = VARIANTS[v]
            if "ensemble" in spec:
                continue
            cols = col_filter(names, spec.get("filter"))
            t0 = time.time()
            data = []
            for r in train:
                if spec.get("hard"):
                    X, y, nh = hard_rows(r, names, spec["hard"], None)
                    # the hard negatives always stay: put them with the positives' block
                    data.append((X[:, cols], y, nh))
                else:
                    data.append((r["X"][:, cols], r["y"], 0))
            rk = PoolRanker(**spec.get("kw", {})).fit(data, [names[i] for i in cols])
            rankers[v] = (rk, cols)
            log(f"  trained {v}: {rk.n_train_rows_} rows, {time.time() - t0:.0f} s")
        for k, s in sets.items():
            if not k.startswith(f"val-{mode}-"):
                continue
            rows = s["rows"]
            pool_recall = np.mean([r["y"].sum() / len(r["ans"]) for r in rows])
            pool_size = np.mean([len(r["pool"]) for r in rows])
            res = {}
            for b in rows[0]["base"]:
                res[b] = metrics_of(rows, {r["qid"]: r["base"].get(b, []) for r in rows})
            for v in chosen:
                if "ensemble" in VARIANTS[v]:
                    rk, cols = [rankers[m] for m in VARIANTS[v]["ensemble"]], None
                else:
                    rk, cols = rankers[v]
                res[v] = metrics_of(
                    rows, learned_rankings(rk, rows, cols, VARIANTS[v].get("blend"), names)
                )
            results[k] = {"pool_recall": pool_recall, "pool_size": pool_size, "metrics": res}
            log(
                f"\n{k}: {len(rows)} queries, pool {pool_size:.0f} candidates, "
                f"pool recall {pool_recall:.3f}\n"
            )
            log("| ranking | R@10 | R@20 | MRR | nDCG@20 |\n|---|---:|---:|---:|---:|")
            for n, m in res.items():
                cells = " | ".join(
                    f"{m[c]:.3f}" for c in ("recall@10", "recall@20", "mrr", "ndcg@20")
                )
                log(f"| {n} | {cells} |")
    seeds = [k for k in results if k.startswith("val-seed-")]
    if seeds:
        log("\nseed + text, mean of splits " + ", ".join(seeds))
        log("| ranking | R@10 | R@20 | MRR |\n|---|---:|---:|---:|")
        for n in results[seeds[0]]["metrics"]:
            cells = " | ".join(
                "{:.3f}".format(np.mean([results[k]["metrics"][n][c] for k in seeds]))
                for c in ("recall@10", "recall@20", "mrr")
            )
            log(f"| {n} | {cells} |")
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"learned_pool_{args.tag}{args.out_tag}.json"
    out.write_text(json.dumps(results, indent=1, default=float))
    log(f"wrote {out}")


def main() -> None:
    """Entry point."""
    ap = argparse.ArgumentParser()
    ap.add_argument("stage", choices=["features", "eval"])
    ap.add_argument("--splits", type=int, nargs="+", default=[0, 1, 2])
    ap.add_argument("--cache", default=str(default_cache_dir()))
    ap.add_argument("--no-dense", action="store_true")
    ap.add_argument("--per-channel", type=int, default=200)
    ap.add_argument("--train-cap", type=int, default=600)
    ap.add_argument("--train-windows", type=int, nargs="+", default=[2022])
    ap.add_argument("--train-health", action="store_true", help="health training queries only")
    ap.add_argument("--out-tag", default="", help="suffix of the eval's result files")
    ap.add_argument("--modes", nargs="+", default=["text", "seed"])
    ap.add_argument("--variants", nargs="+", default=None, choices=list(VARIANTS))
    ap.add_argument("--limit", type=int, default=None, help="debug: queries per set")
    ap.add_argument("--workdir", default="/tmp/i12s13")
    ap.add_argument("--tag", default="s13")
    args = ap.parse_args()
    lines: list[str] = []

    def log(s):
        print(s, flush=True)
        lines.append(s)

    if args.stage == "features":
        features(args, log)
    else:
        evaluate_all(args, log)
    log_path = RESULTS / f"learned_pool_{args.tag}{args.out_tag}_{args.stage}.log"
    RESULTS.mkdir(exist_ok=True)
    log_path.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
