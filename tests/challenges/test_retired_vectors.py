"""A challenge that is closed, withdrawn or awarded leaves the matcher: its stored vector goes
when the transition commits and stays when it rolls back (issue 17, DESIGN rule 11)."""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import func, select

from app.challenges import workflow
from app.extensions import db
from app.partners import embeddings
from app.partners.models import Embedding, IndexVersion
from app.partners.rebuild import rebuild_challenges
from tests.challenges.conftest import client_for, form_post, make_challenge, make_response


def _store_vector(challenge_id: int) -> None:
    """What `flask match rebuild` keeps for a challenge (two model names)."""
    for model in ("model-a", "model-b"):
        db.session.add(
            Embedding(
                entity_type="challenge",
                entity_id=challenge_id,
                field="text",
                model_name=model,
                text_hash="h",
                dim=2,
                vector=b"\0" * 8,
            )
        )
    db.session.commit()


def _vectors(challenge_id: int, model: str | None = None) -> int:
    db.session.expire_all()
    q = (
        select(func.count())
        .select_from(Embedding)
        .where(Embedding.entity_type == "challenge", Embedding.entity_id == challenge_id)
    )
    if model is not None:
        q = q.where(Embedding.model_name == model)
    return db.session.scalar(q)


def _version() -> int:
    return db.session.scalar(select(IndexVersion.version).where(IndexVersion.name == "orgs")) or 0


@pytest.fixture
def two(eco):
    """Two open challenges of the company, each with its stored vectors."""
    first, second = make_challenge(eco), make_challenge(eco, title="Second challenge")
    _store_vector(first.id)
    _store_vector(second.id)
    return first, second


@pytest.mark.parametrize("action", ["close", "withdraw"])
def test_closing_on_the_page_drops_the_vector_at_the_commit(app, eco, two, action):
    first, second = two
    before = _version()
    resp = form_post(
        client_for(app, eco.poster), f"/challenges/{first.id}/transition", {"action": action}
    )
    assert resp.status_code == 302
    assert _vectors(first.id) == 0
    assert _vectors(second.id) == 2  # the other challenge keeps its vector
    assert _version() == before  # no organisation changed: no worker rebuilds for it


def test_awarding_drops_the_vector(app, eco, two):
    first, _second = two
    response = make_response(eco, first)
    workflow.transition_challenge(eco.poster, first, "evaluate")
    db.session.commit()
    assert _vectors(first.id) == 2  # evaluating is still a live challenge
    workflow.review_response(eco.poster, response, "shortlist")
    workflow.review_response(eco.poster, response, "accept")
    workflow.transition_challenge(eco.poster, first, "award")
    db.session.commit()
    assert _vectors(first.id) == 0


def test_a_rolled_back_close_keeps_the_vector(app, eco, two):
    first, _second = two
    workflow.transition_challenge(eco.poster, first, "close")
    db.session.rollback()
    assert _vectors(first.id) == 2


def test_a_refused_close_keeps_the_vector(app, eco, two):
    first, _second = two
    resp = form_post(
        client_for(app, eco.poster),
        f"/challenges/{first.id}/transition",
        {
            "action": "award"  # nothing accepted yet: 409, the page answers and rolls back
        },
    )
    assert resp.status_code == 409
    assert _vectors(first.id) == 2


class _Encoder:
    """A two-dimensional stand-in for the model (the rebuild only stores what it returns)."""

    model_name = "model-a"

    def encode(self, texts):
        return np.ones((len(texts), 2), dtype=np.float32)


def test_the_rebuild_stores_no_vector_for_a_retired_challenge(app, eco, two, monkeypatch):
    """`flask match rebuild` must not bring back what a close removed."""
    monkeypatch.setattr(embeddings, "get_encoder", lambda: _Encoder())
    first, second = two
    workflow.transition_challenge(eco.poster, first, "close")
    db.session.commit()
    _store_vector(first.id)  # left by an older rebuild
    rebuild_challenges()
    db.session.commit()
    # The rebuild answers for its own model's rows: none for the closed one, one for the other.
    assert _vectors(first.id, "model-a") == 0 and _vectors(second.id, "model-a") == 1
