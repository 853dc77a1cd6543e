"""Consortium completion: rank the organisations most likely to join a partial consortium."""

from __future__ import annotations

import random
import sys
from collections import defaultdict

import numpy as np
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from tqdm import tqdm

from ..copart import CoParticipation, Participation, year_of
from .evaluate import hide_half

# The model's inputs; FEATURES below appends the seed-set extras to them.
_BASE_FEATURES: tuple[str, ...] = (
    "cn_sum",
    "cn_max",
    "aa_sum",
    "aa_max",
    "ra_sum",
    "ra_max",
    "linked_seeds",
    "w_to_seeds",
    "ppr",
    "n_projects",
    "recent_projects",
    "degree",
    "years_since_last",
    "cand_type",
    "type_affinity",
    "country_lift_mean",
    "country_lift_max",
    "same_country_frac",
    "country_share",
    "n_seeds",
    "proj_frac_sum",
    "proj_frac_max",
    "proj_recent",
    "semantic_mean",
    "semantic_max",
    "semantic_second",
    "aa_rel",
    "ra_rel",
    "ppr_rel",
    "proj_rel",
    "linked_rel",
    "proj_multi",
)

SEED_SET_EXTRAS: tuple[str, ...] = (
    "coord_linked",
    "coord_w",
    "coord_aa",
    "n_linked_seeds",
    "last_joint_years",
    "joint_recent",
    "active_2y",
    "ppr_low",
    "ppr_high",
    "same_type_frac",
    "coord_same_country",
    "seed_share_of_cand",
    "cn_cos",
)
"""Seed-set features measured on validation without gain as model inputs (usable as signals);
left out of the model by default."""

FEATURES: tuple[str, ...] = _BASE_FEATURES + SEED_SET_EXTRAS
"""Features of a (query, candidate) pair; each is also usable alone as a baseline signal."""

_COL = {f: j for j, f in enumerate(FEATURES)}


def _progress(items, desc: str, enabled: bool):
    if not enabled:
        return items
    return tqdm(items, desc=desc, file=sys.stderr, leave=False)


def _col_max(B, values: np.ndarray) -> np.ndarray:
    """For each column (organisation) of ``B``, the max of ``values`` over its rows."""
    Bc = B.tocsc()
    data = values[Bc.indices]
    out = np.zeros(B.shape[1])
    nonempty = np.flatnonzero(np.diff(Bc.indptr))
    if len(nonempty):
        out[nonempty] = np.maximum.reduceat(data, Bc.indptr[nonempty])
    return out


def seed_pageranks(cp: CoParticipation, seed_sets: list[np.ndarray]) -> list[tuple]:
    """Per seed set, the three PageRanks of :func:`query_features` (batched sparse products)."""
    mid = cp.ppr_many(seed_sets)
    low = cp.ppr_many(seed_sets, alpha=0.15)
    high = cp.ppr_many(seed_sets, alpha=0.95, n_iter=20)
    return [(mid[:, j], low[:, j], high[:, j]) for j in range(len(seed_sets))]


