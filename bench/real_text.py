"""Real-text validation of the matcher: Horizon Europe (seed + text, text only) and NSF FY2008.

    python bench/real_text.py he  [--splits 0 1 2] [--tune] [--no-dense] [--final]
    python bench/real_text.py nsf [--tune] [--final]

Horizon Europe: the model holds H2020 (participations; title + teaser documents) and the
Horizon Europe projects starting before 2023-01-01 (title + objective documents); queries are
the Horizon Europe health projects starting in 2023. Seed + text: coordinator + half of the
other partners known (three random splits, seeds 0 1 2); text only: empty seed, every member
known to the model is an answer. The fused ranker is trained on the Horizon Europe projects of
2022 against a model of everything before 2022 (never on the 2023 queries).

NSF: "Collaborative Research" groups with >= 2 institutions starting in 2009 are the queries,
institutions are described by their awards starting before 2009; the fused ranker is trained
on the groups of the second half of 2008 against the awards before them.

Dense vectors come from the on-disk cache only (``bench/warm_cache.py`` fills it); a passage
not yet cached scores 0 and the run says how many were missing.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import realdata  # noqa: E402

from matching.copart import CoParticipation, Participation  # noqa: E402
from matching.dense import VectorCache, default_cache_dir, text_key  # noqa: E402
from matching.documents import OrgDocument  # noqa: E402
from matching.encoder import DEFAULT_MODEL_NAME  # noqa: E402
from matching.fusion import (  # noqa: E402
    FusionRanker,
    TextGraphScorer,
    candidate_pool,
    pool_matrix,
    query_channels,
)
from matching.research.evaluate import hide_half, summarize  # noqa: E402
from matching.textmatch import TextMatcher  # noqa: E402

RESULTS = ROOT / "bench" / "results"


class CacheOnlyEncoder:
    """Vectors from the cache; a text not cached gets a zero vector (counted in ``missing_``)."""

    def __init__(self, cache: VectorCache, dim: int = 384):
        self.cache = cache
        self.dim = dim
        self.missing_ = 0

    def encode(self, texts, show_progress=False):
        """Cached vectors (zeros when missing)."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            v = self.cache.get(text_key(t))
            if v is None:
                self.missing_ += 1
            else:
                out[i] = v
        return out


class World:
    """The model side at a cut-off: graph, documents, text channels, TF-IDF baseline."""

    def __init__(self, projects, cutoff, encoder, lex=(1.2, 1.0), max_passages=1):
        model = [p for p in projects if p.start < cutoff]
        rows = [
            Participation(p.id, o, role, typ, country, p.date)
            for p in model
            for o, (role, typ, country) in p.members.items()
        ]
        self.cp = CoParticipation(3.0).fit(rows, reference_year=cutoff)
        docs = [
            OrgDocument(o, p.text, p.start, doc_id=p.id) for p in model if p.text for o in p.members
        ]
        self.tm = TextMatcher(
            encoder, k1=lex[0], b=lex[1], max_passages=max_passages, cosine=True
        ).fit(docs, org_ids=list(self.cp.org_ids_))
        self.table = self.tm.table_
        self.tfidf = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=1)
        self.D = self.tfidf.fit_transform(self.table.texts_)
        self.pos = self.cp.pos_
        self.cutoff = cutoff

    def text_scores(self, texts):
        """Per query: lexical, dense and TF-IDF scores of every distinct document text."""
        L = self.tm.bm25_.scores_many(texts).toarray()
        T = (self.tfidf.transform(texts) @ self.D.T).toarray()
        out = []
        for i, t in enumerate(texts):
            d = {"lexical": L[i], "tfidf": T[i]}
            if self.tm.dense_ is not None:
                d["dense"] = self.tm.dense_.scores(self.tm.dense_.query_vector(t))
            out.append(d)
        return out


