"""Candidate generation and per-candidate signal computation for :class:`PartnerMatcher`.

Everything here works on numpy arrays of graph positions: one request touches the vector
matrix once (the semantic scores) and otherwise only the candidates and the seeds' two-hop
neighbourhood, so its cost stays close to a bare matrix-vector product.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .index import top_k
from .ranker import SIGNALS, PartnerRanker, signal_features
from .records import KIND_CODE, OrgRecord, Suggestion
from .signals import (
    KIND_TABLE,
    activity_codes,
    geography_codes,
    trl_point_fit_codes,
    trl_range_fit_codes,
)

if TYPE_CHECKING:
    from .engine import PartnerMatcher

_COL = {name: j for j, name in enumerate(SIGNALS)}
_EMPTY = np.zeros(0, dtype=np.int64)


def _semantic_candidates(m: PartnerMatcher, qvec, kinds, excluded_pos, scores):
    masked = scores
    if kinds is not None:
        masked = np.where(m.index_.mask(kinds), scores, -np.inf)
    rows = top_k(masked, m.n_candidates + len(excluded_pos))
    rows = rows[np.isfinite(masked[rows])]
    index = m.graph_._index
    pos = np.fromiter(
        (index[i] for i in m.index_.ids_of_rows(rows)), dtype=np.int64, count=len(rows)
    )
    return pos[~np.isin(pos, excluded_pos)][: m.n_candidates]


def _centred_trl(fit: np.ndarray, candidate_known: np.ndarray) -> np.ndarray:
    """The ``trl_fit`` signal: the fit (1 overlapping, halved per level apart) minus 0.5 when
    both TRLs are known, 0 when either is unknown (``fit < 0``: no seed with a known TRL).

    An unknown TRL is no evidence either way: with the fit itself as the signal, the
    organisations CORDIS describes (never a TRL) lost to every profile with a fitting range, as
    if they were far apart. Centred, a fitting range adds, a distant one subtracts and an unknown
    one adds nothing (the same order as giving unknown the middle value, shifted by a
    constant), so "why this suggestion" never credits a fit nobody stated."""
    return np.where((fit >= 0) & candidate_known, fit - 0.5, 0.0)


def _lexical_candidates(m: PartnerMatcher, lexical, kind_codes, excluded_pos) -> np.ndarray:
    """The positions of the ``n_candidates`` best lexical matches (kind filter, exclusions)."""
    ok = lexical > 0
    ok[excluded_pos] = False
    if kind_codes is not None:
        ok &= np.isin(m.table_.kind[: len(ok)], kind_codes)
    masked = np.where(ok, lexical, -np.inf)
    pos = top_k(masked, m.n_candidates)
    return pos[np.isfinite(masked[pos])].astype(np.int64)


def _pair_max(q: np.ndarray | None, mat_index, rows: np.ndarray) -> np.ndarray:
    """Max over query rows of the cosine with each candidate's vector (row -1 = none)."""
    out = np.zeros(len(rows))
    if q is None or len(q) == 0 or len(mat_index) == 0:
        return out
    ok = rows >= 0
    if ok.any():
        sims = mat_index.matrix[rows[ok]] @ q.T  # (c, s)
        out[ok] = np.clip(sims.max(axis=1), 0.0, None)
    return out


def _pair_max_stacked(q: np.ndarray | None, ok: np.ndarray, mat: np.ndarray) -> np.ndarray:
    """:func:`_pair_max` over vectors already gathered (``mat``: one row per ``ok``)."""
    out = np.zeros(len(ok))
    if q is None or len(q) == 0 or len(mat) == 0:
        return out
    out[ok] = np.clip((mat @ q.T).max(axis=1), 0.0, None)
    return out


def _stack(index, ids) -> np.ndarray | None:
    rows = [index.row_of(i) for i in ids if i in index]
    return index.matrix[rows] if rows else None


def _offer_stack(m: PartnerMatcher, ids) -> np.ndarray | None:
    """The offer vectors of ``ids`` that have one, stacked in order."""
    pos = np.array([m.graph_.pos(i) for i in ids], dtype=np.int64)
    ok, mat = m.offer_rows(pos)
    return mat if ok.any() else None


