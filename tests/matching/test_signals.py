"""Non-graph signals against hand-computed values."""

import pytest

from matching.signals import (
    KIND_TABLE,
    activity,
    geography,
    kind_complementarity,
    trl_point_fit,
    trl_range_fit,
)


def test_kind_complementarity_table_is_symmetric_and_prefers_startup_academia():
    assert (KIND_TABLE == KIND_TABLE.T).all()
    got = kind_complementarity("startup", ["university", "research_hospital", "startup"])
    assert list(got) == [1.0, 1.0, 0.2]
    assert kind_complementarity("company", ["startup"])[0] == 0.9


def test_trl_range_fit():
    got = trl_range_fit(1, 4, [3, 5, 7, None, 8], [6, 9, 9, None, None])
    # overlap -> 1, touching (4|5) -> 1, levels 5-6 missing -> 0.25, levels 5-7 missing -> 0.125
    assert list(got) == [1.0, 1.0, 0.25, 0.0, 0.125]
    assert list(trl_range_fit(None, None, [1], [2])) == [0.0]


def test_trl_point_fit():
    assert list(trl_point_fit(5, [4, 6, 1, None], [6, 9, 2, None])) == [1.0, 0.5, 0.125, 0.0]
    with pytest.raises(ValueError):
        trl_point_fit(12, [1], [2])


def test_geography():
    got = geography(
        "MI", "Lombardia", ["MI", "BG", "RM", None], ["Lombardia", "Lombardia", "Lazio", None]
    )
    assert list(got) == [1.0, 0.5, 0.0, 0.0]


def test_activity_half_life():
    got = activity([2024, 2021, None, 2030], 2024, half_life=3.0)
    assert list(got) == [1.0, 0.5, 0.0, 1.0]
    assert list(activity([2020], None)) == [0.0]