def make_queries(world, projects, lo, hi, mode, split, only_health=True, limit=None, rng_seed=0):
    """Queries ``(id, text, year, seed_pos, answer_pos)`` of the projects starting in [lo, hi)."""
    out = []
    chosen = [p for p in projects if lo <= p.start < hi and p.text and len(p.members) >= 2]
    if only_health:
        chosen = [p for p in chosen if p.is_health]
    if limit and len(chosen) > limit:
        chosen = random.Random(rng_seed).sample(chosen, limit)
    for p in sorted(chosen, key=lambda p: p.id):
        members = sorted(p.members)
        if mode == "seed":
            rng = random.Random(f"{split}-{p.id}")
            seed, hidden = hide_half(
                members, p.coordinator if p.coordinator in p.members else None, rng
            )
        else:
            seed, hidden = [], members
        sp_ = np.array(sorted({world.pos[s] for s in seed if s in world.pos}), dtype=np.int64)
        ans = {world.pos[h] for h in hidden if h in world.pos}
        if ans:
            out.append((p.id, p.text, p.start, sp_, ans))
    return out


def agg(world, ts, channel, k, hl, year):
    """Aggregate one channel's text scores to organisations."""
    return world.table.aggregate(ts[channel], k, hl, year)


def rank(score, seed_pos, k=100):
    """Top-k positions (seed excluded)."""
    s = score.astype(np.float64).copy()
    s[seed_pos] = -np.inf
    top = np.argpartition(-s, k)[:k]
    return list(top[np.lexsort((top, -s[top]))])


def evaluate(rankings, queries):
    """Metrics of rankings (lists of positions) against the queries' answers."""
    truth = {q[0]: q[4] for q in queries}
    return summarize(rankings, truth)


def channels_for(world, q, ts, cfg):
    """All channels of one query with the configured aggregations."""
    qid, text, year, seed_pos, _ = q
    text_agg = {"lexical": agg(world, ts, "lexical", cfg["lex_k"], cfg["lex_hl"], year)}
    best = {"lexical": agg(world, ts, "lexical", 1, None, year)}
    if "dense" in ts:
        text_agg["dense"] = agg(world, ts, "dense", cfg["dense_k"], cfg["dense_hl"], year)
        best["dense"] = agg(world, ts, "dense", 1, None, year)
    return query_channels(world.cp, text_agg, best, seed_pos, year, world.table.n_docs_)


def pools(world, queries, tss, cfg):
    """Per query: (pool, features, labels)."""
    out = []
    for q, ts in zip(queries, tss, strict=True):
        ch = channels_for(world, q, ts, cfg)
        pool = candidate_pool(ch, q[3])
        X = pool_matrix(ch, pool)
        y = np.isin(pool, list(q[4]))
        out.append((pool, X, y))
    return out


def baselines(world, queries, tss, cfg):
    """Rankings of every simple baseline."""
    res = {}
    z = lambda v: (v - v.mean()) / (v.std() + 1e-9)  # noqa: E731
    R = {k: {} for k in ("popularity", "tfidf_top3", "bm25", "dense", "ppr", "ppr+tfidf z-sum")}
    for q, ts in zip(queries, tss, strict=True):
        qid, _, year, seed, _ = q
        R["popularity"][qid] = rank(world.cp.recent_projects_, seed)
        tf = agg(world, ts, "tfidf", 3, None, year)
        R["tfidf_top3"][qid] = rank(tf, seed)
        R["bm25"][qid] = rank(agg(world, ts, "lexical", cfg["lex_k"], cfg["lex_hl"], year), seed)
        if "dense" in ts:
            R["dense"][qid] = rank(
                agg(world, ts, "dense", cfg["dense_k"], cfg["dense_hl"], year), seed
            )
        if len(seed):
            ppr = world.cp.ppr(seed, alpha=0.15)
            R["ppr"][qid] = rank(ppr, seed)
            R["ppr+tfidf z-sum"][qid] = rank(z(np.log1p(ppr * world.cp.n_orgs)) + z(tf), seed)
    for name, r in R.items():
        if r:
            res[name] = evaluate(r, queries)
    return res