def candidate_signals(
    m: PartnerMatcher,
    seeds: list[OrgRecord],
    kinds,
    excluded: set[int],
    qvec: np.ndarray | None,
    trl: int | None = None,
    ppr_alpha: float | None = None,
    lexical: np.ndarray | None = None,
    dense_query: bool = True,
) -> tuple[list[int], np.ndarray]:
    """Candidates (vector index top-N, lexical top-N, graph two-hop neighbourhood) and their
    raw signals.

    ``ppr_alpha`` overrides the matcher's PageRank continuation (consortium completion uses a
    shorter walk than partner suggestions); ``lexical`` is the query's lexical score per graph
    position (:meth:`PartnerMatcher.lexical_scores`). The profile cosines (semantic, offer/seek)
    count only between texts the encoder reads (``dense_query`` for the query, the table's
    ``dense_ok`` for each candidate)."""
    g, t = m.graph_, m.table_
    index = g._index
    excluded_pos = np.array([index[e] for e in excluded if e in index], dtype=np.int64)
    kind_codes = None if kinds is None else [KIND_CODE[k] for k in kinds]
    parts = []
    sem_all = None
    if qvec is not None and len(m.index_):
        sem_all = m.index_.scores(qvec)
        parts.append(_semantic_candidates(m, qvec, kinds, excluded_pos, sem_all))
    if lexical is not None:
        # Relative to the best candidate the query may get (itself excluded): 0..1.
        allowed = np.ones(len(lexical), dtype=bool)
        allowed[excluded_pos] = False
        best = float(lexical[allowed].max()) if allowed.any() else 0.0
        lexical = lexical / best if best > 0 else None
        if lexical is not None:
            parts.append(_lexical_candidates(m, lexical, kind_codes, excluded_pos))
    gseeds = [s.id for s in seeds if g.degree(s.id) > 0]
    loc = None
    if gseeds:
        alpha = m.ppr_alpha if ppr_alpha is None else ppr_alpha
        loc = g.local_scores(gseeds, alpha=alpha, n_iter=m.ppr_iter)
        p = loc["pos"]
        ok = ~np.isin(p, excluded_pos)
        if kind_codes is not None:
            ok &= np.isin(t.kind[p], kind_codes)
        order = np.argsort(-loc["ppr"][ok], kind="stable")[: m.n_candidates]
        parts.append(p[ok][order])
    cand = np.unique(np.concatenate(parts)) if parts else _EMPTY
    sig = np.zeros((len(cand), len(SIGNALS)))
    if not len(cand):
        return [], sig
    ids = [g.node_ids_[p] for p in cand]
    if sem_all is not None:
        rows = t.row[cand]
        sig[:, _COL["semantic"]] = np.where(rows >= 0, sem_all[np.maximum(rows, 0)], 0.0)
    if lexical is not None:
        sig[:, _COL["lexical"]] = lexical[cand]
    seed_ids = [s.id for s in seeds]
    if seeds:
        seeks = _stack(m.seek_index_, seed_ids)
        offers = _offer_stack(m, seed_ids)
        sig[:, _COL["offer_seek"]] = np.maximum(
            _pair_max_stacked(seeks, *m.offer_rows(cand)),
            _pair_max(offers, m.seek_index_, t.seek_row[cand]),
        )
    elif qvec is not None:  # a text need: compare it with what candidates offer
        sig[:, _COL["offer_seek"]] = _pair_max_stacked(qvec[None, :], *m.offer_rows(cand))
    unread = t.dense_ok[cand] == 0 if dense_query else np.ones(len(cand), dtype=bool)
    sig[unread, _COL["semantic"]] = 0.0
    sig[unread, _COL["offer_seek"]] = 0.0
    if loc is not None:
        at = np.minimum(np.searchsorted(loc["pos"], cand), len(loc["pos"]) - 1)
        hit = loc["pos"][at] == cand
        for name, key in (
            ("common_partners", "cn"),
            ("adamic_adar", "aa"),
            ("resource_allocation", "ra"),
            ("ppr", "ppr"),
        ):
            sig[hit, _COL[name]] = loc[key][at[hit]]
    seed_pos = np.array([index[s] for s in seed_ids], dtype=np.int64)
    if len(seed_pos):
        sig[:, _COL["kind_complementarity"]] = KIND_TABLE[t.kind[seed_pos]][:, t.kind[cand]].max(0)
    trl_fit = np.full(len(cand), -1.0)  # -1: no seed with a known TRL range
    for sp in seed_pos:
        if t.trl_lo[sp] > 0:
            trl_fit = np.maximum(
                trl_fit,
                trl_range_fit_codes(
                    int(t.trl_lo[sp]), int(t.trl_hi[sp]), t.trl_lo[cand], t.trl_hi[cand]
                ),
            )
        sig[:, _COL["geography"]] = np.maximum(
            sig[:, _COL["geography"]],
            geography_codes(
                int(t.province[sp]), int(t.region[sp]), t.province[cand], t.region[cand]
            ),
        )
    if trl is not None:
        trl_fit = trl_point_fit_codes(trl, t.trl_lo[cand], t.trl_hi[cand])
    sig[:, _COL["trl_fit"]] = _centred_trl(trl_fit, t.trl_lo[cand] > 0)
    sig[:, _COL["activity"]] = activity_codes(t.year[cand], m.reference_year_, m.activity_half_life)
    return ids, sig