def query_features(
    cp: CoParticipation,
    seed_pos: np.ndarray,
    year: float,
    sem: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
    coord_pos: int | None = None,
    ppr: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
) -> np.ndarray:
    """Dense ``(n_orgs, len(FEATURES))`` features of every organisation for one query.

    ``sem`` is ``(mean, max, second)`` text similarity (see ``OrgDocuments.similarity``).
    ``coord_pos`` is the coordinator's position (the first seed of a query), if known.
    ``ppr`` is the seed's precomputed PageRank at restart 0.2, 0.85 and 0.05 (columns of
    ``cp.ppr_many``, see :func:`seed_pageranks`); computed here when ``None``.
    """
    n = cp.n_orgs
    X = np.zeros((n, len(FEATURES)))
    if coord_pos is not None:
        X[:, _COL["coord_linked"]] = cp.A_[coord_pos].toarray().ravel()
        X[:, _COL["coord_w"]] = np.log1p(cp.W_[coord_pos].toarray().ravel())
        aa = cp.A_[coord_pos].multiply(cp.inv_log_deg_).tocsr() @ cp.A_
        X[:, _COL["coord_aa"]] = np.log1p(aa.toarray().ravel())
        cc = cp.country_code_[coord_pos]
        X[:, _COL["coord_same_country"]] = (cp.country_code_ == cc) & (cc >= 0)
    if len(seed_pos):
        S = cp.A_[seed_pos]
        for name, w in (("cn", None), ("aa", cp.inv_log_deg_), ("ra", cp.inv_deg_)):
            R = S if w is None else S.multiply(w).tocsr()
            M = (R @ cp.A_).toarray()
            X[:, _COL[name + "_sum"]] = np.log1p(M.sum(axis=0))
            X[:, _COL[name + "_max"]] = np.log1p(M.max(axis=0))
            if name == "cn":
                cn = M.sum(axis=0)
                X[:, _COL["cn_cos"]] = cn / np.sqrt(np.maximum(cp.degree_, 1) * len(seed_pos))
        X[:, _COL["linked_seeds"]] = np.asarray(S.sum(axis=0)).ravel() / len(seed_pos)
        X[:, _COL["w_to_seeds"]] = np.log1p(np.asarray(cp.W_[seed_pos].sum(axis=0)).ravel())
        p_mid, p_low, p_high = ppr if ppr is not None else seed_pageranks(cp, [seed_pos])[0]
        X[:, _COL["ppr"]] = np.log1p(p_mid * n)
        # Project level: sharing a small project with seeds says more than a giant one.
        ind = np.zeros(n)
        ind[seed_pos] = 1.0
        hits = cp.B_ @ ind
        frac = np.where(hits > 0, hits / cp.project_size_, 0.0)
        X[:, _COL["proj_frac_sum"]] = np.log1p(cp.B_.T @ frac)
        X[:, _COL["proj_frac_max"]] = _col_max(cp.B_, frac)
        X[:, _COL["proj_recent"]] = np.log1p(cp.B_.T @ (frac * cp.project_decay_))
        multi = np.where(hits > 1, hits * (hits - 1) / cp.project_size_, 0.0)
        X[:, _COL["proj_multi"]] = np.log1p(cp.B_.T @ multi)
        linked = np.asarray(S.sum(axis=0)).ravel()
        X[:, _COL["n_linked_seeds"]] = linked
        X[:, _COL["seed_share_of_cand"]] = linked / np.maximum(cp.degree_, 1)
        joint_year = np.where(hits > 0, cp.project_year_, -np.inf)
        last_joint = _col_max(cp.B_, joint_year - cp.project_year_.min() + 1)
        X[:, _COL["last_joint_years"]] = np.where(
            last_joint > 0, np.clip(year - (last_joint + cp.project_year_.min() - 1), 0, 20), 20
        )
        recent = (cp.project_year_ >= year - 2.0).astype(float)
        X[:, _COL["joint_recent"]] = np.log1p(cp.B_.T @ (recent * (hits > 0)))
        X[:, _COL["ppr_low"]] = np.log1p(p_low * n)
        X[:, _COL["ppr_high"]] = np.log1p(p_high * n)
        st = cp.type_code_[seed_pos]
        X[:, _COL["type_affinity"]] = cp.type_lift_[st][:, cp.type_code_].mean(axis=0)
        X[:, _COL["same_type_frac"]] = (st[:, None] == cp.type_code_[None, :]).mean(axis=0)
        sc = cp.country_code_[seed_pos]
        sc = sc[sc >= 0]
        if len(sc):
            cc = np.maximum(cp.country_code_, 0)
            lift = cp.country_lift_[sc][:, cc]
            X[:, _COL["country_lift_mean"]] = lift.mean(axis=0)
            X[:, _COL["country_lift_max"]] = lift.max(axis=0)
            X[:, _COL["same_country_frac"]] = (sc[:, None] == cp.country_code_[None, :]).mean(0)
    X[:, _COL["n_projects"]] = np.log1p(cp.n_projects_)
    X[:, _COL["active_2y"]] = np.log1p(cp.B_.T @ (cp.project_year_ >= year - 2.0).astype(float))
    X[:, _COL["recent_projects"]] = np.log1p(cp.recent_projects_)
    X[:, _COL["degree"]] = np.log1p(cp.degree_)
    X[:, _COL["years_since_last"]] = np.clip(year - cp.last_year_, 0, 20)
    X[:, _COL["cand_type"]] = cp.type_code_
    X[:, _COL["country_share"]] = cp.country_share_[np.maximum(cp.country_code_, 0)]
    X[:, _COL["n_seeds"]] = len(seed_pos)
    if sem is not None:
        names = ("semantic_mean", "semantic_max", "semantic_second")
        for name, values in zip(names, sem, strict=True):
            X[:, _COL[name]] = values

    return X