BLENDS = {
    # name: weights of the z-scored channels (over all organisations of the query)
    "blend lex": {"lexical": 1.0},
    "blend lex+dense": {"lexical": 1.0, "dense": 1.0},
    "blend lex+0.5 dense": {"lexical": 1.0, "dense": 0.5},
    "blend lex+dense+0.5 feedback": {"lexical": 1.0, "dense": 1.0, "feedback": 0.5},
    "blend lex+dense+ppr": {"lexical": 1.0, "dense": 1.0, "ppr": 1.0},
    "blend lex+dense+2 ppr": {"lexical": 1.0, "dense": 1.0, "ppr": 2.0},
}


def fused(world, queries, tss, cfg, ranker):
    """Metrics of the fused ranker (if any) and of the fixed z-score blends."""
    z = lambda v: (v - v.mean()) / (v.std() + 1e-9)  # noqa: E731
    R = {"fused": {}, "fused + blend": {}} if ranker is not None else {}
    R |= {b: {} for b in BLENDS}
    seeded = any(len(q[3]) for q in queries)
    for q, ts in zip(queries, tss, strict=True):
        ch = channels_for(world, q, ts, cfg)
        for b, w in BLENDS.items():
            if "ppr" in w and not seeded:
                continue
            score = sum(wt * z(ch[c]) for c, wt in w.items() if ch[c].any())
            R[b][q[0]] = rank(np.asarray(score, dtype=np.float64), q[3])
        if ranker is not None:
            pool = candidate_pool(ch, q[3])
            s = ranker.score(pool_matrix(ch, pool))
            order = np.lexsort((pool, -s))[:100]
            R["fused"][q[0]] = list(pool[order])
            w = BLENDS["blend lex+dense+ppr" if seeded else "blend lex+dense"]
            bl = sum(wt * z(ch[c][pool]) for c, wt in w.items() if ch[c].any())
            s2 = z(s) + z(np.asarray(bl, dtype=np.float64))
            order = np.lexsort((pool, -s2))[:100]
            R["fused + blend"][q[0]] = list(pool[order])
    return {name: evaluate(r, queries) for name, r in R.items() if r}


SCORERS = {
    # name: TextGraphScorer arguments (the command's default is the first)
    "scorer (shipped)": {},
    "scorer, no dense": {"dense_weight": 0.0},
    "scorer, project 0.5": {"project_weight": 0.5},
    "scorer, ppr 1.0": {"ppr_weight": 1.0},
    "scorer, text k 3": {"text_k": 3},
    "scorer, text k 10": {"text_k": 10},
    "scorer, fusion": {"text_only": "fusion"},
    "scorer, blend 0": {"text_only": "blend", "blend_text_weight": 0.0},
    "scorer, blend 0.25": {"text_only": "blend", "blend_text_weight": 0.25},
    "scorer, blend 0.5": {"text_only": "blend", "blend_text_weight": 0.5},
    "scorer, blend 0.75": {"text_only": "blend", "blend_text_weight": 0.75},
    "scorer, blend 0.5, no dense": {
        "text_only": "blend",
        "blend_text_weight": 0.5,
        "dense_weight": 0.0,
    },
}
# Arguments that change the channels (the others only change how they are combined).
_CHANNEL_ARGS = ("text_k", "dense_weight", "feedback_seeds")
_TEXT_ONLY_ARGS = ("text_only", "blend_text_weight")


