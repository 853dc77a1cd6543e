"""Learned fusion over a candidate pool drawn from every channel of the text path.

:class:`PoolFeaturizer` takes the parts of :class:`~matching.fusion.TextGraphScorer`
(graph + text matcher, explicitly) and, for one query (text, seed, year), returns a
candidate pool -- the union of the ``per_channel`` best organisations of every ranked channel
and the ``n_popular`` most active ones, seed excluded -- and one feature row per candidate:

* every channel (``text``, ``lexical``, ``lexical_best``, ``cosine``, ``cosine_best``, the
  shipped scorer's fused score ``shipped``, ``dense`` / ``dense_best`` when the matcher has a
  dense channel; with a seed ``project``, ``ppr``, ``linked`` (seed members co-participated
  with), ``copart`` (projects shared with seed members, with multiplicity), ``aa``
  (Adamic-Adar with the seed), ``same_country`` (share of the seed in the candidate's
  country)) as its raw value, its z-score over all organisations and the log of its rank;
* time-aware organisation priors, all computed from the graph's own participations before
  its reference year (the model's cut-off): projects started in the last 1 and 2 years,
  decayed activity, total projects, documents, idle years, degree, organisation type;
* ``fb_linked`` / ``fb_aa``: links and Adamic-Adar with the ``feedback_top`` best
  organisations of the shipped score (consortia re-form around the best text matches);
* per-query values: seed size, the query's best ``text`` score, matched documents.

:class:`PoolRanker` (scikit-learn histogram gradient boosting, fixed ``random_state``) learns
"is the candidate a member" from training queries of an earlier time window against a model
built before that window; every query weighs the same (its positives and negatives are each
normalised). Each channel stays a separate signal: the raw columns of a pool row are its
explanation.
"""

from __future__ import annotations

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

_TEXT = ("text", "lexical", "lexical_best", "cosine", "cosine_best", "shipped")
_DENSE = ("dense", "dense_best")
_FEEDBACK = ("fb_linked", "fb_aa")
_SEED = ("project", "ppr", "linked", "copart", "aa", "same_country")
PRIORS: tuple[str, ...] = (
    "started_1y",
    "started_2y",
    "activity",
    "n_projects",
    "n_docs",
    "idle_years",
    "degree",
    "org_type",
)
QUERY: tuple[str, ...] = ("seed_size", "query_best_text", "query_matched_docs")


def _z(v: np.ndarray) -> np.ndarray:
    return (v - v.mean()) / (v.std() + 1e-9)