_RELATIVE = (
    ("aa_rel", "aa_sum"),
    ("ra_rel", "ra_sum"),
    ("ppr_rel", "ppr"),
    ("proj_rel", "proj_frac_sum"),
    ("linked_rel", "linked_seeds"),
)


def pool_features(X: np.ndarray, pool: np.ndarray) -> np.ndarray:
    """Rows of the pool, with each key signal also relative to its best value in the query."""
    Xp = X[pool]
    for rel, base in _RELATIVE:
        top = Xp[:, _COL[base]].max() if len(Xp) else 0.0
        Xp[:, _COL[rel]] = Xp[:, _COL[base]] / top if top > 0 else 0.0
    return Xp


def _plain(org_id):
    """A numpy int id as a Python int (JSON), any other id as it is."""
    return int(org_id) if isinstance(org_id, (int, np.integer)) else org_id


def _z(v: np.ndarray) -> np.ndarray:
    return (v - v.mean()) / (v.std() + 1e-9)


def candidate_pool(
    X: np.ndarray,
    seed_pos: np.ndarray,
    popular: np.ndarray,
    n_graph: int = 1500,
    n_popular: int = 200,
    n_text: int = 1000,
    has_text: bool = False,
) -> np.ndarray:
    """Positions worth scoring: graph neighbourhood (2 hops), popular and text matches."""
    parts = []
    near = np.flatnonzero((X[:, _COL["cn_sum"]] > 0) | (X[:, _COL["linked_seeds"]] > 0))
    if len(near) > n_graph:
        near = near[np.argsort(-X[near, _COL["ppr"]], kind="stable")[:n_graph]]
    parts.append(near)
    parts.append(popular[:n_popular])
    if has_text:
        parts.append(np.argsort(-X[:, _COL["semantic_max"]], kind="stable")[:n_text])
    pool = np.unique(np.concatenate(parts))
    return np.setdiff1d(pool, seed_pos, assume_unique=False)


def _members(rows: list[Participation]):
    members, coord, start = defaultdict(set), {}, {}
    for r in rows:
        members[r.project_id].add(r.org_id)
        start[r.project_id] = r.start_date
        if r.role == "coordinator":
            coord[r.project_id] = r.org_id
    return members, coord, start