def scored(world, queries, names=None):
    """Metrics of the TextGraphScorer variants (the command's text path).

    The channels of a query are computed once per group of variants that share them; a
    variant that differs from the shipped scorer only in its text-only mode is skipped on
    seed queries (its ranking would be the same)."""
    seeded = any(len(q[3]) for q in queries)
    chosen = {n: kw for n, kw in SCORERS.items() if names is None or n in names}
    if seeded:
        chosen = {
            n: kw
            for n, kw in chosen.items()
            if n == "scorer (shipped)" or not set(kw) <= set(_TEXT_ONLY_ARGS)
        }
    groups: dict[tuple, list[str]] = {}
    for n, kw in chosen.items():
        groups.setdefault(tuple(kw.get(a) for a in _CHANNEL_ARGS), []).append(n)
    out = {}
    for members in groups.values():
        scorers = {n: TextGraphScorer(world.cp, world.tm, **chosen[n]) for n in members}
        first = scorers[members[0]]
        r: dict[str, dict] = {n: {} for n in members}
        for q in queries:
            ch = first.channels(q[1], q[3], q[2])
            for n, sc in scorers.items():
                r[n][q[0]] = rank(sc.combine(ch, q[3]), q[3])
        for n in members:
            out[n] = evaluate(r[n], queries)
    return {n: out[n] for n in chosen}


def fmt(name, m):
    """One markdown table row."""
    cells = " | ".join(f"{m[c]:.3f}" for c in ("recall@10", "recall@20", "mrr", "ndcg@20"))
    return f"| {name} | {cells} |"


PROTOCOLS = {
    # name: (loader, validation cut-off, query window, training cut-off, training window,
    #        health only, training query cap)
    "he": (realdata.horizon, 2023.0, (2023.0, 2024.0), 2022.0, (2022.0, 2023.0), True, 600),
    "nsf": (realdata.nsf, 2009.0, (2009.0, 2010.0), 2008.5, (2008.5, 2009.0), False, 600),
}
DEFAULT_CFG = {"lex_k": 5, "lex_hl": None, "dense_k": 3, "dense_hl": None}


def by_id(world, projects, ids):
    """Text scores of the projects ``ids`` (computed once)."""
    texts = {p.id: p.text for p in projects}
    ids = list(dict.fromkeys(ids))
    return dict(zip(ids, world.text_scores([texts[i] for i in ids]), strict=True))


def tune(world, qsets, ts, log):
    """Aggregation grid per text channel on validation (every query set: all splits, modes)."""
    best = dict(DEFAULT_CFG)
    for ch in ("lexical", "dense"):
        if ch == "dense" and "dense" not in next(iter(ts.values())):
            continue
        rows = []
        for k in (1, 2, 3, 5, 10):
            for hl in (None, 2.0, 4.0, 8.0):
                ms = []
                for qs in qsets:
                    r = {q[0]: rank(agg(world, ts[q[0]], ch, k, hl, q[2]), q[3]) for q in qs}
                    ms.append(evaluate(r, qs))
                r20 = np.mean([m["recall@20"] for m in ms])
                mrr = np.mean([m["mrr"] for m in ms])
                rows.append((r20 / 2 + mrr / 2, k, hl, r20, mrr))
                log(f"| {ch} | {k} | {hl} | {r20:.3f} | {mrr:.3f} |")
        _, k, hl, _, _ = max(rows, key=lambda r: r[0])
        key = "lex" if ch == "lexical" else "dense"
        best[f"{key}_k"], best[f"{key}_hl"] = k, hl
    return best


