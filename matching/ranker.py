"""Learned combination of the matching signals (scikit-learn), with shipped default weights."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import numpy as np

SIGNALS: tuple[str, ...] = (
    "semantic",
    "offer_seek",
    "common_partners",
    "adamic_adar",
    "resource_allocation",
    "ppr",
    "kind_complementarity",
    "trl_fit",
    "geography",
    "activity",
    "lexical",
)
"""Signal names, in the column order of the feature matrix."""

LATER_SIGNALS: dict[str, tuple[float, float]] = {
    "lexical": (1.0, 0.4),
}
"""Signals added after weights were first saved, with the ``(coef, scale)`` a file written
before them gets (its fixed prior): ``flask match train`` output of an older version still
loads, and keeps its learned weights for the other signals."""

DEFAULT_FILES = {
    "partners": "data/ranker_default.json",
    "consortium": "data/consortium_ranker_default.json",
}
"""Shipped weights per task (see ``python -m matching train-ranker --task``)."""

_LOG_SIGNALS = ("common_partners", "adamic_adar", "resource_allocation")


def signal_features(signals: np.ndarray, n_nodes: int) -> np.ndarray:
    """Turn raw signals ``(n, len(SIGNALS))`` into ranker features.

    Count-like graph scores are compressed with ``log1p``; PageRank is expressed relative to
    the uniform value (``ppr * n_nodes``) and then compressed, so the weights carry over
    between graphs of different sizes.
    """
    x = np.array(signals, dtype=np.float64, copy=True)
    for name in _LOG_SIGNALS:
        j = SIGNALS.index(name)
        x[:, j] = np.log1p(x[:, j])
    j = SIGNALS.index("ppr")
    x[:, j] = np.log1p(x[:, j] * max(n_nodes, 1))
    return x


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -50, 50)))


class PartnerRanker:
    """Logistic-regression ranker over the signal features.

    Features are scaled by their standard deviation but not centred, so an absent signal
    (value 0) contributes exactly 0 and each contribution reads as "how much this signal
    pushed the score up".

    Args:
        C: Inverse regularisation strength of the logistic regression.
        class_weight: Passed to ``LogisticRegression``.
        priors: ``{signal: (coef, scale)}`` for signals the training data cannot show (e.g. no
            texts in the historical data); they are fixed, not learned.
        nonnegative: Drop (weight 0) signals that get a negative weight and refit, so every
            contribution reads "this pushed the score up" (collinear graph scores otherwise
            get opposite signs that no user could follow).
    """

    # Set by fit / from_dict.
    coef_: np.ndarray
    scale_: np.ndarray
    intercept_: float
    signals_: tuple[str, ...]
    meta_: dict

    def __init__(
        self,
        C: float = 1.0,
        class_weight: str | None = "balanced",
        priors: dict[str, tuple[float, float]] | None = None,
        nonnegative: bool = True,
    ):
        self.C = C
        self.class_weight = class_weight
        self.priors = priors
        self.nonnegative = nonnegative

    def fit(self, X: np.ndarray, y: np.ndarray) -> PartnerRanker:
        """Fit on a feature matrix (see :func:`signal_features`) and 0/1 labels."""
        # sklearn takes ~2.5 s to import: only fitting needs it (serving reads the saved weights).
        from sklearn.linear_model import LogisticRegression  # noqa: PLC0415 — heavy

        X = np.asarray(X, dtype=np.float64)
        y = np.asarray(y)
        if X.ndim != 2 or X.shape[1] != len(SIGNALS):
            raise ValueError(f"X must have {len(SIGNALS)} columns (one per signal)")
        if len(np.unique(y)) != 2:
            raise ValueError("y must contain both positive and negative examples")
        priors = dict(self.priors or {})
        learn = [j for j, s in enumerate(SIGNALS) if s not in priors]
        scale = X.std(axis=0)
        scale[scale == 0] = 1.0
        model = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=2000)
        for name, (_, s) in priors.items():
            scale[SIGNALS.index(name)] = s
        # Prior signals are left out of the fit (sklearn has no offset term); they are meant for
        # signals that are absent (all 0) in the training data anyway.
        self.coef_ = np.zeros(len(SIGNALS))
        p = float(np.mean(y))
        self.intercept_ = float(np.log(p / (1 - p)))
        while learn:
            model.fit(X[:, learn] / scale[learn], y)
            coef = model.coef_.ravel()
            if not self.nonnegative or (coef >= 0).all():
                self.coef_[learn] = coef
                self.intercept_ = float(model.intercept_[0])
                break
            learn = [j for j, c in zip(learn, coef, strict=True) if c > 0]
        for name, (coef, _) in priors.items():
            self.coef_[SIGNALS.index(name)] = coef
        self.scale_ = scale
        self.signals_ = SIGNALS
        return self

    def _check(self) -> None:
        if not hasattr(self, "coef_"):
            raise ValueError("the ranker is not fitted; call fit() or PartnerRanker.default()")

    def contributions(self, X: np.ndarray) -> np.ndarray:
        """Per-signal contributions to the logit: ``coef * x / scale``."""
        self._check()
        return np.asarray(X, dtype=np.float64) * (self.coef_ / self.scale_)

    def decision_function(self, X: np.ndarray) -> np.ndarray:
        """Logit of each row."""
        return self.contributions(X).sum(axis=1) + self.intercept_

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """``(n, 2)`` class probabilities, sklearn style."""
        p = _sigmoid(self.decision_function(X))
        return np.column_stack([1 - p, p])

    def score_rows(self, X: np.ndarray) -> np.ndarray:
        """Probability that each row is a good partner."""
        return _sigmoid(self.decision_function(X))

    # ----------------------------------------------------------------- persistence
    def to_dict(self) -> dict:
        """JSON-ready weights."""
        self._check()
        return {
            "signals": list(self.signals_),
            "coef": [round(float(c), 6) for c in self.coef_],
            "scale": [round(float(s), 6) for s in self.scale_],
            "intercept": round(self.intercept_, 6),
            "priors": sorted((self.priors or {}).keys()),
            "meta": getattr(self, "meta_", {}),
        }

    @classmethod
    def from_dict(cls, data: dict) -> PartnerRanker:
        """Rebuild a fitted ranker from :meth:`to_dict` output."""
        given = list(data.get("signals", []))
        missing = [s for s in SIGNALS if s not in given]
        if given != [s for s in SIGNALS if s not in missing] or not set(missing) <= set(
            LATER_SIGNALS
        ):
            raise ValueError(f"ranker weights must list the signals {list(SIGNALS)}")
        if len(data["coef"]) != len(given) or len(data["scale"]) != len(given):
            raise ValueError("ranker weights need one coef and one scale per signal")
        coef = dict(zip(given, data["coef"], strict=True))
        scale = dict(zip(given, data["scale"], strict=True))
        for name in missing:
            coef[name], scale[name] = LATER_SIGNALS[name]
        r = cls()
        r.coef_ = np.array([coef[s] for s in SIGNALS], dtype=np.float64)
        r.scale_ = np.array([scale[s] for s in SIGNALS], dtype=np.float64)
        r.intercept_ = float(data["intercept"])
        r.signals_ = SIGNALS
        r.meta_ = data.get("meta", {})
        return r

    def save(self, path: str | Path) -> None:
        """Write the weights as JSON."""
        Path(path).write_text(json.dumps(self.to_dict(), indent=2) + "\n")

    @classmethod
    def load(cls, path: str | Path) -> PartnerRanker:
        """Read weights written by :meth:`save`."""
        return cls.from_dict(json.loads(Path(path).read_text()))

    @classmethod
    def default(cls, task: str = "partners") -> PartnerRanker:
        """The shipped weights: ``"partners"`` (``matching/data/ranker_default.json``) or
        ``"consortium"`` (``matching/data/consortium_ranker_default.json``)."""
        if task not in DEFAULT_FILES:
            raise ValueError(f"task must be one of {sorted(DEFAULT_FILES)}, got {task!r}")
        text = resources.files("matching").joinpath(DEFAULT_FILES[task]).read_text()
        return cls.from_dict(json.loads(text))
