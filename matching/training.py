"""Train the PartnerMatcher's default ranker weights on historical co-participation."""

from __future__ import annotations

import random
import sys
from collections import defaultdict
from typing import cast

import numpy as np

from .copart import Participation, year_of
from .encoder import Encoder
from .engine import PartnerMatcher
from .ranker import LATER_SIGNALS, SIGNALS, PartnerRanker, signal_features
from .records import OrgRecord
from .research.evaluate import hide_half
from .scoring import candidate_signals

CORDIS_KIND = {
    "HES": "university",
    "REC": "research_hospital",
    "PRC": "company",
    "PUB": "public_body",
    "OTH": "other",
}
"""CORDIS activity types mapped to portal kinds (REC = research organisations, the closest
kind to IRCCS hospitals; CORDIS does not tell start-ups from other companies)."""

PRIORS: dict[str, tuple[float, float]] = {
    "semantic": (1.0, 0.15),
    "offer_seek": (1.0, 0.15),
    "trl_fit": (0.3, 0.5),
    "kind_complementarity": (0.5, 0.3),
    "activity": (0.5, 0.5),
    "lexical": LATER_SIGNALS["lexical"],
}
"""Fixed ``(coef, scale)`` for signals the historical data cannot show: it has no texts, no
TRL, no start-ups (so no kind pairs the portal cares about), and every CORDIS organisation is
recently active, which would make the portal's many organisations without a known activity
year look hopeless. A profile cosine of 0.3 adds 2 to the logit, about as much as a strong
graph signal; full kind complementarity adds 1.7 and recent activity 1."""


def _records(rows: list[Participation]) -> list[OrgRecord]:
    kind: defaultdict[int | str, dict[str, int]] = defaultdict(dict)
    country: dict[int | str, str | None] = {}
    last: dict[int | str, int] = {}
    for r in rows:
        kind[r.org_id][r.org_type] = kind[r.org_id].get(r.org_type, 0) + 1
        country[r.org_id] = r.country or None
        last[r.org_id] = max(last.get(r.org_id, 0), int(r.start_date[:4]))
    out = []
    for org, counts in kind.items():
        if not isinstance(org, int):
            raise ValueError(f"training needs integer organisation ids (PICs), got {org!r}")
        t = max(counts, key=lambda c: counts[c])
        out.append(
            OrgRecord(
                org,
                str(org),
                CORDIS_KIND.get(t, "other"),
                region=country[org],
                last_active_year=last[org],
            )
        )
    return out


def history_matcher(before: list[Participation], reference_year: float, **params) -> PartnerMatcher:
    """A PartnerMatcher over the co-participation graph of ``before`` (no texts).

    ``params`` go to :class:`PartnerMatcher` (e.g. ``consortium_ranker``); without rankers
    the shipped partner weights stand in for both (training scores signals, not rankings).
    """
    members = defaultdict(list)
    for r in before:
        members[r.project_id].append(r)
    edges = []
    for ms in members.values():
        orgs = sorted({r.org_id for r in ms})
        y = int(ms[0].start_date[:4])
        edges += [(a, b, 1.0, y) for i, a in enumerate(orgs) for b in orgs[i + 1 :]]
    params.setdefault("ranker", PartnerRanker.default())
    params.setdefault("consortium_ranker", params["ranker"])
    # _NoTexts stands in for an Encoder (same duck type: dim, model_name, encode).
    encoder = cast(Encoder, _NoTexts())
    return PartnerMatcher(encoder=encoder, reference_year=int(reference_year), **params).fit(
        _records(before), vectors=None, edges=edges
    )


def _split(rows, split_year: float, horizon: float):
    before = [r for r in rows if year_of(r.start_date) < split_year]
    after = [r for r in rows if split_year <= year_of(r.start_date) < split_year + horizon]
    if not before or not after:
        raise ValueError("need participations both before and after split_year")
    return before, after


def _fit_ranker(Xs, ys, meta: dict, verbose: bool, priors=PRIORS) -> PartnerRanker:
    if not Xs:
        raise ValueError("no usable training queries in the participations")
    X, y = np.vstack(Xs), np.concatenate(ys)
    ranker = PartnerRanker(C=1.0, priors=priors).fit(X, y)
    # sklearn takes ~2 s to import: only a training run needs it, not `flask` start-up.
    from sklearn.metrics import roc_auc_score  # noqa: PLC0415 — heavy

    auc = roc_auc_score(y, ranker.decision_function(X))
    ranker.meta_ = meta | {  # type: ignore[attr-defined]  # saved by PartnerRanker.save
        "queries": len(Xs),
        "rows": int(len(y)),
        "positives": int(y.sum()),
        "train_auc": round(float(auc), 4),
        "priors": {k: list(v) for k, v in priors.items()},
    }
    if verbose:
        print(
            f"trained on {len(Xs)} queries, {len(y)} candidates, {int(y.sum())} "
            f"positives; AUC {auc:.3f}",
            file=sys.stderr,
        )
        for s, c in zip(SIGNALS, ranker.coef_, strict=True):
            print(f"  {s:22s} {c:+.3f}", file=sys.stderr)
    return ranker


