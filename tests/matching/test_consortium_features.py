"""Seed-set features of the consortium ranker against hand-computed values."""

import numpy as np
import pytest

from matching.consortium import _COL, query_features
from matching.copart import CoParticipation, Participation


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
