"""Learned fusion of the text and graph channels over a candidate pool.

For one query, :func:`query_channels` gathers every channel as an array over all
organisations (positions of a :class:`~matching.copart.CoParticipation`):

* ``lexical`` / ``lexical_best`` -- BM25, aggregated (k best documents) and best document;
* ``dense`` / ``dense_best`` -- best-passage cosine, aggregated and best document;
* ``ppr``, ``linked``, ``aa`` -- graph proximity to the seed (0 without a seed);
* ``feedback`` -- PageRank from the best text matches (consortia re-form);
* ``popularity``, ``n_docs``, ``idle_years``, ``org_type`` -- priors.

:func:`candidate_pool` takes the best organisations of each channel; :func:`pool_matrix` turns
the pool into features (each channel raw, relative to the query's best and as a rank);
:class:`FusionRanker` (scikit-learn histogram gradient boosting) learns from training queries
built from earlier time windows. Every channel stays available as a separate, explainable
signal (the raw values of a pool row are the per-channel explanation).
"""

from __future__ import annotations

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

CHANNELS: tuple[str, ...] = (
    "lexical",
    "lexical_best",
    "dense",
    "dense_best",
    "ppr",
    "linked",
    "aa",
    "feedback",
    "popularity",
    "n_docs",
    "idle_years",
    "org_type",
)
_RANKED = ("lexical", "lexical_best", "dense", "dense_best", "ppr", "feedback", "aa")
FEATURES: tuple[str, ...] = (
    CHANNELS + tuple(c + "_rel" for c in _RANKED) + tuple(c + "_rank" for c in _RANKED)
)
"""Columns of :func:`pool_matrix` (and of the ranker's input)."""


def _z(v: np.ndarray) -> np.ndarray:
    return (v - v.mean()) / (v.std() + 1e-9)


def query_channels(
    cp,
    text: dict[str, np.ndarray] | None,
    text_best: dict[str, np.ndarray] | None,
    seed_pos: np.ndarray,
    year: float,
    n_docs: np.ndarray,
    feedback_seeds: int = 5,
) -> dict[str, np.ndarray]:
    """Every channel of one query over all organisations (see the module docstring).

    Args:
        cp: A fitted :class:`~matching.copart.CoParticipation` (the graph; its positions are
            the organisations' positions everywhere).
        text: Aggregated text scores per channel (``{"lexical": ..., "dense": ...}``) or
            ``None`` for a query without text.
        text_best: Best-document text scores per channel, same keys.
        seed_pos: Positions of the seed organisations (may be empty).
        year: Query year (fractional).
        n_docs: Documents per organisation.
        feedback_seeds: Best text matches used as PageRank seeds for ``feedback`` (0: off).
    """
    n = cp.n_orgs
    ch = {c: np.zeros(n) for c in CHANNELS}
    for name, src in (("", text), ("_best", text_best)):
        for c, v in (src or {}).items():
            ch[c + name] = np.asarray(v, dtype=np.float64)
    if len(seed_pos):
        ch["ppr"] = np.log1p(cp.ppr(seed_pos, alpha=0.15) * n)
        S = cp.A_[seed_pos]
        ch["linked"] = np.asarray(S.sum(axis=0)).ravel() / len(seed_pos)
        ch["aa"] = np.log1p(np.asarray((S.multiply(cp.inv_log_deg_).tocsr() @ cp.A_).sum(0)))[0]
    if text and feedback_seeds > 0:
        mix = sum(_z(v) for v in text.values())
        top = np.argsort(-mix, kind="stable")[:feedback_seeds]
        fb = np.concatenate([seed_pos, top]) if len(seed_pos) else top
        ch["feedback"] = np.log1p(cp.ppr(fb, alpha=0.5) * n)
    ch["popularity"] = np.log1p(cp.recent_projects_)
    ch["n_docs"] = np.log1p(n_docs)
    ch["idle_years"] = np.clip(year - cp.last_year_, 0, 20)
    ch["org_type"] = cp.type_code_.astype(np.float64)
    return ch