def main() -> None:
    """Entry point."""
    ap = argparse.ArgumentParser()
    ap.add_argument("protocol", choices=sorted(PROTOCOLS))
    ap.add_argument("--splits", type=int, nargs="+", default=[0, 1, 2])
    ap.add_argument("--cache", default=str(default_cache_dir()))
    ap.add_argument("--no-dense", action="store_true")
    ap.add_argument("--tune", action="store_true", help="grid the per-channel aggregation")
    ap.add_argument("--cfg", default=None, help="JSON aggregation config")
    ap.add_argument("--no-fusion", action="store_true")
    ap.add_argument("--no-blends", action="store_true", help="skip last session's z-blends")
    ap.add_argument("--all-scorers", action="store_true", help="every TextGraphScorer variant")
    ap.add_argument(
        "--scorers",
        nargs="+",
        default=["scorer (shipped)", "scorer, no dense", "scorer, fusion", "scorer, blend 0.5"],
        help=f"TextGraphScorer variants to run (of {list(SCORERS)})",
    )
    ap.add_argument("--max-passages", type=int, default=1, help="dense passages per text")
    ap.add_argument("--modes", nargs="+", default=None, help="only these modes: text seed")
    ap.add_argument("--no-baselines", action="store_true", help="skip the simple baselines")
    ap.add_argument("--tag", default="validation")
    ap.add_argument("--train-cap", type=int, default=None, help="training queries (default 600)")
    args = ap.parse_args()
    unknown = set(args.scorers) - set(SCORERS)
    if unknown:
        ap.error(f"unknown --scorers {sorted(unknown)}; choose from {list(SCORERS)}")
    t0 = time.time()
    lines: list[str] = []

    def log(s):
        print(s, flush=True)
        lines.append(s)

    loader, cut, qwin, tcut, twin, health, cap = PROTOCOLS[args.protocol]
    cap = args.train_cap or cap
    projects = loader()
    enc = None if args.no_dense else CacheOnlyEncoder(VectorCache(args.cache, DEFAULT_MODEL_NAME))
    W = World(projects, cut, enc, max_passages=args.max_passages)
    log(
        f"model: {W.cp.n_orgs} organisations, {len(W.table.row_org_)} document rows, "
        f"{len(W.table.texts_)} distinct texts ({time.time() - t0:.0f} s)"
    )
    modes = [("text", None)]
    if args.protocol == "he":
        modes += [("seed", s) for s in args.splits]
    if args.modes:
        modes = [m for m in modes if m[0] in args.modes]
    qsets = {m: make_queries(W, projects, *qwin, m[0], m[1], only_health=health) for m in modes}
    ts = by_id(W, projects, [q[0] for qs in qsets.values() for q in qs])
    if enc is not None:
        log(f"dense passages missing from the cache: {enc.missing_}")
    cfg = json.loads(args.cfg) if args.cfg else dict(DEFAULT_CFG)
    if args.tune:
        log("\n| channel | k best | half-life | R@20 | MRR |\n|---|---:|---:|---:|---:|")
        cfg = tune(W, [qsets[("text", None)]], ts, log)
    log(f"\naggregation: {json.dumps(cfg)}")
    rankers = {}
    if not args.no_fusion:
        Wt = World(projects, tcut, enc)
        for mode in {m[0] for m in modes}:
            tq = make_queries(Wt, projects, *twin, mode, 100, only_health=False, limit=cap)
            tts = by_id(Wt, projects, [q[0] for q in tq])
            data = pools(Wt, tq, [tts[q[0]] for q in tq], cfg)
            ceiling = np.mean([y.sum() / len(q[4]) for q, (_, _, y) in zip(tq, data, strict=True)])
            rankers[mode] = FusionRanker().fit([(X, y) for _, X, y in data])
            log(
                f"fusion ({mode}): {len(tq)} training queries from {twin}, graph before {tcut}; "
                f"pool holds {ceiling:.3f} of their answers"
            )
    results = {}
    for m in modes:
        qs = qsets[m]
        tss = [ts[q[0]] for q in qs]
        res = {} if args.no_baselines else baselines(W, qs, tss, cfg)
        res |= scored(W, qs, None if args.all_scorers else args.scorers)
        if not args.no_blends:
            res |= fused(W, qs, tss, cfg, rankers.get(m[0]))
        results[f"{m[0]}-{m[1]}"] = res
        log(f"\n{args.protocol} {m[0]} split {m[1]}: {len(qs)} queries\n")
        log("| ranking | R@10 | R@20 | MRR | nDCG@20 |\n|---|---:|---:|---:|---:|")
        for name, met in res.items():
            log(fmt(name, met))
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"real_text_{args.protocol}_{args.tag}.json"
    out.write_text(json.dumps({"cfg": cfg, "results": results}, indent=1))
    log(f"\n{time.time() - t0:.0f} s; wrote {out}")


if __name__ == "__main__":
    main()