class ConsortiumRecommender:
    """Learned ranker of missing consortium members from co-participation history.

    ``fit`` trains itself on the participations alone: the projects of each of the last
    ``n_windows`` periods of ``train_window`` years become training queries (coordinator + half
    of the partners as seed, the rest as answers) against the graph of the projects before that
    period; then it rebuilds the graph from all participations for scoring.

    Args:
        half_life: Years after which a past project counts half.
        train_window: Years at the end of the data used as training queries.
        max_train_queries: Cap on training queries (sampled).
        negatives: Negative candidates sampled per training query.
        text_weight: Weight of the standardised text similarity added to the graph score when
            a query has both a seed and a text (0.5: chosen on validation, see bench/README).
        popularity_weight: Weight of log recency-weighted project count in text-only queries.
        second_weight: Weight of the second-best document next to the best one (text-only).
        prf_weight: Weight of the graph feedback in text-only queries: personalised PageRank
            from the ``prf_seeds`` best text matches, standardised (0 turns it off).
        prf_seeds: Number of best text matches used as pseudo-seeds.
        prf_alpha: Damping of that PageRank.
        focus_share: Minimum share of a training project's members among the focus
            organisations (see ``fit``).
        n_windows: Number of training periods.
        model: ``"hgb"`` (HistGradientBoosting) or ``"logistic"``.
        n_trees: Boosting iterations.
        max_leaf_nodes: Leaves per tree.
        random_state: Seed for sampling.
        verbose: Progress bars and summaries on stderr.
    """

    def __init__(
        self,
        half_life: float = 3.0,
        train_window: float = 0.75,
        max_train_queries: int = 1500,
        negatives: int = 200,
        text_weight: float = 0.5,
        popularity_weight: float = 0.7,
        second_weight: float = 0.5,
        prf_weight: float = 0.5,
        prf_seeds: int = 5,
        prf_alpha: float = 0.5,
        focus_share: float = 0.0,
        n_windows: int = 2,
        model: str = "hgb",
        n_trees: int = 100,
        max_leaf_nodes: int = 15,
        random_state: int = 0,
        drop_features: tuple[str, ...] = SEED_SET_EXTRAS,
        ppr_blend: float = 0.25,
        query_weights: bool = False,
        min_members: int = 3,
        n_graph: int = 1500,
        hard_negatives: float = 0.0,
        verbose: bool = False,
    ):
        self.half_life = half_life
        self.train_window = train_window
        self.max_train_queries = max_train_queries
        self.negatives = negatives
        self.text_weight = text_weight
        self.popularity_weight = popularity_weight
        self.second_weight = second_weight
        self.prf_weight = prf_weight
        self.prf_seeds = prf_seeds
        self.prf_alpha = prf_alpha
        self.focus_share = focus_share
        self.n_windows = n_windows
        self.model = model
        self.n_trees = n_trees
        self.max_leaf_nodes = max_leaf_nodes
        self.random_state = random_state
        self.drop_features = drop_features
        self.ppr_blend = ppr_blend
        self.query_weights = query_weights
        self.min_members = min_members
        self.n_graph = n_graph
        self.hard_negatives = hard_negatives
        self.verbose = verbose

    def _log(self, msg: str) -> None:
        if self.verbose:
            print(msg, file=sys.stderr, flush=True)

    def fit(
        self,
        rows: list[Participation],
        extra_orgs: tuple[int | str, ...] = (),
        focus_orgs: set[int] | None = None,
        train: bool = True,
    ) -> ConsortiumRecommender:
        """Train the ranker on a time split of ``rows`` and build the scoring graph.

        Args:
            rows: Participations (the only history used).
            extra_orgs: Organisations known only from texts (candidates without history).
            focus_orgs: If given, training queries are drawn from projects with at least one of
                these organisations (e.g. the query seeds), so the training consortia resemble
                the queries.
            train: ``False`` skips training (single-signal baselines only).
        """
        years = np.array([year_of(r.start_date) for r in rows])
        end = years.max() + 1 / 12
        rng = random.Random(self.random_state)
        self.model_ = None
        Xs, ys, ws = [], [], []
        for w in range(self.n_windows if train else 0):
            split = end - (w + 1) * self.train_window
            train_rows = [r for r, y in zip(rows, years, strict=True) if y < split]
            test_rows = [
                r
                for r, y in zip(rows, years, strict=True)
                if split <= y < split + self.train_window
            ]
            if not train_rows or not test_rows:
                continue
            cp = CoParticipation(self.half_life).fit(train_rows, reference_year=split)
            members, coord, start = _members(test_rows)
            projects = sorted(p for p, m in members.items() if len(m) >= self.min_members)
            if focus_orgs:
                focused = [
                    p
                    for p in projects
                    if members[p] & focus_orgs
                    and len(members[p] & focus_orgs) >= self.focus_share * len(members[p])
                ]
                projects = focused if len(focused) >= 50 else projects
            rng.shuffle(projects)
            projects = projects[: self.max_train_queries // self.n_windows]
            X, y, w8 = self._training_rows(cp, projects, members, coord, start, rng)
            Xs.append(X)
            ys.append(y)
            ws.append(w8)
            self._log(
                f"window {w}: {len(projects)} queries ({int(y.sum())} positives), "
                f"graph before {split:.2f}"
            )
        if Xs:
            X, y = np.vstack(Xs), np.concatenate(ys)
            use_w = self.query_weights and self.model == "hgb"
            fit_kw = {"sample_weight": np.concatenate(ws)} if use_w else {}
            self.model_ = self._make_model().fit(X, y, **fit_kw)
        self.cp_ = CoParticipation(self.half_life).fit(
            rows, reference_year=end, extra_orgs=tuple(extra_orgs)
        )
        self.end_year_ = end
        return self

    @property
    def graph(self) -> CoParticipation:
        """The scoring graph built by :meth:`fit` from every participation (public part)."""
        return self.cp_

    def _drop(self, Xp: np.ndarray) -> np.ndarray:
        """Zero the features left out of the model (ablations)."""
        for f in self.drop_features:
            Xp[:, _COL[f]] = 0.0
        return Xp

    def _make_model(self):
        if self.model == "logistic":
            cat = [_COL["cand_type"]]
            num = [j for j in range(len(FEATURES)) if j not in cat]
            pre = ColumnTransformer(
                [
                    ("num", StandardScaler(), num),
                    ("cat", OneHotEncoder(handle_unknown="ignore"), cat),
                ]
            )
            return make_pipeline(pre, LogisticRegression(C=1.0, max_iter=2000))
        return HistGradientBoostingClassifier(
            max_iter=self.n_trees,
            learning_rate=0.08,
            max_leaf_nodes=self.max_leaf_nodes,
            min_samples_leaf=40,
            categorical_features=[_COL["cand_type"]],
            random_state=self.random_state,
        )

    def _training_rows(self, cp, projects, members, coord, start, rng):
        Xs, ys, ws, ceiling = [], [], [], []
        splits = {p: hide_half(members[p], coord.get(p), rng) for p in projects}
        usable = []
        for p in projects:
            seed, hidden = splits[p]
            seed_pos = np.array([cp.pos_[s] for s in seed if s in cp.pos_], dtype=np.int64)
            hidden_pos = {cp.pos_[h] for h in hidden if h in cp.pos_}
            if len(seed_pos) and hidden_pos:
                usable.append((p, seed, hidden, seed_pos, hidden_pos))
        pageranks: list[tuple] = []
        for i, (p, seed, hidden, seed_pos, hidden_pos) in enumerate(
            _progress(usable, "training queries", self.verbose)
        ):
            if i % 64 == 0:  # PageRanks of the next 64 queries in one batched pass
                pageranks = seed_pageranks(cp, [u[3] for u in usable[i : i + 64]])
            pr = pageranks[i % 64]
            coord_pos = cp.pos_.get(seed[0]) if seed else None
            X = query_features(cp, seed_pos, year_of(start[p]), coord_pos=coord_pos, ppr=pr)
            pool = candidate_pool(X, seed_pos, cp.popular_order_, n_graph=self.n_graph)
            Xp = self._drop(pool_features(X, pool))
            label = np.isin(pool, list(hidden_pos))
            ceiling.append(label.sum() / len(hidden))
            neg = np.flatnonzero(~label)
            n_hard = int(self.hard_negatives * self.negatives)
            hard = neg[np.argsort(-Xp[neg, _COL["ppr"]], kind="stable")[:n_hard]]
            rest = np.setdiff1d(neg, hard)
            take = np.array(
                rng.sample(list(rest), min(self.negatives - len(hard), len(rest))), dtype=np.int64
            )
            take = np.concatenate([hard, take])
            keep = np.concatenate([np.flatnonzero(label), take])
            Xs.append(Xp[keep])
            ys.append(label[keep].astype(int))
            npos = max(int(label.sum()), 1)
            ws.append(np.where(label[keep], 1.0 / npos, 1.0 / max(len(take), 1)))
        if not Xs:
            raise ValueError("no usable training queries in the participations")
        self.pool_recall_ = float(np.mean(ceiling))
        self._log(f"candidate pool holds {self.pool_recall_:.3f} of the hidden partners")
        w = np.concatenate(ws)
        return np.vstack(Xs), np.concatenate(ys), w / w.mean()

    def rank(
        self,
        seed: list[int],
        year: float,
        k: int = 100,
        sem: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
        signal: str | None = None,
    ) -> list[int]:
        """The ``k`` most likely missing members (org ids), seed excluded.

        Args:
            seed: Known members (ids unknown to the history are ignored).
            year: Query start (fractional year).
            k: Length of the ranking.
            sem: ``(mean, max, second)`` text similarity of every organisation, or ``None``.
            signal: Rank by this single feature instead of the learned model (baselines).
        """
        cp = self.cp_
        seed_pos = np.array(sorted({cp.pos_[s] for s in seed if s in cp.pos_}), dtype=np.int64)
        coord_pos = cp.pos_.get(seed[0]) if seed else None
        X = query_features(cp, seed_pos, year, sem, coord_pos=coord_pos)
        if len(seed_pos) or sem is None:
            pool = candidate_pool(
                X,
                seed_pos,
                cp.popular_order_,
                n_graph=self.n_graph,
                has_text=sem is not None,
            )
        else:  # text only: every organisation is cheap to score
            pool = np.arange(cp.n_orgs)
        Xp = pool_features(X, pool)
        near_ppr = Xp[:, _COL["ppr_low"]].copy()
        if signal is None:
            Xp = self._drop(Xp)
        if signal is not None:
            sign = -1.0 if signal == "years_since_last" else 1.0
            score = sign * Xp[:, _COL[signal]]
        elif not len(seed_pos):
            no_text = sem is None
            score = Xp[:, _COL["recent_projects"]] if no_text else self._text_only_score(Xp, pool)
        else:
            if self.model_ is not None:
                p = np.clip(self.model_.predict_proba(Xp)[:, 1], 1e-9, 1 - 1e-9)
                score = np.log(p / (1 - p))
                if self.ppr_blend > 0:  # blend with short-range PPR (alpha 0.15), z-scored
                    score = (1 - self.ppr_blend) * _z(score) + self.ppr_blend * _z(near_ppr)
            else:
                score = Xp[:, _COL["aa_sum"]]
            if sem is not None:
                s = Xp[:, _COL["semantic_max"]]
                score = score + self.text_weight * (s - s.mean()) / (s.std() + 1e-9)
        order = np.lexsort((pool, -score))[:k]
        ranking = [_plain(cp.org_ids_[pool[i]]) for i in order]
        if len(ranking) < k:  # pad with the most active organisations
            seen = set(ranking) | set(seed)
            for j in cp.popular_order_:
                oid = _plain(cp.org_ids_[j])
                if oid not in seen:
                    ranking.append(oid)
                    if len(ranking) >= k:
                        break
        return ranking

    def _text_only_score(self, Xp: np.ndarray, pool: np.ndarray) -> np.ndarray:
        """Score for a query with a text and no seed (validated on two synthetic text worlds).

        Max-sim over an organisation's documents (with a share of its second-best document),
        standardised within the query; plus an activity prior that breaks ties between the
        many organisations describing the same subject; plus graph feedback: consortia
        re-form, so the partners of the best text matches are likely members too.
        """
        sem = Xp[:, _COL["semantic_max"]] + self.second_weight * Xp[:, _COL["semantic_second"]]
        score = _z(sem) + self.popularity_weight * Xp[:, _COL["recent_projects"]]
        if self.prf_weight > 0 and self.prf_seeds > 0:
            cp = self.cp_
            top = pool[np.argsort(-score, kind="stable")[: self.prf_seeds]]
            ppr = np.log1p(cp.ppr(top, alpha=self.prf_alpha) * cp.n_orgs)[pool]
            score = score + self.prf_weight * _z(ppr)
        return score