def candidate_pool(
    ch: dict[str, np.ndarray], seed_pos: np.ndarray, per_channel: int = 300, n_popular: int = 100
) -> np.ndarray:
    """Positions of the best ``per_channel`` organisations of each ranked channel + popular."""
    parts = []
    for c in ("lexical", "lexical_best", "dense", "dense_best", "ppr", "feedback"):
        v = ch[c]
        if v.any():
            parts.append(np.argpartition(-v, min(per_channel, len(v) - 1))[:per_channel])
    parts.append(np.argsort(-ch["popularity"], kind="stable")[:n_popular])
    return np.setdiff1d(np.unique(np.concatenate(parts)), seed_pos)


def pool_matrix(ch: dict[str, np.ndarray], pool: np.ndarray) -> np.ndarray:
    """``(len(pool), len(FEATURES))`` features of the pool rows."""
    raw = np.column_stack([ch[c][pool] for c in CHANNELS])
    rel, rank = [], []
    for c in _RANKED:
        v = ch[c][pool]
        top = v.max() if len(v) else 0.0
        rel.append(v / top if top > 0 else np.zeros(len(v)))
        order = np.argsort(-v, kind="stable")
        r = np.empty(len(v))
        r[order] = np.arange(len(v))
        rank.append(np.log1p(r) if top > 0 else np.full(len(v), np.log1p(len(v))))
    return np.column_stack([raw, *rel, *rank])


class FusionRanker:
    """Gradient-boosted fusion of the channels (binary: is the candidate a real member).

    Args:
        n_trees: Boosting iterations.
        max_leaf_nodes: Leaves per tree.
        learning_rate: Shrinkage.
        negatives: Negative pool rows sampled per training query.
        random_state: Seed.
    """

    def __init__(
        self,
        n_trees: int = 200,
        max_leaf_nodes: int = 15,
        learning_rate: float = 0.06,
        negatives: int = 300,
        random_state: int = 0,
    ):
        self.n_trees = n_trees
        self.max_leaf_nodes = max_leaf_nodes
        self.learning_rate = learning_rate
        self.negatives = negatives
        self.random_state = random_state

    def fit(self, queries: list[tuple[np.ndarray, np.ndarray]]) -> FusionRanker:
        """Train on ``[(pool features, 0/1 labels), ...]`` (one pair per training query)."""
        rng = np.random.default_rng(self.random_state)
        Xs, ys, ws = [], [], []
        for X, y in queries:
            pos = np.flatnonzero(y)
            if not len(pos):
                continue
            neg = np.flatnonzero(~y.astype(bool))
            neg = rng.choice(neg, min(self.negatives, len(neg)), replace=False)
            keep = np.concatenate([pos, neg])
            Xs.append(X[keep])
            ys.append(y[keep].astype(int))
            # Each query weighs the same: a 40-member consortium must not drown small ones.
            ws.append(np.where(y[keep] > 0, 1.0 / len(pos), 1.0 / max(len(neg), 1)))
        if not Xs:
            raise ValueError("no training query has a positive candidate in its pool")
        w = np.concatenate(ws)
        self.model_ = HistGradientBoostingClassifier(
            max_iter=self.n_trees,
            learning_rate=self.learning_rate,
            max_leaf_nodes=self.max_leaf_nodes,
            min_samples_leaf=40,
            categorical_features=[CHANNELS.index("org_type")],
            random_state=self.random_state,
        ).fit(np.vstack(Xs), np.concatenate(ys), sample_weight=w / w.mean())
        self.n_train_queries_ = len(Xs)
        return self

    def score(self, X: np.ndarray) -> np.ndarray:
        """Log-odds of each pool row."""
        p = np.clip(self.model_.predict_proba(X)[:, 1], 1e-9, 1 - 1e-9)
        return np.log(p / (1 - p))
