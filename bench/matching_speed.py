"""Speed and memory of the matching engine on synthetic organisations.

    python bench/matching_speed.py [--sizes 1000 10000 100000] [--queries 50]

For each size: one full partner query (candidates from the vector index and the graph, all
signals, ranker, explanations) against a bare numpy matrix-vector top-10 over the *same*
matrix in the same run; scipy-sparse graph scores against the networkx functions on the same
graph; process memory after loading.
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from matching import KINDS, OrgRecord, PartnerMatcher  # noqa: E402

WORDS = (
    "genomics imaging radiology oncology cardiology diabetes wearable sensors telemedicine "
    "biobank proteomics vaccines antibiotics microbiome dementia stroke rehabilitation "
    "robotics surgery drug discovery screening biomarkers nanomedicine bioinformatics "
    "epidemiology nutrition ageing paediatrics dermatology ophthalmology"
).split()
PROVINCES = ("MI", "BG", "BS", "CO", "CR", "LC", "LO", "MN", "MB", "PV", "SO", "VA")


class _Given:
    """Encoder stand-in: every vector is given, nothing is encoded."""

    dim = 384
    model_name = "synthetic"

    def encode(self, texts, show_progress=False):
        """Never called: all vectors are precomputed."""
        raise AssertionError("nothing should be encoded")


def rss_mb() -> float:
    """Current resident set size of this process in MB."""
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def synthetic(n: int, rng: np.random.Generator):
    """Clustered unit vectors, records with texts, and project-clique edges (mean degree ~12)."""
    centres = rng.normal(size=(max(8, n // 200), 384)).astype(np.float32)
    vec = centres[rng.integers(0, len(centres), n)] + 0.7 * rng.normal(size=(n, 384))
    vec = (vec / np.linalg.norm(vec, axis=1, keepdims=True)).astype(np.float32)
    has_offer = rng.random(n) < 0.3
    has_seek = rng.random(n) < 0.3
    orgs = []
    for i in range(n):
        words = " ".join(rng.choice(WORDS, 12))
        orgs.append(
            OrgRecord(
                i,
                f"org {i}",
                KINDS[i % len(KINDS)],
                text=words,
                offers="offer " + words[:30] if has_offer[i] else "",
                seeks="seek " + words[-30:] if has_seek[i] else "",
                trl_min=int(rng.integers(1, 5)),
                trl_max=int(rng.integers(5, 10)),
                province=PROVINCES[i % len(PROVINCES)],
                region="Lombardia",
                last_active_year=int(rng.integers(2015, 2026)),
            )
        )
    vectors = {i: vec[i] for i in range(n)}
    offers = {i: vec[i] for i in range(n) if has_offer[i]}
    seeks = {i: vec[(i + 1) % n] for i in range(n) if has_seek[i]}
    edges = []
    for _ in range(n // 4):  # projects of 3-8 members
        members = rng.choice(n, int(rng.integers(3, 9)), replace=False)
        year = int(rng.integers(2014, 2026))
        edges += [
            (int(a), int(b), 1.0, year) for j, a in enumerate(members) for b in members[j + 1 :]
        ]
    return orgs, vectors, offers, seeks, edges


def timeit(fn, repeat: int) -> float:
    """Median wall time of ``fn`` in milliseconds."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def bench_size(n: int, n_queries: int, nx_queries: int) -> dict:
    """All measurements for one size."""
    import networkx as nx

    rng = np.random.default_rng(n)
    gc.collect()
    base = rss_mb()
    orgs, vectors, offers, seeks, edges = synthetic(n, rng)
    t = time.perf_counter()
    m = PartnerMatcher(encoder=_Given()).fit(
        orgs, vectors=vectors, edges=edges, offer_vectors=offers, seek_vectors=seeks
    )
    fit_s = time.perf_counter() - t
    del orgs, vectors, offers, seeks
    gc.collect()
    mem = rss_mb() - base
    ids = [int(i) for i in rng.choice(n, n_queries, replace=False)]
    M = m.index_.matrix
    for i in ids[:3]:  # warm up
        m.suggest_partners(i, k=10)

    def bare(q):
        """Bare numpy top-10: matrix-vector product, argpartition, sort."""
        s = M @ q
        top = np.argpartition(-s, 10)[:10]
        return top[np.argsort(-s[top])]

    qs = [M[m.index_.row_of(i)] for i in ids]
    engine_ms = statistics.median(timeit(lambda i=i: m.suggest_partners(i, k=10), 3) for i in ids)
    bare_ms = statistics.median(timeit(lambda q=q: bare(q), 3) for q in qs)
    g = m.graph_
    nxg = g.to_networkx()
    sub = ids[:nx_queries]
    sp_aa = statistics.median(timeit(lambda i=i: g.adamic_adar(i), 3) for i in sub)
    sp_ra = statistics.median(timeit(lambda i=i: g.resource_allocation(i), 3) for i in sub)
    sp_cn = statistics.median(timeit(lambda i=i: g.common_neighbors(i), 3) for i in sub)
    nodes = list(nxg.nodes)

    def nx_aa(i):
        """Adamic-Adar of ``i`` with every other node, networkx."""
        return list(nx.adamic_adar_index(nxg, [(i, v) for v in nodes if v != i]))

    def nx_ra(i):
        """Resource allocation of ``i`` with every other node, networkx."""
        return list(nx.resource_allocation_index(nxg, [(i, v) for v in nodes if v != i]))

    def nx_cn(i):
        """Common-neighbour counts of ``i`` with every other node, networkx."""
        return [len(list(nx.common_neighbors(nxg, i, v))) for v in nodes if v != i]

    nx_aa_ms = statistics.median(timeit(lambda i=i: nx_aa(i), 1) for i in sub)
    nx_ra_ms = statistics.median(timeit(lambda i=i: nx_ra(i), 1) for i in sub)
    nx_cn_ms = statistics.median(timeit(lambda i=i: nx_cn(i), 1) for i in sub)
    # Small graphs solve PageRank with a dense inverse cached per alpha: time its one-off
    # construction (first call) apart from the per-organisation queries that follow.
    t = time.perf_counter()
    g.personalized_pagerank([sub[0]], tol=1e-8)
    ppr_first_ms = (time.perf_counter() - t) * 1000
    sp_ppr = statistics.median(
        timeit(lambda i=i: g.personalized_pagerank([i], tol=1e-8), 1) for i in sub[:3]
    )
    nx_ppr = statistics.median(
        timeit(lambda i=i: nx.pagerank(nxg, personalization={i: 1}, tol=1e-8), 1) for i in sub[:3]
    )
    return {
        "orgs": n,
        "edges": g.n_edges,
        "fit_s": round(fit_s, 2),
        "memory_mb": round(mem, 1),
        "query_ms": round(engine_ms, 2),
        "ppr_first_call_ms": round(ppr_first_ms, 1),
        "bare_topk_ms": round(bare_ms, 2),
        "query_vs_bare": round(engine_ms / bare_ms, 2),
        "sparse_ms": {
            "adamic_adar": round(sp_aa, 3),
            "resource_allocation": round(sp_ra, 3),
            "common_neighbors": round(sp_cn, 3),
            "ppr_converged": round(sp_ppr, 2),
        },
        "networkx_ms": {
            "adamic_adar": round(nx_aa_ms, 1),
            "resource_allocation": round(nx_ra_ms, 1),
            "common_neighbors": round(nx_cn_ms, 1),
            "ppr_converged": round(nx_ppr, 1),
        },
        "speedup": {
            "adamic_adar": round(nx_aa_ms / sp_aa, 1),
            "resource_allocation": round(nx_ra_ms / sp_ra, 1),
            "common_neighbors": round(nx_cn_ms / sp_cn, 1),
            "ppr_converged": round(nx_ppr / sp_ppr, 1),
        },
    }


def main() -> None:
    """Run every size and print / save the results."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--queries", type=int, default=50)
    ap.add_argument("--nx-queries", type=int, default=5)
    args = ap.parse_args()
    results = []
    for n in args.sizes:
        r = bench_size(n, args.queries, args.nx_queries)
        results.append(r)
        print(json.dumps(r), flush=True)
    dest = ROOT / "bench" / "results"
    dest.mkdir(exist_ok=True)
    (dest / "matching_speed.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
