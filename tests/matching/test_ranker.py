"""PartnerRanker: fitting, contributions and shipped weights."""

import numpy as np
import pytest

from matching import SIGNALS, PartnerRanker
from matching.ranker import signal_features


def toy(n=400, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.random((n, len(SIGNALS)))
    y = (X[:, SIGNALS.index("adamic_adar")] + 0.1 * rng.random(n) > 0.55).astype(int)
    return X, y


def test_fit_returns_self_and_learns_the_informative_signal():
    X, y = toy()
    r = PartnerRanker(C=10.0)
    assert r.fit(X, y) is r
    j = SIGNALS.index("adamic_adar")
    assert np.argmax(np.abs(r.coef_)) == j and r.coef_[j] > 0


def test_contributions_sum_to_the_logit_and_absent_signal_contributes_zero():
    X, y = toy()
    r = PartnerRanker().fit(X, y)
    c = r.contributions(X[:5])
    assert np.allclose(c.sum(axis=1) + r.intercept_, r.decision_function(X[:5]))
    zero = np.zeros((1, len(SIGNALS)))
    assert np.all(r.contributions(zero) == 0)
    p = r.predict_proba(X[:5])
    assert np.allclose(p.sum(axis=1), 1.0)


def test_priors_are_fixed_not_learned():
    X, y = toy()
    r = PartnerRanker(priors={"semantic": (0.7, 0.2)}).fit(X, y)
    j = SIGNALS.index("semantic")
    assert r.coef_[j] == 0.7 and r.scale_[j] == 0.2


def test_save_load_round_trip(tmp_path):
    X, y = toy()
    r = PartnerRanker().fit(X, y)
    r.save(tmp_path / "w.json")
    back = PartnerRanker.load(tmp_path / "w.json")
    assert np.allclose(back.decision_function(X), r.decision_function(X), atol=1e-4)


def test_default_weights_load_without_training():
    r = PartnerRanker.default()
    assert r.coef_.shape == (len(SIGNALS),)
    assert all(r.coef_[SIGNALS.index(s)] > 0 for s in ("semantic", "common_partners", "ppr"))
    assert (r.coef_ >= 0).all()


def test_signal_features_transforms():
    raw = np.zeros((1, len(SIGNALS)))
    raw[0, SIGNALS.index("common_partners")] = np.e - 1
    raw[0, SIGNALS.index("ppr")] = 0.01
    f = signal_features(raw, n_nodes=100)
    assert f[0, SIGNALS.index("common_partners")] == pytest.approx(1.0)
    assert f[0, SIGNALS.index("ppr")] == pytest.approx(np.log(2.0))


def test_bad_input_raises():
    with pytest.raises(ValueError, match="not fitted"):
        PartnerRanker().decision_function(np.zeros((1, len(SIGNALS))))
    with pytest.raises(ValueError, match="columns"):
        PartnerRanker().fit(np.zeros((4, 3)), np.array([0, 1, 0, 1]))
    with pytest.raises(ValueError, match="both"):
        PartnerRanker().fit(np.zeros((4, len(SIGNALS))), np.zeros(4))
    with pytest.raises(ValueError, match="signals"):
        PartnerRanker.from_dict({"signals": ["x"], "coef": [1], "scale": [1], "intercept": 0})


def test_nonnegative_drops_signals_with_negative_weight():
    rng = np.random.default_rng(3)
    X = rng.random((600, len(SIGNALS)))
    j_good, j_bad = SIGNALS.index("ppr"), SIGNALS.index("geography")
    y = (X[:, j_good] - X[:, j_bad] + 0.1 * rng.random(600) > 0.05).astype(int)
    free = PartnerRanker(nonnegative=False).fit(X, y)
    assert free.coef_[j_bad] < 0
    pos = PartnerRanker().fit(X, y)
    assert (pos.coef_ >= 0).all() and pos.coef_[j_good] > 0 and pos.coef_[j_bad] == 0


def test_default_consortium_weights_learn_pagerank_only_and_keep_the_priors():
    r = PartnerRanker.default("consortium")
    assert r.meta_["task"] == "consortium" and r.meta_["learned"] == ["ppr"]
    assert r.coef_[SIGNALS.index("ppr")] > 0
    for s in ("common_partners", "adamic_adar", "resource_allocation", "geography"):
        assert r.coef_[SIGNALS.index(s)] == 0
    partners = PartnerRanker.default()
    for s in ("semantic", "offer_seek", "kind_complementarity", "trl_fit", "activity"):
        assert r.coef_[SIGNALS.index(s)] == partners.coef_[SIGNALS.index(s)]
    with pytest.raises(ValueError, match="task must be one of"):
        PartnerRanker.default("solvers")
