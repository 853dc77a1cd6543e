"""Non-graph signals between a query organisation and candidates (vectorised)."""

from __future__ import annotations

import numpy as np

from .records import KIND_CODE, KINDS

# How much a partnership between two kinds makes sense, in [0, 1]. Symmetric; hand-set from
# the portal's use cases (start-up <-> university / hospital, company <-> start-up, industry
# <-> academia); the ranker learns how much the whole signal matters.
_PAIR_VALUES = {
    ("startup", "university"): 1.0,
    ("startup", "research_hospital"): 1.0,
    ("company", "startup"): 0.9,
    ("company", "university"): 0.8,
    ("company", "research_hospital"): 0.8,
    ("research_hospital", "university"): 0.7,
    ("public_body", "research_hospital"): 0.6,
    ("public_body", "university"): 0.5,
    ("company", "public_body"): 0.4,
    ("public_body", "startup"): 0.4,
    ("university", "university"): 0.4,
    ("research_hospital", "research_hospital"): 0.4,
    ("company", "company"): 0.3,
    ("startup", "startup"): 0.2,
    ("public_body", "public_body"): 0.2,
    # Research institutes (CNR institutes, foundations; CORDIS "REC") pair like universities.
    ("research_institute", "startup"): 1.0,
    ("company", "research_institute"): 0.8,
    ("research_hospital", "research_institute"): 0.7,
    ("research_institute", "university"): 0.6,
    ("public_body", "research_institute"): 0.5,
    ("research_institute", "research_institute"): 0.4,
}


def _kind_table() -> np.ndarray:
    table = np.full((len(KINDS), len(KINDS)), 0.3)  # "other" pairs with anything at 0.3
    for (a, b), v in _PAIR_VALUES.items():
        table[KIND_CODE[a], KIND_CODE[b]] = table[KIND_CODE[b], KIND_CODE[a]] = v
    return table


KIND_TABLE = _kind_table()


def kind_complementarity(kind: str, kinds: list[str]) -> np.ndarray:
    """Complementarity of ``kind`` with each of ``kinds`` (table :data:`KIND_TABLE`)."""
    codes = np.fromiter((KIND_CODE[k] for k in kinds), dtype=np.int64, count=len(kinds))
    return KIND_TABLE[KIND_CODE[kind], codes]


def trl_range_fit(lo: int | None, hi: int | None, los: list, his: list) -> np.ndarray:
    """TRL fit of one range with each candidate range: 1 when they overlap or touch.

    Each missing level between the two ranges halves the fit; unknown ranges give 0 (no
    evidence either way).
    """
    out = np.zeros(len(los))
    if lo is None and hi is None:
        return out
    lo, hi = (lo if lo is not None else hi), (hi if hi is not None else lo)
    for i, (clo, chi) in enumerate(zip(los, his, strict=True)):
        if clo is None and chi is None:
            continue
        clo, chi = (clo if clo is not None else chi), (chi if chi is not None else clo)
        gap = max(clo - hi, lo - chi) - 1  # levels strictly between the ranges
        out[i] = 1.0 if gap <= 0 else 0.5**gap
    return out


def trl_point_fit(trl: int | None, los: list, his: list) -> np.ndarray:
    """Fit of a required TRL with each candidate range: 1 inside, halved per level outside."""
    if trl is None:
        return np.zeros(len(los))
    if not 1 <= int(trl) <= 9:
        raise ValueError(f"trl must be between 1 and 9, got {trl}")
    out = np.zeros(len(los))
    for i, (clo, chi) in enumerate(zip(los, his, strict=True)):
        if clo is None and chi is None:
            continue
        clo, chi = (clo if clo is not None else chi), (chi if chi is not None else clo)
        dist = max(clo - trl, trl - chi, 0)
        out[i] = 0.5**dist
    return out


def geography(
    province: str | None, region: str | None, provinces: list, regions: list
) -> np.ndarray:
    """1 for the same province, 0.5 for the same region only, else 0 (unknown = 0)."""
    out = np.zeros(len(provinces))
    for i, (p, r) in enumerate(zip(provinces, regions, strict=True)):
        if province is not None and p == province:
            out[i] = 1.0
        elif region is not None and r == region:
            out[i] = 0.5
    return out


def activity(years: list, reference_year: int | None, half_life: float = 3.0) -> np.ndarray:
    """Recency of the last activity: ``0.5 ** (age / half_life)``; unknown = 0."""
    out = np.zeros(len(years))
    if reference_year is None:
        return out
    for i, y in enumerate(years):
        if y is not None:
            out[i] = 0.5 ** (max(0, reference_year - y) / half_life)
    return out


# --------------------------------------------------------------------------- vectorised cores
# Used by the matcher on candidate arrays (unknown = 0 for TRL, -1 for codes and years).


def trl_range_fit_codes(lo: int, hi: int, los: np.ndarray, his: np.ndarray) -> np.ndarray:
    """:func:`trl_range_fit` over arrays; ``lo == 0`` means unknown."""
    if lo <= 0:
        return np.zeros(len(los))
    gap = np.maximum(los.astype(np.int64) - hi, lo - his.astype(np.int64)) - 1
    out = np.where(gap <= 0, 1.0, 0.5 ** np.maximum(gap, 0).astype(np.float64))
    return np.where(los > 0, out, 0.0)


def trl_point_fit_codes(trl: int, los: np.ndarray, his: np.ndarray) -> np.ndarray:
    """:func:`trl_point_fit` over arrays."""
    if not 1 <= int(trl) <= 9:
        raise ValueError(f"trl must be between 1 and 9, got {trl}")
    dist = np.maximum(np.maximum(los.astype(np.int64) - trl, trl - his.astype(np.int64)), 0)
    return np.where(los > 0, 0.5 ** dist.astype(np.float64), 0.0)


def geography_codes(
    province: int, region: int, provinces: np.ndarray, regions: np.ndarray
) -> np.ndarray:
    """:func:`geography` over integer codes (``-1`` unknown)."""
    same_p = (provinces == province) & (province >= 0)
    same_r = (regions == region) & (region >= 0)
    return np.where(same_p, 1.0, np.where(same_r, 0.5, 0.0))


def activity_codes(years: np.ndarray, reference_year: int | None, half_life: float) -> np.ndarray:
    """:func:`activity` over an int array (``-1`` unknown)."""
    if reference_year is None:
        return np.zeros(len(years))
    age = np.maximum(reference_year - years.astype(np.float64), 0.0)
    return np.where(years >= 0, 0.5 ** (age / half_life), 0.0)
