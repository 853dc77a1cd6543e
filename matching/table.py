"""Per-organisation metadata as numpy arrays aligned with the graph's node positions."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .records import KIND_CODE, OrgRecord


class OrgTable:
    """Kinds, TRL ranges, places and activity years of every organisation, by position.

    Positions are the collaboration graph's node positions; they only grow, so an update
    writes one slot and an addition appends (capacity doubles), never rebuilding the arrays.
    Unknown values are ``-1`` (codes, years, vector rows) or ``0`` (TRL). ``row``,
    ``offer_row`` and ``seek_row`` are the organisation's rows in the three vector indexes;
    ``offer_profile`` says that its offer is its profile row (no row in the offer index).
    """

    # Set in __init__ / _ensure from _FIELDS (one array per field).
    kind: np.ndarray
    trl_lo: np.ndarray
    trl_hi: np.ndarray
    province: np.ndarray
    region: np.ndarray
    year: np.ndarray
    row: np.ndarray
    offer_row: np.ndarray
    seek_row: np.ndarray
    dense_ok: np.ndarray
    offer_profile: np.ndarray

    _FIELDS = {
        "kind": np.int8,
        "trl_lo": np.int8,
        "trl_hi": np.int8,
        "province": np.int32,
        "region": np.int32,
        "year": np.int32,
        "row": np.int64,
        "offer_row": np.int64,
        "seek_row": np.int64,
        # 1 when the encoder reads the profile's language, 0 when not, -1 unknown (read).
        "dense_ok": np.int8,
        # 1 when what the organisation offers is its profile vector (``row``, shared with the
        # profile index instead of a copy in the offer index), else -1.
        "offer_profile": np.int8,
    }

    def __init__(self, capacity: int = 1024):
        self.capacity = capacity
        cap = max(1, capacity)
        for name, dtype in self._FIELDS.items():
            setattr(self, name, np.full(cap, -1, dtype=dtype))
        self.trl_lo[:] = 0
        self.trl_hi[:] = 0
        self._codes: dict[str, int] = {}

    def code(self, value: str | None) -> int:
        """Integer code of a province / region name (``-1`` for ``None``)."""
        if value is None:
            return -1
        return self._codes.setdefault(value, len(self._codes))

    def _ensure(self, pos: int) -> None:
        if pos >= len(self.kind):
            new = max(pos + 1, 2 * len(self.kind))
            for name in self._FIELDS:
                old = getattr(self, name)
                arr = np.full(new, 0 if name.startswith("trl") else -1, dtype=old.dtype)
                arr[: len(old)] = old
                setattr(self, name, arr)

    def set(self, pos: int, r: OrgRecord) -> None:
        """Write one organisation's metadata at a position."""
        self._ensure(pos)
        lo = r.trl_min if r.trl_min is not None else r.trl_max
        hi = r.trl_max if r.trl_max is not None else r.trl_min
        self.kind[pos] = KIND_CODE[r.kind]
        self.trl_lo[pos] = lo or 0
        self.trl_hi[pos] = hi or 0
        self.province[pos] = self.code(r.province)
        self.region[pos] = self.code(r.region)
        self.year[pos] = r.last_active_year if r.last_active_year is not None else -1

    def set_many(self, positions: np.ndarray, records: Sequence[OrgRecord]) -> None:
        """:meth:`set` for many organisations at once: one array write per field (the
        province and region codes are given in the same order as one :meth:`set` per
        record would give them)."""
        n = len(records)
        if not n:
            return
        positions = np.asarray(positions, dtype=np.int64)
        self._ensure(int(positions.max()))
        kind = np.fromiter((KIND_CODE[r.kind] for r in records), np.int8, n)
        tmin = np.fromiter((r.trl_min or 0 for r in records), np.int64, n)
        tmax = np.fromiter((r.trl_max or 0 for r in records), np.int64, n)
        year = np.fromiter(
            (-1 if r.last_active_year is None else r.last_active_year for r in records),
            np.int64,
            n,
        )
        province = np.empty(n, np.int32)
        region = np.empty(n, np.int32)
        code = self.code
        for i, r in enumerate(records):
            province[i] = code(r.province)
            region[i] = code(r.region)
        self.kind[positions] = kind
        self.trl_lo[positions] = np.where(tmin != 0, tmin, tmax)
        self.trl_hi[positions] = np.where(tmax != 0, tmax, tmin)
        self.province[positions] = province
        self.region[positions] = region
        self.year[positions] = year
