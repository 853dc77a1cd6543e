"""Training the PartnerMatcher rankers on participations (no texts)."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from matching import SIGNALS
from matching.copart import Participation
from matching.training import train_consortium_ranker, train_default_ranker


def history(seed: int = 0, size: int = 4) -> list[Participation]:
    """Eight teams of four organisations: each project is three members of one team plus one
    outsider, so consortia re-form and the missing members are near the known ones."""
    rng = random.Random(seed)
    teams = [list(range(1 + 4 * t, 5 + 4 * t)) for t in range(8)]
    rows = []
    for n in range(160):
        year = 2014 + n // 32  # 2014-2018
        team = teams[n % 8]
        members = rng.sample(team, 3) + [rng.choice([o for o in range(1, 33) if o not in team])]
        for i, org in enumerate(members[:size]):
            role = "coordinator" if i == 0 else "participant"
            rows.append(Participation(f"p{n}", org, role, "HES", "IT", f"{year}-03-01"))
    return rows


def test_consortium_ranker_learns_pagerank_and_fixes_the_rest():
    r = train_consortium_ranker(history(), split_year=2018.0, horizon=2.0, verbose=False)
    assert r.meta_["task"] == "consortium" and r.meta_["queries"] == 32
    assert r.coef_[SIGNALS.index("ppr")] > 0
    for s in ("common_partners", "adamic_adar", "resource_allocation", "geography"):
        assert r.coef_[SIGNALS.index(s)] == 0


def test_consortium_ranker_can_learn_more_signals_when_asked():
    r = train_consortium_ranker(
        history(), split_year=2018.0, learn=("ppr", "resource_allocation"), verbose=False
    )
    assert r.meta_["learned"] == ["ppr", "resource_allocation"]


def test_bad_training_input_is_refused_with_a_reason():
    rows = history()
    with pytest.raises(ValueError, match="learn must name graph"):
        train_consortium_ranker(rows, split_year=2018.0, learn=("semantic",), verbose=False)
    with pytest.raises(ValueError, match="both before and after"):
        train_consortium_ranker(rows, split_year=2030.0, verbose=False)
    early = [r for r in rows if r.start_date < "2018"]
    late_pairs = [r for r in history(size=2) if r.start_date >= "2018"]
    with pytest.raises(ValueError, match="no usable training queries"):
        train_consortium_ranker(early + late_pairs, split_year=2018.0, verbose=False)
    assert train_default_ranker(rows, split_year=2018.0, verbose=False).meta_["task"] == "partners"


def test_string_organisation_ids_are_refused_with_a_reason():
    rows = [replace(r, org_id=f"pic:{r.org_id}") for r in history()]
    for train in (train_default_ranker, train_consortium_ranker):
        with pytest.raises(ValueError, match="integer organisation ids.*'pic:"):
            train(rows, split_year=2018.0, verbose=False)
