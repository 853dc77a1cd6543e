"""Collaboration graph: networkx for analytics, scipy sparse CSR for fast per-node scoring."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import cg

DENSE_PPR_MAX_NODES = 2000
"""Up to this many nodes, converged PageRank is solved exactly with a cached dense inverse."""

SOLVE_PPR_FROM_ITER = 50
"""From this ``max_iter`` on, PageRank is asked to converge: solve the system, do not iterate."""


class EdgeArrays(NamedTuple):
    """Collaborations as aligned arrays (one row per edge; ``year`` -1 when unknown): what a
    columnar read gives, built into the graph without one Python tuple per edge."""

    a: np.ndarray
    b: np.ndarray
    weight: np.ndarray
    year: np.ndarray


class CollaborationGraph:
    """Undirected weighted graph of organisations that worked together.

    Edge weight = sum over collaborations of ``weight * 0.5 ** (age / half_life)`` where
    ``age = reference_year - year`` (no decay when ``half_life`` or the year is ``None``).
    Topological scores (common neighbours, Adamic-Adar, resource allocation) use the unweighted
    graph, like networkx; personalised PageRank follows the decayed weights.

    Args:
        half_life: Years after which a collaboration counts half; ``None`` = no decay.
        reference_year: Year ages are measured from; ``None`` = latest year seen in ``fit``.
    """

    def __init__(self, half_life: float | None = 5.0, reference_year: int | None = None):
        self.half_life = half_life
        self.reference_year = reference_year

    # ----------------------------------------------------------------- building
    # The graph is one symmetric CSR matrix of decayed weights (``_base``) built in one pass
    # from arrays, plus the few edges added since (``_w``, a small dict): an accepted
    # partnership costs one entry, not a rebuild of 600,000 edges in Python.
    def fit(self, edges: Iterable[tuple], nodes: Iterable[int] = ()) -> CollaborationGraph:
        """Build from ``(a, b, weight, year)`` tuples (``weight``/``year`` optional).

        Args:
            edges: Collaborations; repeated pairs add up.
            nodes: Extra node ids to include even without edges.
        """
        edges = [tuple(e) for e in edges]
        src: list[int] = []
        dst: list[int] = []
        weights: list[float] = []
        years: list[float] = []
        for e in edges:
            a, b = int(e[0]), int(e[1])
            weight = float(e[2]) if len(e) > 2 else 1.0
            year = e[3] if len(e) > 3 else None
            if a == b:
                raise ValueError(f"self-loop on node {a}: an organisation cannot partner itself")
            if not weight > 0:
                raise ValueError(f"edge ({a}, {b}) has non-positive weight {weight}")
            src.append(a)
            dst.append(b)
            weights.append(weight)
            years.append(-1 if year is None else year)
        # First-seen order of the node ids, as the edge-by-edge build gave them.
        order = list(
            dict.fromkeys(
                [int(n) for n in nodes] + [x for ab in zip(src, dst, strict=True) for x in ab]
            )
        )
        return self.fit_arrays(
            np.asarray(src, dtype=np.int64),
            np.asarray(dst, dtype=np.int64),
            np.asarray(weights, dtype=np.float64),
            np.asarray(years, dtype=np.int64),
            nodes=order,
        )

    def fit_arrays(
        self,
        a: np.ndarray,
        b: np.ndarray,
        weight: np.ndarray | None = None,
        year: np.ndarray | None = None,
        nodes: Iterable[int] = (),
    ) -> CollaborationGraph:
        """Build from aligned arrays of node ids ``a``, ``b``, weights and years (``-1`` = no
        year), in one pass: decay per edge, positions by lookup, duplicates summed by the CSR
        conversion. ``nodes`` fixes the position order (ids missing from it are appended).
        """
        a = np.asarray(a, dtype=np.int64).ravel()
        b = np.asarray(b, dtype=np.int64).ravel()
        n_e = len(a)
        if len(b) != n_e:
            raise ValueError("a and b must have the same length")
        weight = np.ones(n_e) if weight is None else np.asarray(weight, dtype=np.float64).ravel()
        year = np.full(n_e, -1, np.int64) if year is None else np.asarray(year, np.int64).ravel()
        if len(weight) != n_e or len(year) != n_e:
            raise ValueError("weight and year must be aligned with the edges")
        loops = np.flatnonzero(a == b)
        if len(loops):
            node = int(a[loops[0]])
            raise ValueError(f"self-loop on node {node}: an organisation cannot partner itself")
        bad = np.flatnonzero(~(weight > 0))
        if len(bad):
            i = int(bad[0])
            raise ValueError(f"edge ({a[i]}, {b[i]}) has non-positive weight {weight[i]}")
        known = year[year >= 0]
        self.reference_year_ = (
            self.reference_year
            if self.reference_year is not None
            else (int(known.max()) if len(known) else None)
        )
        ids = list(dict.fromkeys(int(n) for n in nodes))
        seen = set(ids)
        if n_e:
            extra = np.setdiff1d(np.unique(np.concatenate([a, b])), np.fromiter(seen, np.int64))
            ids += [int(x) for x in extra]
        self.node_ids_ = ids
        self._index = {n: i for i, n in enumerate(ids)}
        n = len(ids)
        if n_e:
            sorted_ids = np.asarray(ids, dtype=np.int64)
            order = np.argsort(sorted_ids, kind="stable")
            pa = order[np.searchsorted(sorted_ids, a, sorter=order)]
            pb = order[np.searchsorted(sorted_ids, b, sorter=order)]
            w = weight * self._decay_array(year)
            rows = np.concatenate([pa, pb])
            cols = np.concatenate([pb, pa])
            self._base = sp.csr_matrix((np.concatenate([w, w]), (rows, cols)), shape=(n, n))
            self._base.sum_duplicates()
        else:
            self._base = sp.csr_matrix((n, n))
        self._w: dict[tuple[int, int], float] = defaultdict(float)
        self._build()
        return self

    def fit_participations(
        self, participations: Iterable[tuple[object, int, int | None]], nodes: Iterable[int] = ()
    ) -> CollaborationGraph:
        """Build from ``(project_id, org_id, year)`` rows: each project links all its members."""
        members: dict[object, set[int]] = defaultdict(set)
        year_of: dict[object, int | None] = {}
        for project, org, year in participations:
            members[project].add(int(org))
            year_of[project] = year
        edges = []
        extra = set(nodes)
        for project, member_set in members.items():
            orgs = sorted(member_set)
            extra.update(orgs)
            for i, a in enumerate(orgs):
                for b in orgs[i + 1 :]:
                    edges.append((a, b, 1.0, year_of[project]))
        return self.fit(edges, nodes=sorted(extra))

    def _add_node(self, node: int) -> int:
        if node not in self._index:
            self._index[node] = len(self.node_ids_)
            self.node_ids_.append(node)
        return self._index[node]

    def _decay(self, year: int | None) -> float:
        if self.half_life is None or year is None or self.reference_year_ is None:
            return 1.0
        age = max(0.0, float(self.reference_year_) - float(year))
        return 0.5 ** (age / float(self.half_life))

    def _decay_array(self, year: np.ndarray) -> np.ndarray:
        if self.half_life is None or self.reference_year_ is None:
            return np.ones(len(year))
        age = np.maximum(0.0, float(self.reference_year_) - year.astype(np.float64))
        return np.where(year >= 0, 0.5 ** (age / float(self.half_life)), 1.0)

    def _add(self, a: int, b: int, weight: float = 1.0, year: int | None = None) -> None:
        a, b = int(a), int(b)
        if a == b:
            raise ValueError(f"self-loop on node {a}: an organisation cannot partner itself")
        if not weight > 0:
            raise ValueError(f"edge ({a}, {b}) has non-positive weight {weight}")
        self._add_node(a)
        self._add_node(b)
        key = (a, b) if a < b else (b, a)
        self._w[key] += float(weight) * self._decay(year)

    def add_edge(self, a: int, b: int, weight: float = 1.0, year: int | None = None) -> None:
        """Add one collaboration; the sparse matrices are rebuilt lazily on the next query."""
        self._check_fitted()
        self._add(a, b, weight, year)
        self._dirty = True

    def add_node(self, node: int) -> None:
        """Add an isolated node (no-op if present)."""
        self._check_fitted()
        if node not in self._index:
            self._add_node(int(node))
            self._dirty = True

    def remove_node(self, node: int) -> None:
        """Remove a node and its edges (it stays as an isolated id until the next ``fit``)."""
        self._check_fitted()
        p = self.pos(node)
        for key in [k for k in self._w if node in k]:
            del self._w[key]
        base = self._base.tocoo()
        keep = (base.row != p) & (base.col != p)
        self._base = sp.csr_matrix(
            (base.data[keep], (base.row[keep], base.col[keep])), shape=base.shape
        )
        self._dirty = True

    def _build(self) -> None:
        n = len(self.node_ids_)
        idx = self._index
        base = self._base
        if base.shape[0] != n:
            base = base.copy()
            base.resize((n, n))
            self._base = base
        if self._w:
            pairs = np.array([(idx[a], idx[b]) for a, b in self._w], dtype=np.int64)
            w = np.fromiter(self._w.values(), dtype=np.float64, count=len(self._w))
            rows = np.concatenate([pairs[:, 0], pairs[:, 1]])
            cols = np.concatenate([pairs[:, 1], pairs[:, 0]])
            extra = sp.csr_matrix((np.concatenate([w, w]), (rows, cols)), shape=(n, n))
            self.weights_ = (base + extra).tocsr()
        else:
            self.weights_ = base
        self.weights_.sort_indices()
        self.adjacency_ = self.weights_.copy()
        self.adjacency_.data[:] = 1.0
        self.degree_ = np.asarray(self.adjacency_.sum(axis=1)).ravel()
        self.strength_ = np.asarray(self.weights_.sum(axis=1)).ravel()
        with np.errstate(divide="ignore"):
            inv_log = 1.0 / np.log(self.degree_)
            inv_deg = 1.0 / self.degree_
        # A degree-1 node can never be a common neighbour of two distinct nodes.
        self._inv_log_deg = np.where(self.degree_ > 1, inv_log, 0.0)
        self._inv_deg = np.where(self.degree_ > 0, inv_deg, 0.0)
        inv_strength = np.where(self.strength_ > 0, 1.0 / np.maximum(self.strength_, 1e-300), 0.0)
        self._transition = sp.diags(inv_strength) @ self.weights_  # row-stochastic
        self._transition = self._transition.tocsr()
        self._dangling = self.strength_ == 0
        self._ppr_solvers: dict = {}  # ("dense" | "cg", alpha) -> inverse or CG operator
        self._dirty = False

    def _check_fitted(self) -> None:
        if not hasattr(self, "weights_"):
            raise ValueError("the graph is not fitted; call fit() first")

    def _ready(self) -> None:
        self._check_fitted()
        if getattr(self, "_dirty", False):
            self._build()

    # ----------------------------------------------------------------- lookup
    @property
    def n_nodes(self) -> int:
        """Number of nodes."""
        return len(self.node_ids_)

    @property
    def n_edges(self) -> int:
        """Number of distinct undirected edges."""
        self._ready()
        return int(sp.triu(self.weights_, k=1).nnz)

    def __contains__(self, node: object) -> bool:
        """Whether the node id is in the graph."""
        return hasattr(self, "_index") and node in self._index

    def pos(self, node: int) -> int:
        """Position of a node id in the score vectors; ``ValueError`` if unknown."""
        try:
            return self._index[node]
        except (KeyError, AttributeError):
            raise ValueError(f"unknown node id {node}") from None

    def neighbors(self, node: int) -> list[int]:
        """Direct partners of a node."""
        self._ready()
        row = self.adjacency_[self.pos(node)]
        return [self.node_ids_[j] for j in row.indices]

    def degree(self, node: int) -> int:
        """Number of distinct partners."""
        self._ready()
        return int(self.degree_[self.pos(node)])

    def weight(self, a: int, b: int) -> float:
        """Decayed weight of the edge ``a``-``b`` (0 when absent)."""
        self._ready()
        if a not in self._index or b not in self._index:
            return 0.0
        return float(self.weights_[self._index[a], self._index[b]])

    def common_partner_ids(self, a: int, b: int, limit: int | None = None) -> list[int]:
        """Ids of the partners ``a`` and ``b`` share, strongest combined weight first."""
        self._ready()
        ra = self.weights_[self.pos(a)]
        rb = self.weights_[self.pos(b)]
        both = ra.multiply(rb).tocoo()
        order = np.argsort(-both.data, kind="stable")
        ids = [self.node_ids_[j] for j in both.col[order]]
        return ids[:limit] if limit is not None else ids

    def to_networkx(self):
        """A ``networkx.Graph`` copy with the decayed ``weight`` on each edge."""
        import networkx as nx  # noqa: PLC0415 — only this export helper (and tests) need it

        g = nx.Graph()
        g.add_nodes_from(self.node_ids_)
        self._ready()
        upper = sp.triu(self.weights_, k=1).tocoo()
        ids = self.node_ids_
        g.add_weighted_edges_from(
            (ids[r], ids[c], float(w))
            for r, c, w in zip(upper.row, upper.col, upper.data, strict=True)
        )
        return g

    def as_dict(self, scores: np.ndarray) -> dict[int, float]:
        """Map a score vector over positions to ``{node_id: score}`` for non-zero scores."""
        nz = np.flatnonzero(scores)
        return {self.node_ids_[i]: float(scores[i]) for i in nz}

    # ----------------------------------------------------------------- scores
    def _row_scores(self, node: int, weights: str | None) -> np.ndarray:
        # Gather the partners' partner lists straight from the CSR arrays and count them: no
        # sparse-matrix objects per call, so small graphs do not pay scipy's fixed overhead.
        self._ready()
        u = self.pos(node)
        z, _, _ = self._expand(np.array([u], dtype=np.int64))
        v, src, _ = self._expand(z)
        w = None if weights is None else getattr(self, weights)[z[src]]
        out = np.bincount(v, weights=w, minlength=self.n_nodes).astype(np.float64)
        out[u] = 0.0
        return out

    def common_neighbors(self, node: int) -> np.ndarray:
        """Number of shared partners between ``node`` and every node (vector over positions)."""
        return self._row_scores(node, None)

    def adamic_adar(self, node: int) -> np.ndarray:
        """Adamic-Adar index: sum of ``1 / log(degree)`` over shared partners."""
        return self._row_scores(node, "_inv_log_deg")

    def resource_allocation(self, node: int) -> np.ndarray:
        """Resource allocation index: sum of ``1 / degree`` over shared partners."""
        return self._row_scores(node, "_inv_deg")

    def seed_scores(self, seeds: Iterable[int]) -> dict[str, np.ndarray]:
        """Sum and max over seeds of CN, AA and RA, computed in one sparse product each."""
        self._ready()
        pos = [self.pos(s) for s in seeds]
        if not pos:
            raise ValueError("seeds must not be empty")
        rows = self.adjacency_[pos]
        out = {}
        for name, w in (("cn", None), ("aa", self._inv_log_deg), ("ra", self._inv_deg)):
            r = rows if w is None else rows.multiply(w).tocsr()
            m = (r @ self.adjacency_).toarray()
            m[np.arange(len(pos)), pos] = 0.0
            out[name + "_sum"] = m.sum(axis=0)
            out[name + "_max"] = m.max(axis=0)
        return out

    def personalized_pagerank(
        self,
        seeds: Iterable[int] | dict[int, float],
        alpha: float = 0.85,
        max_iter: int = 100,
        tol: float = 1e-10,
    ) -> np.ndarray:
        """Personalised PageRank from seed nodes over the decayed weights.

        Matches ``networkx.pagerank(G, alpha, personalization=seeds)``: dangling mass returns
        to the seeds. With a small ``max_iter`` it is the truncated (local) walk, whose cost
        grows with the seeds' neighbourhood rather than with the whole graph.

        Args:
            seeds: Seed ids (uniform restart) or ``{id: weight}``.
            alpha: Probability of following an edge at each step.
            max_iter: Maximum power iterations. From ``SOLVE_PPR_FROM_ITER`` on the fixed point
                is solved for directly (dense inverse on small graphs, conjugate gradients above).
            tol: Stop when the L1 change is below ``n_nodes * tol``.
        """
        self._ready()
        if not 0 < alpha < 1:
            raise ValueError(f"alpha must be in (0, 1), got {alpha}")
        seeds = dict(seeds) if isinstance(seeds, dict) else {s: 1.0 for s in seeds}
        if not seeds:
            raise ValueError("seeds must not be empty")
        n = self.n_nodes
        pos = np.array([self.pos(s) for s in seeds], dtype=np.int64)
        val = np.array(list(seeds.values()), dtype=np.float64)
        if np.any(val < 0) or val.sum() <= 0:
            raise ValueError("seed weights must be non-negative with a positive sum")
        if max_iter >= SOLVE_PPR_FROM_ITER:
            if n <= DENSE_PPR_MAX_NODES:
                return self._ppr_exact(pos, val / val.sum(), alpha)
            return self._ppr_cg(pos, val / val.sum(), alpha, tol, max_iter)
        s = sp.csr_matrix((val / val.sum(), (np.zeros_like(pos), pos)), shape=(1, n))
        r = s.copy()
        dense = False
        for _ in range(max_iter):
            if not dense and r.nnz > n // 20:
                dense, r, s = True, r.toarray().ravel(), s.toarray().ravel()
            if dense:
                lost = r[self._dangling].sum()
                new = alpha * (self._transition.T @ r) + (alpha * lost + 1 - alpha) * s
                err = np.abs(new - r).sum()
            else:
                lost = float(self._dangling[r.indices] @ r.data)
                new = alpha * (r @ self._transition) + (alpha * lost + 1 - alpha) * s
                err = abs(new - r).sum()
            r = new
            if err < n * tol:
                break
        return r if dense else r.toarray().ravel()

    def _ppr_exact(self, pos: np.ndarray, val: np.ndarray, alpha: float) -> np.ndarray:
        """The PageRank fixed point by a cached dense solve (small graphs only).

        The fixed point of ``r = alpha P^T r + (alpha d.r + 1 - alpha) s`` is ``x / sum(x)`` with
        ``x = (I - alpha P^T)^-1 s``; the inverse is computed once per ``alpha`` (about 0.1 s
        at 2,000 nodes) and reused until the graph changes, so each query is one gather.
        """
        inv = self._ppr_solvers.get(("dense", alpha))
        if inv is None:
            n = self.n_nodes
            inv = np.linalg.inv(np.eye(n) - alpha * self._transition.T.toarray())
            self._ppr_solvers[("dense", alpha)] = inv
        x = inv[:, pos] @ val
        return x / x.sum()

    def _ppr_cg(
        self, pos: np.ndarray, val: np.ndarray, alpha: float, tol: float, max_iter: int
    ) -> np.ndarray:
        """The same fixed point by conjugate gradients on the symmetrised system.

        With ``W`` symmetric, ``D^-1/2 (I - alpha W D^-1) D^1/2 = I - alpha D^-1/2 W D^-1/2`` is
        symmetric positive definite, so CG converges in roughly the square root of the power
        iteration's steps. Dangling nodes are decoupled (``x = s`` there).
        """
        n = self.n_nodes
        s = np.zeros(n)
        s[pos] = val
        live = ~self._dangling
        cached = self._ppr_solvers.get(("cg", alpha))  # cached per alpha like the dense inverse
        if cached is None:
            d = np.where(live, 1.0 / np.sqrt(np.where(live, self.strength_, 1.0)), 0.0)
            op = sp.eye(n, format="csr") - alpha * (sp.diags(d) @ self.weights_ @ sp.diags(d))
            self._ppr_solvers[("cg", alpha)] = cached = (op.tocsr(), d)
        op, d = cached
        y, _ = cg(op, d * s, rtol=tol, atol=0.0, maxiter=max_iter)
        x = np.where(live, y / np.where(live, d, 1.0), s)
        return x / x.sum()

    # ----------------------------------------------------------------- local (per-request) scores
    def _expand(self, pos: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Neighbours of each position: ``(neighbour, index of its source in pos, weight)``."""
        W = self.weights_
        starts = W.indptr[pos]
        lens = W.indptr[pos + 1] - starts
        total = int(lens.sum())
        if total == 0:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, np.zeros(0)
        src = np.repeat(np.arange(len(pos)), lens)
        offs = np.arange(total) - np.repeat(np.cumsum(lens) - lens, lens)
        idx = starts[src] + offs
        return W.indices[idx].astype(np.int64), src, W.data[idx]

    def local_scores(
        self, seeds: Iterable[int], alpha: float = 0.85, n_iter: int = 3
    ) -> dict[str, np.ndarray]:
        """Signals for every node within two hops of the seeds, without touching the rest.

        Returns:
            ``pos`` (sorted node positions), and aligned arrays ``cn``, ``aa``, ``ra`` (summed
            over seeds, unweighted like networkx), ``ppr`` (``n_iter``-step personalised
            PageRank, see :meth:`personalized_pagerank`) and ``neighbor`` (direct partner of a
            seed). Cost grows with the seeds' neighbourhood, not with the graph.
        """
        self._ready()
        seed_pos = np.array(sorted({self.pos(s) for s in seeds}), dtype=np.int64)
        if not len(seed_pos):
            raise ValueError("seeds must not be empty")
        z, z_seed, _ = self._expand(seed_pos)
        v, src, _ = self._expand(z)
        keep = v != seed_pos[z_seed[src]]  # a seed is not its own common neighbour
        v, src = v[keep], src[keep]
        zz = z[src]
        nodes, inv = np.unique(np.concatenate([v, z]), return_inverse=True)
        inv2 = inv[: len(v)]
        cn = np.bincount(inv2, minlength=len(nodes)).astype(np.float64)
        aa = np.bincount(inv2, weights=self._inv_log_deg[zz], minlength=len(nodes))
        ra = np.bincount(inv2, weights=self._inv_deg[zz], minlength=len(nodes))
        neighbor = np.zeros(len(nodes), dtype=bool)
        neighbor[inv[len(v) :]] = True
        # Truncated PPR on sparse (position, mass) pairs.
        s_val = np.full(len(seed_pos), 1.0 / len(seed_pos))
        r_idx, r_val = seed_pos, s_val
        for _ in range(n_iter):
            nb, src, w = self._expand(r_idx)
            flow = alpha * r_val[src] * w / self.strength_[r_idx[src]]
            lost = alpha * r_val[self._dangling[r_idx]].sum()
            r_idx, inv_r = np.unique(np.concatenate([nb, seed_pos]), return_inverse=True)
            r_val = np.bincount(
                inv_r,
                weights=np.concatenate([flow, (1 - alpha + lost) * s_val]),
                minlength=len(r_idx),
            )
        ppr = np.zeros(len(nodes))
        at = np.searchsorted(r_idx, nodes)
        hit = at < len(r_idx)
        hit[hit] = r_idx[at[hit]] == nodes[hit]
        ppr[hit] = r_val[at[hit]]
        return {"pos": nodes, "cn": cn, "aa": aa, "ra": ra, "ppr": ppr, "neighbor": neighbor}

    def neighbor_positions(self, node: int) -> np.ndarray:
        """Positions of a node's direct partners (sorted)."""
        self._ready()
        p = self.pos(node)
        W = self.weights_
        return W.indices[W.indptr[p] : W.indptr[p + 1]]