def train_default_ranker(
    rows: list[Participation],
    split_year: float = 2017.0,
    horizon: float = 2.0,
    n_queries: int = 1500,
    random_state: int = 0,
    verbose: bool = True,
) -> PartnerRanker:
    """Fit :class:`PartnerRanker` on "who partners with whom next" in the participations.

    The graph holds the projects before ``split_year``; for sampled organisations the
    candidates are scored exactly as :meth:`PartnerMatcher.suggest_partners` does, and the new
    partners of the next ``horizon`` years are the positives.
    """
    before, after = _split(rows, split_year, horizon)
    m = history_matcher(before, split_year)
    future: defaultdict[int | str, set[int | str]] = defaultdict(set)
    proj: defaultdict[str, set[int | str]] = defaultdict(set)
    for r in after:
        proj[r.project_id].add(r.org_id)
    for orgs in proj.values():
        for o in orgs:
            future[o] |= orgs - {o}
    # engine.py's graph_ is inferred through the engine <-> scoring import cycle (mypy
    # cannot type it from here; engine.py is not changed in this session).
    g = m.graph_  # type: ignore[has-type]
    pool = [o for o in future if o in m.orgs_ and g.degree(o) > 0]
    rng = random.Random(random_state)
    rng.shuffle(pool)
    Xs, ys = [], []
    for o in pool[:n_queries]:
        known = set(g.neighbors(o))
        new = future[o] - known
        if not new:
            continue
        cands, sig = candidate_signals(m, [m.orgs_[o]], None, known | {o}, None)
        if not cands:
            continue
        Xs.append(signal_features(sig, g.n_nodes))
        ys.append(np.array([c in new for c in cands], dtype=int))
    meta = {
        "source": "CORDIS H2020 co-participation (python -m matching train-ranker)",
        "task": "partners",
        "graph_before": split_year,
        "positives_until": split_year + horizon,
    }
    return _fit_ranker(Xs, ys, meta, verbose)


def train_consortium_ranker(
    rows: list[Participation],
    split_year: float = 2017.0,
    horizon: float = 2.0,
    n_queries: int = 1500,
    min_members: int = 3,
    learn: tuple[str, ...] = ("ppr",),
    random_state: int = 0,
    verbose: bool = True,
) -> PartnerRanker:
    """Fit :class:`PartnerRanker` on completing consortia, for
    :meth:`PartnerMatcher.complete_consortium`.

    The graph holds the projects before ``split_year``; each project of the next ``horizon``
    years with at least ``min_members`` members becomes a query: its coordinator and half of
    the other members are the seed, scored exactly as ``complete_consortium`` does, and the
    other half are the positives. Unlike :func:`train_default_ranker`, organisations already
    linked to the seeds stay candidates: consortia re-form.

    Only the signals in ``learn`` get a learned weight; the other graph signals and geography
    get 0, and the text, kind, TRL and activity signals keep their fixed priors. The default
    learns the short-walk PageRank alone: on validation (graph before 2017, health queries of
    2017-2018) it ranked the missing members best (R@20 0.126, MRR 0.194), and every learned
    blend with common partners, Adamic-Adar, resource allocation or geography ranked worse
    (R@20 0.104-0.115; raw, standardised per query or relative to the best candidate): those
    weights separate candidates across queries, not within one (bench/README.md).
    """
    if not set(learn) <= set(SIGNALS) - set(PRIORS):
        raise ValueError(f"learn must name graph or geography signals, got {learn}")
    before, after = _split(rows, split_year, horizon)
    m = history_matcher(before, split_year)
    members, coord = defaultdict(set), {}
    for r in after:
        members[r.project_id].add(r.org_id)
        if r.role == "coordinator":
            coord[r.project_id] = r.org_id
    projects = sorted(p for p, ms in members.items() if len(ms) >= min_members)
    rng = random.Random(random_state)
    rng.shuffle(projects)
    Xs, ys = [], []
    for p in projects[:n_queries]:
        seed_all, hidden_all = hide_half(members[p], coord.get(p), rng)
        seed = [s for s in seed_all if s in m.orgs_]
        hidden = {h for h in hidden_all if h in m.orgs_}
        if not seed or not hidden:
            continue
        cands, sig = candidate_signals(
            m,
            [m.orgs_[s] for s in seed],
            None,
            set(seed),
            None,
            ppr_alpha=m.consortium_ppr_alpha,
        )
        if not cands:
            continue
        Xs.append(signal_features(sig, m.graph_.n_nodes))  # type: ignore[has-type]
        ys.append(np.array([c in hidden for c in cands], dtype=int))
    meta = {
        "source": "CORDIS H2020 consortia (python -m matching train-ranker --task consortium)",
        "task": "consortium",
        "graph_before": split_year,
        "queries_until": split_year + horizon,
    }
    fixed = {s: (0.0, 1.0) for s in SIGNALS if s not in PRIORS and s not in learn}
    return _fit_ranker(Xs, ys, meta | {"learned": list(learn)}, verbose, PRIORS | fixed)


class _NoTexts:
    """Stand-in encoder: the historical data has no texts, so nothing is ever encoded."""

    dim = 384
    model_name = "none"

    def encode(self, texts, show_progress=False):
        """Refuse to encode (never called when no record has text)."""
        raise AssertionError("no texts expected in the training data")
