"""Co-participation structures built from a participations table (projects x organisations)."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass, replace

import numpy as np
import scipy.sparse as sp

ORG_TYPES = ("HES", "PRC", "REC", "PUB", "OTH", "")


@dataclass(frozen=True)
class Participation:
    """One row of the participations file."""

    project_id: str
    org_id: int | str
    role: str
    org_type: str
    country: str
    start_date: str


def year_of(date: str) -> float:
    """``"2017-07-01"`` -> 2017.5 (fractional year)."""
    if not date or len(date) < 7:
        raise ValueError(f"bad date {date!r}, expected YYYY-MM-DD")
    return int(date[:4]) + (int(date[5:7]) - 1) / 12.0


def _int_or_str(values: list[str]) -> bool:
    """Whether every id in ``values`` is a plain integer (then ids stay ints, as before)."""
    return all(v.lstrip("-").isdigit() for v in values)


def read_participations(path: str) -> list[Participation]:
    """Read ``project_id,org_id,role,org_type,country,start_date`` rows.

    Organisation ids are opaque strings (PICs, ROR ids, names); when every id of the file is
    an integer they are returned as ints.
    """
    need = {"project_id", "org_id", "role", "org_type", "country", "start_date"}
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        missing = need - set(reader.fieldnames or [])
        if missing:
            raise ValueError(f"{path}: missing columns {sorted(missing)}")
        rows = []
        for n, r in enumerate(reader, start=2):
            org = (r["org_id"] or "").strip()
            if not org:
                raise ValueError(f"{path} line {n}: empty org_id")
            date = (r["start_date"] or "").strip()
            if date:
                try:
                    year_of(date)
                except ValueError as exc:
                    raise ValueError(f"{path} line {n}: {exc}") from None
            rows.append(
                Participation(
                    r["project_id"],
                    org,
                    r["role"] or "",
                    r["org_type"] or "",
                    r["country"] or "",
                    date,
                )
            )
    if not rows:
        raise ValueError(f"{path}: no participations")
    dated = [r.start_date for r in rows if r.start_date]
    if not dated:
        raise ValueError(f"{path}: no row has a start_date")
    as_int = _int_or_str([str(r.org_id) for r in rows])
    # Undated projects are treated as the oldest ones: they still add edges, never recency.
    oldest = min(dated)
    return [
        replace(r, start_date=r.start_date or oldest, org_id=int(r.org_id) if as_int else r.org_id)
        for r in rows
    ]


def read_texts(path: str) -> dict[int | str, list[str]]:
    """Read ``org_id,text`` rows (several per organisation allowed; see :func:`read_documents`)."""
    return {o: [t for t, _, _ in docs] for o, docs in read_documents(path).items()}


def read_documents(path: str) -> dict[int | str, list[tuple[str, str | None, str | None]]]:
    """Read ``org_id,text[,year|start_date][,project_id]`` rows: ``{org: [(text, date, project)]}``.

    Ids are opaque (ints when every id of the file is an integer); blank texts are skipped.
    """
    out: dict[int | str, list] = defaultdict(list)
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        cols = set(reader.fieldnames or [])
        if not {"org_id", "text"} <= cols:
            raise ValueError(f"{path}: expected columns org_id,text")
        for n, r in enumerate(reader, start=2):
            text = (r["text"] or "").strip()
            if not text:
                continue
            org = (r["org_id"] or "").strip()
            if not org:
                raise ValueError(f"{path} line {n}: empty org_id")
            date = (r.get("start_date") or r.get("year") or "").strip() or None
            if date is not None:
                try:
                    float(date) if len(date) == 4 else year_of(date)
                except ValueError:
                    raise ValueError(f"{path} line {n}: bad year/start_date {date!r}") from None
            out[org].append((text, date, (r.get("project_id") or "").strip() or None))
    if _int_or_str([str(o) for o in out]):
        return {int(o): d for o, d in out.items()}
    return dict(out)


def _lift(groups: sp.csr_matrix) -> np.ndarray:
    """log lift of co-occurrence of categories within projects (projects x categories, 0/1)."""
    groups = (groups > 0).astype(np.float64)
    co = (groups.T @ groups).toarray()
    cnt = np.diag(co).copy()
    n = groups.shape[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        lift = co * n / np.outer(cnt, cnt)
    return np.log(np.where(np.isfinite(lift) & (lift > 0), lift, 0.0) + 0.05)


class CoParticipation:
    """Projects x organisations incidence and everything derived from it.

    Args:
        half_life: Years after which a project counts half (edge weights, activity).
    """

    def __init__(self, half_life: float = 3.0):
        self.half_life = half_life

    def fit(
        self,
        rows: list[Participation],
        reference_year: float,
        extra_orgs: tuple[int | str, ...] = (),
    ) -> CoParticipation:
        """Build the structures from participations dated before ``reference_year``."""
        if not rows:
            raise ValueError("no participations to build the graph from")
        orgs = sorted({r.org_id for r in rows} | set(extra_orgs))
        # Opaque ids: integers stay an int64 array (as before), any other id an object array.
        ints = all(isinstance(o, (int, np.integer)) for o in orgs)
        self.org_ids_ = np.array(orgs, dtype=np.int64 if ints else object)
        self.pos_ = {o: i for i, o in enumerate(orgs)}
        projects = sorted({r.project_id for r in rows})
        ppos = {p: i for i, p in enumerate(projects)}
        pyear = {}
        types: defaultdict[int | str, Counter[str]] = defaultdict(Counter)
        countries: defaultdict[int | str, Counter[str]] = defaultdict(Counter)
        for r in rows:
            pyear[r.project_id] = year_of(r.start_date)
            types[r.org_id][r.org_type] += 1
            countries[r.org_id][r.country] += 1
        n, m = len(orgs), len(projects)
        pr = np.array([ppos[r.project_id] for r in rows])
        oc = np.array([self.pos_[r.org_id] for r in rows])
        B = sp.csr_matrix((np.ones(len(rows)), (pr, oc)), shape=(m, n))
        B.data[:] = 1.0  # duplicates collapse to one membership
        B.sum_duplicates()
        B.data[:] = 1.0
        years = np.array([pyear[p] for p in projects])
        decay = 0.5 ** (np.maximum(reference_year - years, 0) / self.half_life)
        self.B_ = B
        self.project_size_ = np.asarray(B.sum(axis=1)).ravel()
        self.project_decay_ = decay
        self.project_year_ = years
        W = (B.T @ sp.diags(decay) @ B).tocsr()
        W.setdiag(0)
        W.eliminate_zeros()
        self.W_ = W
        A = W.copy()
        A.data[:] = 1.0
        self.A_ = A
        self.degree_ = np.asarray(A.sum(axis=1)).ravel()
        with np.errstate(divide="ignore"):
            self.inv_log_deg_ = np.where(self.degree_ > 1, 1 / np.log(self.degree_), 0.0)
            self.inv_deg_ = np.where(self.degree_ > 0, 1 / np.maximum(self.degree_, 1), 0.0)
        strength = np.asarray(W.sum(axis=1)).ravel()
        self.transition_T_ = (
            sp.diags(np.where(strength > 0, 1 / np.maximum(strength, 1e-12), 0.0)) @ W
        ).T.tocsr()
        self.dangling_ = strength == 0
        # Factorised transition: W = B' diag(decay) B - diag(B' decay), so W x costs two
        # products with B (one row per participation) instead of one with W (one entry per
        # pair of co-members: ~10x more on CORDIS, where big projects make large cliques).
        self._inv_strength = np.where(strength > 0, 1 / np.maximum(strength, 1e-12), 0.0)
        self._B_T = B.T.tocsr()
        self._self_weight = np.asarray(B.T @ decay).ravel()
        self.n_projects_ = np.asarray(B.sum(axis=0)).ravel()
        self.recent_projects_ = np.asarray(B.T @ decay).ravel()
        self.popular_order_ = np.argsort(-self.recent_projects_, kind="stable")
        last = np.full(n, -np.inf)
        np.maximum.at(last, oc, years[pr])
        self.last_year_ = last
        type_of = [types[o].most_common(1)[0][0] if o in types else "" for o in orgs]
        self.type_code_ = np.array([ORG_TYPES.index(t) if t in ORG_TYPES else 4 for t in type_of])
        cvocab = sorted({c for cs in countries.values() for c in cs})
        self.countries_ = {c: i for i, c in enumerate(cvocab)}
        self.country_code_ = np.array(
            [
                self.countries_[countries[o].most_common(1)[0][0]] if o in countries else -1
                for o in orgs
            ]
        )
        proj_of_row = pr
        self.type_lift_ = _lift(
            sp.csr_matrix(
                (np.ones(len(rows)), (proj_of_row, self.type_code_[oc])), shape=(m, len(ORG_TYPES))
            )
        )
        nc = max(len(cvocab), 1)
        ccodes = self.country_code_[oc]
        self.country_lift_ = _lift(
            sp.csr_matrix((np.ones(len(rows)), (proj_of_row, np.maximum(ccodes, 0))), shape=(m, nc))
        )
        share = np.bincount(np.maximum(ccodes, 0), minlength=nc) / len(rows)
        self.country_share_ = share
        self.reference_year_ = reference_year
        return self

    @property
    def n_orgs(self) -> int:
        """Number of organisations."""
        return len(self.org_ids_)

    def ppr(self, seed_pos: np.ndarray, alpha: float = 0.8, n_iter: int = 10) -> np.ndarray:
        """Personalised PageRank from the seed positions (dense power iteration)."""
        s = np.zeros(self.n_orgs)
        s[seed_pos] = 1.0 / len(seed_pos)
        r = s.copy()
        for _ in range(n_iter):
            lost = r[self.dangling_].sum()
            r = alpha * self._step(r) + (alpha * lost + 1 - alpha) * s
        return r

    def _step(self, r: np.ndarray) -> np.ndarray:
        """``transition_T_ @ r`` through the factorised form (``r``: vector or block)."""
        x = r * (self._inv_strength if r.ndim == 1 else self._inv_strength[:, None])
        d = self.project_decay_ if r.ndim == 1 else self.project_decay_[:, None]
        w = self._self_weight if r.ndim == 1 else self._self_weight[:, None]
        return self._B_T @ (d * (self.B_ @ x)) - w * x

    def ppr_many(
        self, seed_sets: list[np.ndarray], alpha: float = 0.8, n_iter: int = 10, block: int = 64
    ) -> np.ndarray:
        """``(n_orgs, len(seed_sets))`` PPR of many seed sets at once (sparse mat x block).

        Column ``j`` equals ``ppr(seed_sets[j], alpha, n_iter)`` (an empty seed set gives 0s).
        One sparse product with a ``(n_orgs, block)`` matrix reads the transition matrix once
        per iteration for ``block`` queries instead of once per query.
        """
        out = np.zeros((self.n_orgs, len(seed_sets)))
        for lo in range(0, len(seed_sets), block):
            sets = seed_sets[lo : lo + block]
            S = np.zeros((self.n_orgs, len(sets)))
            for j, seed in enumerate(sets):
                if len(seed):
                    S[np.asarray(seed, dtype=np.int64), j] = 1.0 / len(seed)
            R = S.copy()
            for _ in range(n_iter):
                lost = R[self.dangling_].sum(axis=0)
                R = alpha * self._step(R) + (alpha * lost + 1 - alpha) * S
            out[:, lo : lo + len(sets)] = R
        return out