def _log_rank(v: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """log1p(number of organisations scoring strictly higher) for the rows ``idx``."""
    s = np.sort(v)
    return np.log1p(len(v) - np.searchsorted(s, v[idx], side="right"))


def channel_names(seeded: bool, dense: bool) -> list[str]:
    """Channels used as features in a mode."""
    ch = list(_TEXT) + (list(_DENSE) if dense else []) + list(_FEEDBACK)
    return ch + (list(_SEED) if seeded else [])


def feature_names(seeded: bool, dense: bool) -> list[str]:
    """Columns of :meth:`PoolFeaturizer.query` for a mode."""
    ch = channel_names(seeded, dense)
    return ch + [c + "_z" for c in ch] + [c + "_rank" for c in ch] + list(PRIORS) + list(QUERY)


class PoolFeaturizer:
    """Candidate pool and features of a query (see the module docstring).

    Args:
        scorer: A :class:`~matching.fusion.TextGraphScorer` (its graph, matcher, weights and
            ``dense_weight``; the shipped score is one feature).
        per_channel: Best organisations taken from each ranked channel.
        n_popular: Most active organisations added to every pool.
        feedback_top: Best organisations of the shipped score used by ``fb_*``.
    """

    def __init__(self, scorer, per_channel: int = 200, n_popular: int = 50, feedback_top: int = 20):
        if per_channel <= 0:
            raise ValueError(f"per_channel must be positive, got {per_channel}")
        self.scorer = scorer
        self.per_channel = per_channel
        self.n_popular = n_popular
        self.feedback_top = feedback_top
        cp = scorer.graph
        table = scorer.matcher.table_
        ref = cp.reference_year_
        py = cp.project_year_
        started = {}
        for years in (1, 2):
            recent = ((py >= ref - years) & (py < ref)).astype(np.float64)
            started[years] = np.asarray(cp.B_.T @ recent).ravel()
        self.priors_ = np.column_stack(
            [
                np.log1p(started[1]),
                np.log1p(started[2]),
                np.log1p(cp.recent_projects_),
                np.log1p(cp.n_projects_),
                np.log1p(table.n_docs_),
                np.clip(ref - cp.last_year_, 0, 30),
                np.log1p(cp.degree_),
                cp.type_code_.astype(np.float64),
            ]
        )
        self.popular_ = cp.popular_order_[:n_popular]
        self.dense = scorer.matcher.dense_ is not None and bool(scorer.dense_weight)

    def channels(self, text: str, seed_pos: np.ndarray) -> dict[str, np.ndarray]:
        """Every channel over all organisations (the seed's are 0 without a seed)."""
        sc = self.scorer
        cp, tm = sc.graph, sc.matcher
        seed_pos = np.asarray(seed_pos, dtype=np.int64)
        base = sc.channels(text, seed_pos)
        ts = tm.text_scores(text)
        table = tm.table_
        ch = {
            "text": base["text"],
            "lexical": base["lexical"],
            "lexical_best": table.aggregate(ts["lexical"], 1),
            "cosine": table.aggregate(ts["cosine"], 3) if "cosine" in ts else base["text"] * 0,
            "cosine_best": table.aggregate(ts["cosine"], 1) if "cosine" in ts else base["text"] * 0,
        }
        shipped = sc.combine(base, seed_pos)
        shipped[seed_pos] = np.nan
        ch["shipped"] = np.nan_to_num(shipped, nan=np.nanmin(shipped) if len(shipped) else 0)
        cp_top = np.argsort(-ch["shipped"], kind="stable")[: self.feedback_top]
        F = cp.A_[cp_top]
        ch["fb_linked"] = np.asarray(F.sum(axis=0)).ravel()
        ch["fb_aa"] = np.log1p(
            np.asarray((F.multiply(cp.inv_log_deg_).tocsr() @ cp.A_).sum(axis=0)).ravel()
        )
        if self.dense:
            ch["dense"] = base["dense"]
            ch["dense_best"] = table.aggregate(ts["dense"], 1)
        if len(seed_pos):
            n = cp.n_orgs
            ch["project"] = base["project"]
            ch["ppr"] = base["ppr"]
            S = cp.A_[seed_pos]
            ch["linked"] = np.asarray(S.sum(axis=0)).ravel()
            ch["aa"] = np.log1p(
                np.asarray((S.multiply(cp.inv_log_deg_).tocsr() @ cp.A_).sum(axis=0)).ravel()
            )
            ind = np.zeros(n)
            ind[seed_pos] = 1.0
            hits = cp.B_ @ ind
            ch["copart"] = np.log1p(np.asarray(cp.B_.T @ hits).ravel())
            codes = cp.country_code_
            counts = np.bincount(np.maximum(codes[seed_pos], 0), minlength=codes.max() + 2)
            ch["same_country"] = np.where(codes >= 0, counts[np.maximum(codes, 0)], 0) / len(
                seed_pos
            )
        ch["_matched"] = np.array([float((ts["lexical"] > 0).sum())])
        return ch

    def pool(self, ch: dict[str, np.ndarray], seed_pos: np.ndarray) -> np.ndarray:
        """Union of the best ``per_channel`` of each ranked channel + the most active."""
        parts = [self.popular_]
        for c, v in ch.items():
            if c.startswith("_") or c in ("same_country", "fb_linked") or not v.any():
                continue
            k = min(self.per_channel, len(v) - 1)
            parts.append(np.argpartition(-v, k)[:k])
        return np.setdiff1d(np.unique(np.concatenate(parts)), np.asarray(seed_pos))

    def query(
        self,
        text: str,
        seed_pos: np.ndarray,
        seeded: bool | None = None,
        ch: dict[str, np.ndarray] | None = None,
    ) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
        """``(pool, features, channels)`` of one query (``channels`` may be given).

        ``seeded`` chooses the columns (default: whether ``seed_pos`` is empty); a seed +
        text query whose seed is unknown to the model gets 0 in the seed's columns."""
        seed_pos = np.asarray(seed_pos, dtype=np.int64)
        seeded = len(seed_pos) > 0 if seeded is None else seeded
        ch = self.channels(text, seed_pos) if ch is None else ch
        pool = self.pool(ch, seed_pos)
        n = len(ch["text"])
        for c in _SEED if seeded else ():
            ch.setdefault(c, np.zeros(n))
        names = channel_names(seeded, self.dense)
        raw = [ch[c][pool] for c in names]
        z = [_z(ch[c])[pool] for c in names]
        rk = [_log_rank(ch[c], pool) for c in names]
        q = np.array([len(seed_pos), ch["text"].max(), np.log1p(ch["_matched"][0])])
        X = np.column_stack(
            [*raw, *z, *rk, self.priors_[pool], np.broadcast_to(q, (len(pool), len(q)))]
        )
        return pool, X, ch


class PoolRanker:
    """Gradient-boosted "is a member" over pool features, every query weighing the same.

    Args:
        n_trees, max_leaf_nodes, learning_rate, min_samples_leaf: Boosting settings.
        negatives: Negative pool rows sampled per training query (0: all).
        random_state: Seed (sampling and boosting).
        kind: ``"hgb"`` (histogram gradient boosting) or ``"logistic"`` (standardised
            features, L2 logistic regression: a learned linear blend).
        C: Inverse regularisation of ``"logistic"``.
    """

    def __init__(
        self,
        n_trees: int = 300,
        max_leaf_nodes: int = 15,
        learning_rate: float = 0.05,
        min_samples_leaf: int = 40,
        negatives: int = 400,
        random_state: int = 0,
        kind: str = "hgb",
        C: float = 1.0,
    ):
        if kind not in ("hgb", "logistic"):
            raise ValueError(f"kind must be 'hgb' or 'logistic', got {kind!r}")
        self.kind = kind
        self.C = C
        self.n_trees = n_trees
        self.max_leaf_nodes = max_leaf_nodes
        self.learning_rate = learning_rate
        self.min_samples_leaf = min_samples_leaf
        self.negatives = negatives
        self.random_state = random_state

    def fit(self, queries: list[tuple], names: list[str] | None = None) -> PoolRanker:
        """Train on ``[(pool features, 0/1 labels[, n_hard]), ...]`` (one per training query).

        ``names``: the columns' names (:func:`feature_names`); ``org_type`` is then a
        categorical feature.

        ``n_hard``: the first ``n_hard`` negative rows of the query are always kept (hard
        negatives); the others are sampled (``negatives`` of them)."""
        rng = np.random.default_rng(self.random_state)
        Xs, ys, ws = [], [], []
        for q in queries:
            X, y = q[0], np.asarray(q[1], dtype=bool)
            n_hard = q[2] if len(q) > 2 else 0
            pos = np.flatnonzero(y)
            if not len(pos):
                continue
            neg = np.flatnonzero(~y)
            hard, neg = neg[:n_hard], neg[n_hard:]
            if self.negatives and len(neg) > self.negatives:
                neg = rng.choice(neg, self.negatives, replace=False)
            neg = np.concatenate([hard, neg])
            keep = np.concatenate([pos, neg])
            Xs.append(X[keep])
            ys.append(y[keep].astype(int))
            ws.append(np.where(y[keep], 1.0 / len(pos), 1.0 / max(len(neg), 1)))
        if not Xs:
            raise ValueError("no training query has a member in its pool")
        w = np.concatenate(ws)
        categorical = [names.index("org_type")] if names and "org_type" in names else None
        X, y, w = np.vstack(Xs), np.concatenate(ys), w / w.mean()
        if self.kind == "logistic":
            self.model_ = make_pipeline(
                StandardScaler(), LogisticRegression(C=self.C, max_iter=500)
            )
            self.model_.fit(X, y, logisticregression__sample_weight=w)
        else:
            self.model_ = HistGradientBoostingClassifier(
                max_iter=self.n_trees,
                learning_rate=self.learning_rate,
                max_leaf_nodes=self.max_leaf_nodes,
                min_samples_leaf=self.min_samples_leaf,
                categorical_features=categorical,
                random_state=self.random_state,
            ).fit(X, y, sample_weight=w)
        self.n_train_queries_ = len(Xs)
        self.n_train_rows_ = int(sum(len(x) for x in Xs))
        return self

    def score(self, X: np.ndarray) -> np.ndarray:
        """Log-odds of each pool row."""
        p = np.clip(self.model_.predict_proba(X)[:, 1], 1e-9, 1 - 1e-9)
        return np.log(p / (1 - p))
