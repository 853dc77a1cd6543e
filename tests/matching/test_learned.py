"""Learned fusion over a pool of all channels: pool, features, ranker."""

import numpy as np
import pytest

from matching.copart import CoParticipation, Participation
from matching.documents import OrgDocument
from matching.fusion import TextGraphScorer
from matching.learned import PoolFeaturizer, PoolRanker, feature_names
from matching.textmatch import TextMatcher


def world():
    """o1-o2 did cardiology with o3 (2019) and genomics with o4 (2016); o5-o6 cardiac rehab."""
    projects = {
        "cardio": (["o1", "o2", "o3"], "2019-06-01", "IT"),
        "genome": (["o1", "o2", "o4"], "2016-01-01", "FR"),
        "other": (["o5", "o6"], "2012-01-01", "DE"),
    }
    rows = [
        Participation(p, o, "participant", "HES", country, date)
        for p, (members, date, country) in projects.items()
        for o in members
    ]
    cp = CoParticipation(3.0).fit(rows, reference_year=2020.0)
    texts = {
        "cardio": "heart failure and cardiac imaging in elderly patients",
        "genome": "genome sequencing of rare variants",
        "other": "cardiac rehabilitation with heart monitoring devices",
    }
    docs = [OrgDocument(r.org_id, texts[r.project_id], 2018, doc_id=r.project_id) for r in rows]
    tm = TextMatcher(None, cosine=True).fit(docs, org_ids=list(cp.org_ids_))
    return cp, TextGraphScorer(cp, tm)


def test_pool_and_features_of_seed_and_text_queries():
    cp, sc = world()
    fz = PoolFeaturizer(sc, per_channel=3, n_popular=1)
    seed = np.array([cp.pos_["o1"], cp.pos_["o2"]])
    pool, X, ch = fz.query("cardiac heart failure imaging", seed)
    names = feature_names(True, False)
    assert X.shape == (len(pool), len(names))
    assert not set(pool) & set(seed)
    col = {n: X[:, i] for i, n in enumerate(names)}
    row = {cp.org_ids_[p]: i for i, p in enumerate(pool)}
    assert "o3" in row and "o4" in row
    # o3 and o4 each worked with both seed members; o3 in the matching project only.
    assert col["linked"][row["o3"]] == 2 and col["linked"][row["o4"]] == 2
    assert col["project"][row["o3"]] > 0 and col["project"][row["o4"]] == 0
    # Countries: the seed is IT (cardio, 2019) + FR/IT; o3 is IT, o4 FR.
    assert col["same_country"][row["o3"]] > col["same_country"][row["o4"]]
    # Time-aware priors at the graph's reference year 2020: o3 started a project in 2019.
    assert col["started_2y"][row["o3"]] > 0 and col["started_2y"][row["o4"]] == 0
    assert col["seed_size"][0] == 2
    # Text only: no seed columns; a seed + text query with an unknown seed keeps them (0).
    pool_t, X_t, _ = fz.query("cardiac heart monitoring", np.array([], dtype=np.int64))
    assert X_t.shape[1] == len(feature_names(False, False))
    _, X_s, _ = fz.query("cardiac heart monitoring", np.array([], dtype=np.int64), seeded=True)
    assert X_s.shape[1] == len(names)
    with pytest.raises(ValueError, match="per_channel must be positive"):
        PoolFeaturizer(sc, per_channel=0)


def test_pool_ranker_learns_a_separable_signal_and_is_reproducible():
    rng = np.random.default_rng(0)
    queries = []
    for _ in range(40):
        X = rng.normal(size=(60, 4))
        y = X[:, 0] + 0.1 * rng.normal(size=60) > 1.2
        queries.append((X, y))
    a = PoolRanker(n_trees=50, min_samples_leaf=5, negatives=30).fit(queries)
    b = PoolRanker(n_trees=50, min_samples_leaf=5, negatives=30).fit(queries)
    X = rng.normal(size=(200, 4))
    assert np.array_equal(a.score(X), b.score(X))
    top = np.argsort(-a.score(X))[:10]
    assert (X[top, 0] > 1.0).mean() >= 0.9
    with pytest.raises(ValueError, match="no training query has a member"):
        PoolRanker().fit([(X, np.zeros(len(X), dtype=bool))])
