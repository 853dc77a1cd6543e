"""VectorIndex: exact search, filters and incremental changes."""

import numpy as np
import pytest

from matching import VectorIndex
from matching.index import normalise


def unit(*xs):
    return normalise(np.array(xs, dtype=np.float32))


@pytest.fixture
def index():
    idx = VectorIndex(dim=3, initial_capacity=2)
    idx.add(10, unit(1, 0, 0), kind="university", province="MI")
    idx.add(11, unit(1, 1, 0), kind="startup", province="BG")
    idx.add(12, unit(0, 1, 0), kind="company", province="MI")
    idx.add(13, unit(0, 0, 1), kind="startup", province="MI")
    return idx


def test_search_matches_brute_force():
    rng = np.random.default_rng(1)
    mat = rng.normal(size=(500, 16)).astype(np.float32)
    idx = VectorIndex(16, initial_capacity=8)
    idx.add_many(list(range(500)), mat)
    q = rng.normal(size=16).astype(np.float32)
    got = idx.search(q, k=7)
    expected = np.argsort(-(normalise(mat) @ normalise(q)))[:7]
    assert [i for i, _ in got] == list(expected)
    assert got[0][1] == pytest.approx(float(normalise(mat[expected[0]]) @ normalise(q)), abs=1e-5)


def test_scores_are_cosines(index):
    hits = dict(index.search(unit(1, 0, 0), k=4))
    assert hits[10] == pytest.approx(1.0)
    assert hits[11] == pytest.approx(np.sqrt(0.5))
    assert hits[13] == pytest.approx(0.0)


def test_filters(index):
    q = unit(1, 1, 1)
    assert {i for i, _ in index.search(q, 10, kinds={"startup"})} == {11, 13}
    assert {i for i, _ in index.search(q, 10, provinces={"MI"})} == {10, 12, 13}
    assert {i for i, _ in index.search(q, 10, exclude={10, 11})} == {12, 13}
    mask = np.array([True, False, False, True])
    assert {i for i, _ in index.search(q, 10, mask=mask)} == {10, 13}


def test_growth_keeps_rows_contiguous(index):
    assert len(index) == 4 and index.matrix.flags["C_CONTIGUOUS"]
    assert index._mat.shape[0] >= 4


def test_update_in_place(index):
    row = index.row_of(13)
    index.update(13, unit(1, 0, 0), kind="startup")
    assert index.row_of(13) == row
    assert index.search(unit(1, 0, 0), 2)[1][0] in (10, 13)
    assert index.search(unit(0, 0, 1), 1)[0][0] != 13


def test_remove_tombstones_and_reuses_row(index):
    row = index.row_of(11)
    index.remove(11)
    assert 11 not in index and len(index) == 3
    assert 11 not in {i for i, _ in index.search(unit(1, 1, 0), 10)}
    index.add(20, unit(1, 1, 0))
    assert index.row_of(20) == row
    assert index.search(unit(1, 1, 0), 1)[0][0] == 20


@pytest.mark.parametrize(
    "call",
    [
        lambda i: i.search(unit(1, 0, 0), 0),
        lambda i: i.search(unit(1, 0, 0), -3),
        lambda i: i.add(10, unit(1, 0, 0)),
        lambda i: i.add(99, np.ones(4)),
        lambda i: i.remove(99),
        lambda i: i.search(unit(1, 0, 0), 3, kinds={"castle"}),
        lambda i: i.add(98, np.array([np.nan, 0, 0])),
    ],
)
def test_bad_input_raises(index, call):
    with pytest.raises(ValueError):
        call(index)
