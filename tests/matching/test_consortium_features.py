"""Seed-set features of the consortium ranker against hand-computed values."""

import numpy as np
import pytest

from matching.consortium import _COL, ConsortiumRecommender, query_features
from matching.copart import CoParticipation, Participation
from matching.doctext import OrgDocuments


def _world():
    # p1 (2015): 1 2 3     p2 (2016): 1 4     p3 (2014): 2 4 5     p4 (2016): 6 7
    spec = {
        "p1": ("2015-01-01", [1, 2, 3]),
        "p2": ("2016-01-01", [1, 4]),
        "p3": ("2014-01-01", [2, 4, 5]),
        "p4": ("2016-01-01", [6, 7]),
    }
    rows = []
    for pid, (date, members) in spec.items():
        for j, org in enumerate(members):
            role = "coordinator" if j == 0 else "participant"
            country = "IT" if org in (1, 4) else "DE"
            rows.append(Participation(pid, org, role, "HES" if org % 2 else "PRC", country, date))
    return CoParticipation(half_life=3.0).fit(rows, reference_year=2017.0)


def test_seed_set_features_hand_computed():
    cp = _world()
    seed = np.array([cp.pos_[1], cp.pos_[2]])
    X = query_features(cp, seed, 2017.0, coord_pos=cp.pos_[1])
    row = {o: X[cp.pos_[o]] for o in cp.pos_}
    # 4 worked with both seeds (p2 with 1, p3 with 2); 5 only with seed 2; 6 with none.
    assert row[4][_COL["n_linked_seeds"]] == 2
    assert row[5][_COL["n_linked_seeds"]] == 1
    assert row[6][_COL["n_linked_seeds"]] == 0
    # share of the candidate's partners that are seeds: 4 has partners {1, 2, 5}
    assert row[4][_COL["seed_share_of_cand"]] == pytest.approx(2 / 3)
    # coordinator-specific: 4 and 3 are linked to org 1, 5 is not
    assert row[4][_COL["coord_linked"]] == 1 and row[5][_COL["coord_linked"]] == 0
    assert row[3][_COL["coord_w"]] == pytest.approx(np.log1p(0.5 ** (2 / 3)))
    # last joint project with any seed: 4 -> p2 (2016), 5 -> p3 (2014); 6 none (capped at 20)
    assert row[4][_COL["last_joint_years"]] == pytest.approx(1.0)
    assert row[5][_COL["last_joint_years"]] == pytest.approx(3.0)
    assert row[6][_COL["last_joint_years"]] == 20
    # projects in the two years before the query (2015-2017): 4 has p2 only
    assert row[4][_COL["active_2y"]] == pytest.approx(np.log1p(1))
    assert row[4][_COL["joint_recent"]] == pytest.approx(np.log1p(1))
    assert row[5][_COL["joint_recent"]] == 0
    # coordinator's country (IT) and seed type share (1 is HES, 2 is PRC)
    assert row[4][_COL["coord_same_country"]] == 1 and row[5][_COL["coord_same_country"]] == 0
    assert row[5][_COL["same_type_frac"]] == pytest.approx(0.5)
    # common neighbours of 4 (partners 1, 2, 5): {2} with seed 1, {1, 5} with seed 2 -> 3
    assert row[4][_COL["cn_cos"]] == pytest.approx(3 / np.sqrt(3 * 2))


def test_features_without_coordinator_or_seed():
    cp = _world()
    X = query_features(cp, np.array([], dtype=np.int64), 2017.0)
    assert X[:, _COL["coord_linked"]].sum() == 0 and X[:, _COL["n_linked_seeds"]].sum() == 0
    assert X[cp.pos_[1], _COL["active_2y"]] == pytest.approx(np.log1p(2))


class _FixedEncoder:
    """Maps each known text to a fixed unit vector (the documents' geometry by hand)."""

    def __init__(self, vectors):
        self.vectors = vectors

    def encode(self, texts, show_progress=False):
        return np.array([self.vectors[t] for t in texts], dtype=np.float32)


def test_document_similarity_mean_max_and_second_best():
    e = {"a": [1.0, 0.0], "b": [0.0, 1.0], "c": [0.6, 0.8]}
    docs = OrgDocuments(_FixedEncoder(e)).fit(
        {10: ["a", "b", "c"], 20: ["c"]}, org_ids=np.array([10, 20, 30])
    )
    mean, best, second = docs.similarity(np.array([1.0, 0.0], dtype=np.float32))
    # org 10: cosines 1.0, 0.0, 0.6 -> best 1.0, second 0.6; centroid (1.6, 1.8) normalised
    assert best[0] == pytest.approx(1.0) and second[0] == pytest.approx(0.6)
    assert mean[0] == pytest.approx(1.6 / np.hypot(1.6, 1.8))
    # org 20 has one document: the second best is the best again; org 30 has none
    assert best[1] == pytest.approx(0.6) and second[1] == pytest.approx(0.6)
    assert best[2] == second[2] == mean[2] == 0


def test_text_only_graph_feedback_lifts_the_partners_of_the_best_match():
    # org 1 matches the text; 2 is its frequent partner; 3 is as active as 2 but a stranger.
    rows = []
    for i in range(4):
        rows += [Participation(f"a{i}", 1, "coordinator", "HES", "IT", "2015-01-01")]
        rows += [Participation(f"a{i}", 2, "participant", "PRC", "IT", "2015-01-01")]
        rows += [Participation(f"b{i}", 3, "coordinator", "PRC", "DE", "2015-01-01")]
        rows += [Participation(f"b{i}", 4, "participant", "HES", "DE", "2015-01-01")]
    n = 4
    best = np.array([0.9, 0.1, 0.1, 0.1])
    sem = (best, best, best)
    plain = ConsortiumRecommender(prf_weight=0.0).fit(rows, train=False)
    fed = ConsortiumRecommender(prf_weight=0.5, prf_seeds=1).fit(rows, train=False)
    assert plain.rank([], 2016.0, k=n, sem=sem)[0] == 1
    ranking = fed.rank([], 2016.0, k=n, sem=sem)
    assert ranking[:2] == [1, 2]
    # without feedback 2 and 3 tie on text and activity: the order falls back to the id
    assert plain.rank([], 2016.0, k=n, sem=sem)[1:3] == [2, 3]
    assert fed.rank([], 2016.0, k=n, sem=sem).index(2) < fed.rank([], 2016.0, k=n, sem=sem).index(3)
