"""Exact cosine top-k over a contiguous float32 matrix, with cheap incremental updates."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from .records import KIND_CODE, check_k, check_kinds


def normalise(vectors: np.ndarray) -> np.ndarray:
    """Return float32 rows scaled to unit L2 norm (zero rows stay zero)."""
    v = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(v, axis=-1, keepdims=True)
    return np.divide(v, norms, out=np.zeros_like(v), where=norms > 0)


def top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Positions of the ``k`` largest scores, best first (ties by position)."""
    k = min(k, scores.shape[0])
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    if k < scores.shape[0]:
        part = np.argpartition(-scores, k - 1)[:k]
    else:
        part = np.arange(scores.shape[0])
    return part[np.lexsort((part, -scores[part]))]


class VectorIndex:
    """Exact cosine search over unit vectors kept in one contiguous float32 matrix.

    Rows are appended into a matrix whose capacity doubles when full; ``update`` overwrites a
    row in place and ``remove`` leaves a tombstone (the row is masked out of every search and
    reused by the next ``add``), so no change ever rebuilds the matrix.

    Args:
        dim: Vector dimension.
        initial_capacity: Rows allocated up front.
    """

    def __init__(self, dim: int, initial_capacity: int = 1024):
        if dim <= 0:
            raise ValueError(f"dim must be positive, got {dim}")
        self.dim = dim
        self.initial_capacity = initial_capacity
        cap = max(1, int(initial_capacity))
        self._mat = np.zeros((cap, dim), dtype=np.float32)
        self._ids = np.full(cap, -1, dtype=np.int64)
        self._alive = np.zeros(cap, dtype=bool)
        self._kind = np.full(cap, -1, dtype=np.int8)
        self._province = np.full(cap, -1, dtype=np.int32)
        self._province_codes: dict[str, int] = {}
        self._row: dict[int, int] = {}
        self._free: list[int] = []
        self._n = 0  # rows in use (alive or tombstoned)

    # ----------------------------------------------------------------- bookkeeping
    def __len__(self) -> int:
        """Number of live items."""
        return len(self._row)

    def __contains__(self, item_id: object) -> bool:
        """Whether ``item_id`` is indexed."""
        return item_id in self._row

    @property
    def ids(self) -> list[int]:
        """Live ids in row order."""
        return [int(i) for i in self._ids[: self._n][self._alive[: self._n]]]

    @property
    def matrix(self) -> np.ndarray:
        """The used part of the matrix (a view, rows of removed items are zero)."""
        return self._mat[: self._n]

    def row_of(self, item_id: int) -> int:
        """Row of an id; raises ``ValueError`` for an unknown id."""
        try:
            return self._row[item_id]
        except KeyError:
            raise ValueError(f"unknown id {item_id}") from None

    def rows_of(self, item_ids: Iterable[int]) -> np.ndarray:
        """Rows of several ids, ``-1`` for ids not indexed."""
        get = self._row.get
        return np.fromiter((get(i, -1) for i in item_ids), dtype=np.int64)

    def ids_of_rows(self, rows: np.ndarray) -> np.ndarray:
        """Ids stored at the given rows."""
        return self._ids[rows]

    def vector(self, item_id: int) -> np.ndarray:
        """The stored (normalised) vector of an id."""
        return self._mat[self.row_of(item_id)].copy()

    def _province_code(self, province: str | None) -> int:
        if province is None:
            return -1
        return self._province_codes.setdefault(province, len(self._province_codes))

    def _check_vector(self, vector: np.ndarray, item_id: int) -> np.ndarray:
        v = np.asarray(vector, dtype=np.float32).reshape(-1)
        if v.shape[0] != self.dim:
            raise ValueError(f"vector for id {item_id} has dimension {v.shape[0]}, not {self.dim}")
        if not np.all(np.isfinite(v)):
            raise ValueError(f"vector for id {item_id} has non-finite values")
        return normalise(v)

    # ----------------------------------------------------------------- changes
    def add(
        self, item_id: int, vector: np.ndarray, kind: str | None = None, province: str | None = None
    ) -> None:
        """Append one item (or reuse a freed row); raises if the id is already there."""
        if item_id in self._row:
            raise ValueError(f"id {item_id} is already indexed; use update()")
        v = self._check_vector(vector, item_id)
        if self._free:
            row = self._free.pop()
        else:
            if self._n == self._mat.shape[0]:
                self._grow(2 * self._mat.shape[0])
            row = self._n
            self._n += 1
        self._write(row, item_id, v, kind, province)

    def add_many(
        self,
        item_ids: list[int],
        vectors: np.ndarray,
        kinds: list[str | None] | None = None,
        provinces: list[str | None] | None = None,
    ) -> None:
        """Append many items at once (one copy into the matrix)."""
        vectors = np.asarray(vectors, dtype=np.float32)
        if vectors.ndim != 2 or vectors.shape[0] != len(item_ids):
            raise ValueError("vectors must be a 2-d array with one row per id")
        if vectors.shape[1] != self.dim:
            raise ValueError(f"vectors have dimension {vectors.shape[1]}, not {self.dim}")
        if len(set(item_ids)) != len(item_ids) or any(i in self._row for i in item_ids):
            raise ValueError("duplicate or already indexed ids in add_many")
        if not np.all(np.isfinite(vectors)):
            raise ValueError("vectors contain non-finite values")
        n = len(item_ids)
        need = self._n + n
        if need > self._mat.shape[0]:
            self._grow(max(need, 2 * self._mat.shape[0]))
        rows = slice(self._n, need)
        target = self._mat[rows]
        target[...] = vectors  # normalised in place: what normalise() gives, without a copy
        norms = np.linalg.norm(target, axis=-1, keepdims=True)
        np.divide(target, norms, out=target, where=norms > 0)
        self._ids[rows] = item_ids
        self._alive[rows] = True
        kinds = kinds or [None] * n
        provinces = provinces or [None] * n
        self._kind[rows] = [KIND_CODE.get(k, -1) if k else -1 for k in kinds]
        self._province[rows] = [self._province_code(p) for p in provinces]
        for offset, item_id in enumerate(item_ids):
            self._row[int(item_id)] = self._n + offset
        self._n = need

    def update(
        self, item_id: int, vector: np.ndarray, kind: str | None = None, province: str | None = None
    ) -> None:
        """Overwrite one item's row in place (adds it when unknown)."""
        if item_id not in self._row:
            self.add(item_id, vector, kind, province)
            return
        v = self._check_vector(vector, item_id)
        self._write(self._row[item_id], item_id, v, kind, province)

    def remove(self, item_id: int) -> None:
        """Tombstone one item; its row is reused by the next ``add``."""
        row = self.row_of(item_id)
        del self._row[item_id]
        self._alive[row] = False
        self._ids[row] = -1
        self._mat[row] = 0.0
        self._free.append(row)

    def _write(self, row, item_id, v, kind, province) -> None:
        self._mat[row] = v
        self._ids[row] = item_id
        self._alive[row] = True
        self._kind[row] = KIND_CODE.get(kind, -1) if kind else -1
        self._province[row] = self._province_code(province)
        self._row[int(item_id)] = row

    def _grow(self, capacity: int) -> None:
        def grow(arr, fill):
            """Copy ``arr`` into a larger array padded with ``fill``."""
            new = np.full((capacity,) + arr.shape[1:], fill, dtype=arr.dtype)
            new[: arr.shape[0]] = arr
            return new

        self._mat = grow(self._mat, 0.0)
        self._ids = grow(self._ids, -1)
        self._alive = grow(self._alive, False)
        self._kind = grow(self._kind, -1)
        self._province = grow(self._province, -1)

    # ----------------------------------------------------------------- search
    def scores(self, query: np.ndarray) -> np.ndarray:
        """Cosine of a unit query with every used row (removed rows score ``-inf``)."""
        q = self._check_vector(query, -1)
        s = self._mat[: self._n] @ q
        if len(self._row) != self._n:
            s[~self._alive[: self._n]] = -np.inf
        return s

    def mask(self, kinds=None, provinces=None, exclude: Iterable[int] = ()) -> np.ndarray | None:
        """Boolean row mask for the filters, or ``None`` when nothing is filtered."""
        kinds = check_kinds(kinds)
        mask = None
        if kinds is not None:
            codes = [KIND_CODE[k] for k in kinds]
            mask = np.isin(self._kind[: self._n], codes)
        if provinces is not None:
            codes = [self._province_codes[p] for p in provinces if p in self._province_codes]
            pm = np.isin(self._province[: self._n], codes)
            mask = pm if mask is None else mask & pm
        rows = [self._row[i] for i in exclude if i in self._row]
        if rows:
            if mask is None:
                mask = np.ones(self._n, dtype=bool)
            mask[rows] = False
        return mask

    def search(
        self,
        query: np.ndarray,
        k: int = 10,
        kinds=None,
        provinces=None,
        exclude: Iterable[int] = (),
        mask: np.ndarray | None = None,
        scores: np.ndarray | None = None,
    ) -> list[tuple[int, float]]:
        """Top-``k`` ``(id, cosine)`` pairs, best first, after the filters.

        Args:
            query: Query vector (normalised here).
            k: Number of results.
            kinds: Keep only these kinds.
            provinces: Keep only these provinces.
            exclude: Ids never returned.
            mask: Extra boolean mask over rows (``True`` = allowed).
            scores: Precomputed ``scores(query)`` to avoid a second pass over the matrix.
        """
        check_k(k)
        if scores is None:
            scores = self.scores(query)
        filt = self.mask(kinds, provinces, exclude)
        if mask is not None:
            filt = mask if filt is None else filt & mask
        if filt is not None:
            scores = np.where(filt, scores, -np.inf)
        rows = top_k(scores, k)
        rows = rows[np.isfinite(scores[rows])]
        return [(int(self._ids[r]), float(scores[r])) for r in rows]
