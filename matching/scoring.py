"""Candidate generation and per-candidate signal computation for :class:`PartnerMatcher`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .index import top_k
from .ranker import SIGNALS
from .records import OrgRecord
from .signals import activity, geography, kind_complementarity, trl_point_fit, trl_range_fit

if TYPE_CHECKING:
    from .engine import PartnerMatcher

_COL = {name: j for j, name in enumerate(SIGNALS)}


def _semantic_candidates(m: PartnerMatcher, qvec, kinds, excluded):
    scores = m.index_.scores(qvec)
    mask = m.index_.mask(kinds, exclude=excluded)
    masked = scores if mask is None else np.where(mask, scores, -np.inf)
    rows = top_k(masked, m.n_candidates)
    rows = rows[np.isfinite(masked[rows])]
    return scores, [int(i) for i in m.index_.ids_of_rows(rows)]


def _graph_candidates(m: PartnerMatcher, gseeds, kinds, excluded):
    g = m.graph_
    scores = g.seed_scores(gseeds)
    ppr = g.personalized_pagerank(gseeds, alpha=m.ppr_alpha, max_iter=m.ppr_iter)
    # Two hops: the seeds' partners and their partners, ordered by the walk's probability.
    near = np.where(scores["cn_sum"] > 0, ppr, 0.0)
    for s in gseeds:
        near[g.adjacency_[g.pos(s)].indices] = ppr[g.adjacency_[g.pos(s)].indices]
    nz = np.flatnonzero(near)
    order = nz[np.argsort(-near[nz], kind="stable")]
    out = []
    for p in order:
        cid = g.node_ids_[p]
        if cid in excluded or cid not in m.orgs_:
            continue
        if kinds is not None and m.orgs_[cid].kind not in kinds:
            continue
        out.append(cid)
        if len(out) >= m.n_candidates:
            break
    return scores, ppr, out


def _pair_max(q: np.ndarray | None, mat_index, cand_ids) -> np.ndarray:
    """Max over query rows of the cosine with each candidate's vector in ``mat_index``."""
    out = np.zeros(len(cand_ids))
    if q is None or len(q) == 0:
        return out
    rows = mat_index.rows_of(cand_ids)
    ok = rows >= 0
    if ok.any():
        sims = mat_index.matrix[rows[ok]] @ q.T  # (c, s)
        out[ok] = np.clip(sims.max(axis=1), 0.0, None)
    return out


def _stack(index, ids) -> np.ndarray | None:
    rows = [index.row_of(i) for i in ids if i in index]
    return index.matrix[rows] if rows else None


def candidate_signals(
    m: PartnerMatcher,
    seeds: list[OrgRecord],
    kinds,
    excluded: set[int],
    qvec: np.ndarray | None,
    trl: int | None = None,
) -> tuple[list[int], np.ndarray]:
    """Candidates (vector index top-N + graph two-hop neighbourhood) and their raw signals."""
    cands: dict[int, None] = {}
    sem_all = None
    if qvec is not None and len(m.index_):
        sem_all, ids = _semantic_candidates(m, qvec, kinds, excluded)
        cands.update(dict.fromkeys(ids))
    g = m.graph_
    gseeds = [s.id for s in seeds if s.id in g and g.degree(s.id) > 0]
    gscores = ppr = None
    if gseeds:
        gscores, ppr, ids = _graph_candidates(m, gseeds, kinds, excluded)
        cands.update(dict.fromkeys(ids))
    cand = list(cands)
    sig = np.zeros((len(cand), len(SIGNALS)))
    if not cand:
        return cand, sig
    recs = [m.orgs_[c] for c in cand]
    if sem_all is not None:
        rows = m.index_.rows_of(cand)
        sig[:, _COL["semantic"]] = np.where(rows >= 0, sem_all[np.maximum(rows, 0)], 0.0)
    seed_ids = [s.id for s in seeds]
    if seeds:
        seeks = _stack(m.seek_index_, seed_ids)
        offers = _stack(m.offer_index_, seed_ids)
        sig[:, _COL["offer_seek"]] = np.maximum(
            _pair_max(seeks, m.offer_index_, cand), _pair_max(offers, m.seek_index_, cand)
        )
    elif qvec is not None:  # a text need: compare it with what candidates offer
        sig[:, _COL["offer_seek"]] = _pair_max(qvec[None, :], m.offer_index_, cand)
    if gscores is not None:
        pos = np.fromiter((g.pos(c) for c in cand), dtype=np.int64, count=len(cand))
        sig[:, _COL["common_partners"]] = gscores["cn_sum"][pos]
        sig[:, _COL["adamic_adar"]] = gscores["aa_sum"][pos]
        sig[:, _COL["resource_allocation"]] = gscores["ra_sum"][pos]
        sig[:, _COL["ppr"]] = ppr[pos]
    kinds_c = [r.kind for r in recs]
    los = [r.trl_min for r in recs]
    his = [r.trl_max for r in recs]
    provs = [r.province for r in recs]
    regs = [r.region for r in recs]
    for s in seeds:
        sig[:, _COL["kind_complementarity"]] = np.maximum(
            sig[:, _COL["kind_complementarity"]], kind_complementarity(s.kind, kinds_c)
        )
        sig[:, _COL["trl_fit"]] = np.maximum(
            sig[:, _COL["trl_fit"]], trl_range_fit(s.trl_min, s.trl_max, los, his)
        )
        sig[:, _COL["geography"]] = np.maximum(
            sig[:, _COL["geography"]], geography(s.province, s.region, provs, regs)
        )
    if trl is not None:
        sig[:, _COL["trl_fit"]] = trl_point_fit(trl, los, his)
    sig[:, _COL["activity"]] = activity(
        [r.last_active_year for r in recs], m.reference_year_, m.activity_half_life
    )
    return cand, sig
