"""Demo challenges: created for demo companies only, once."""

from __future__ import annotations

from app.challenges.demo import CHALLENGES, seed_demo
from app.challenges.models import Challenge
from app.extensions import db
from tests.challenges.conftest import count


def test_nothing_without_demo_companies(eco):
    assert seed_demo() == {}
    assert count(Challenge) == 0


def test_seed_is_idempotent(app, eco):
    eco.company.is_demo = True
    db.session.commit()
    assert seed_demo() == {"demo_challenges_created": len(CHALLENGES)}
    db.session.commit()
    assert seed_demo() == {"demo_challenges_created": 0}
    assert count(Challenge) == len(CHALLENGES)
    listing = app.test_client().get("/api/v1/challenges").json
    assert len(listing) == 5 and all(c["is_demo"] for c in listing)