def common_partners(m: PartnerMatcher, seeds: list[OrgRecord], cids: list[int]) -> list[list[int]]:
    """For each candidate: seeds it worked with (several seeds only), then shared partners."""
    g = m.graph_
    if not seeds:
        return [[] for _ in cids]
    seed_pos = {g.pos(s.id) for s in seeds}
    around: set[int] = set()
    for s in seeds:
        around.update(g.neighbor_positions(s.id).tolist())
    around -= seed_pos
    W = g.weights_
    out = []
    for cid in cids:
        p = g.pos(cid)
        lo, hi = W.indptr[p], W.indptr[p + 1]
        nb, w = W.indices[lo:hi].tolist(), W.data[lo:hi].tolist()
        by_weight = sorted(zip(w, nb, strict=True), reverse=True)
        direct = [q for _, q in by_weight if q in seed_pos] if len(seeds) > 1 else []
        shared = [q for _, q in by_weight if q in around]
        out.append([g.node_ids_[q] for q in (direct + shared)[: m.max_common_partners]])
    return out


def rank_candidates(
    m: PartnerMatcher,
    seeds: list[OrgRecord],
    k: int,
    kinds,
    excluded: set[int],
    qvec,
    text_row,
    trl: int | None = None,
    ranker: PartnerRanker | None = None,
    ppr_alpha: float | None = None,
    lexical: np.ndarray | None = None,
    dense_query: bool = True,
) -> list[Suggestion]:
    """Score the candidates with ``ranker`` (the matcher's own by default) and explain the top
    ``k``."""
    ranker = ranker if ranker is not None else m.ranker_
    cands, sig = candidate_signals(
        m, seeds, kinds, excluded, qvec, trl, ppr_alpha, lexical, dense_query
    )
    if not cands:
        return []
    contrib = ranker.contributions(signal_features(sig, m.graph_.n_nodes))
    logit = contrib.sum(axis=1) + ranker.intercept_
    score = 1.0 / (1.0 + np.exp(-np.clip(logit, -50, 50)))
    order = top_k(score, k)
    partners = common_partners(m, seeds, [cands[j] for j in order])
    explain = m.explainer_
    out = []
    for n, j in enumerate(order):
        cid = cands[j]
        out.append(
            Suggestion(
                org_id=cid,
                score=float(score[j]),
                signals={s: float(sig[j, c]) for s, c in _COL.items()},
                contributions={s: float(contrib[j, c]) for s, c in _COL.items()},
                shared_terms=explain.shared(text_row, explain.row(cid)),
                common_partners=partners[n],
            )
        )
    return out
