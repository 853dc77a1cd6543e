"""Closing an organisation takes its stored vectors with it (issue 17): the `embeddings` rows
have no foreign key to cascade from, so the close deletes them in its own unit of work: gone
when it commits, kept when it rolls back. Its challenges' and datasets' vectors go too, and it
leaves this worker's in-memory matcher after the commit only."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from app.account import privacy
from app.extensions import db
from app.partners import engine
from app.partners.models import Embedding, IndexVersion
from tests import builders
from tests.conftest import login, post_form


def _vectors(org_id: int) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Embedding)
        .where(Embedding.entity_type == "organisation", Embedding.entity_id == org_id)
    )


def _version() -> int:
    return db.session.scalar(select(IndexVersion.version).where(IndexVersion.name == "orgs")) or 0


def _store_vectors(*org_ids: int, challenge: bool = True) -> None:
    """Two fields under two model names for each organisation (what the matcher keeps)."""
    for org_id in org_ids:
        for field in ("profile", "offers"):
            for model in ("model-a", "model-b"):
                db.session.add(
                    Embedding(
                        entity_type="organisation",
                        entity_id=org_id,
                        field=field,
                        model_name=model,
                        text_hash="h",
                        dim=2,
                        vector=b"\0" * 8,
                    )
                )
    # A challenge with the same id is another entity: it stays.
    if not challenge:
        db.session.commit()
        return
    db.session.add(
        Embedding(
            entity_type="challenge",
            entity_id=org_ids[0],
            field="profile",
            model_name="model-a",
            text_hash="h",
            dim=2,
            vector=b"\0" * 8,
        )
    )
    db.session.commit()


def _challenge_vectors() -> int:
    return db.session.scalar(
        select(func.count()).select_from(Embedding).where(Embedding.entity_type == "challenge")
    )


def _close_as_owner(app, org_id: int, confirm: str):
    """Post the close form as closer@example.org, the organisation's owner."""
    client = app.test_client()
    login(client, "closer@example.org")
    return post_form(
        client,
        f"/account/organisations/{org_id}/close",
        {"confirm": confirm},
        token_from="/account",
    )


def test_closing_an_organisation_deletes_its_vectors(app, make_user, make_org):
    her = make_user("closer@example.org")
    alone = make_org(her, "Closing Lab", "startup")
    other = make_org(make_user("other@example.org"), "Staying Lab", "startup")
    alone_id, other_id = alone.id, other.id
    _store_vectors(alone_id, other_id)
    assert _vectors(alone_id) == 4 and _vectors(other_id) == 4
    before = _version()
    resp = _close_as_owner(app, alone_id, "Closing Lab")
    assert resp.status_code == 302
    db.session.expire_all()
    assert _vectors(alone_id) == 0
    assert _vectors(other_id) == 4 and _challenge_vectors() == 1
    assert _version() == before + 1  # every worker's matcher drops it


def test_a_refused_close_keeps_the_vectors(app, make_user, make_org):
    her = make_user("closer@example.org")
    alone = make_org(her, "Closing Lab", "startup")
    alone_id = alone.id
    _store_vectors(alone_id)
    before = _version()
    resp = _close_as_owner(app, alone_id, "wrong name")
    assert resp.status_code == 422
    db.session.expire_all()
    assert _vectors(alone_id) == 4 and _version() == before


def test_a_rolled_back_close_keeps_the_vectors(app, make_user, make_org):
    her = make_user("closer@example.org")
    alone = make_org(her, "Closing Lab", "startup")
    alone_id = alone.id
    _store_vectors(alone_id)
    before = _version()
    with app.test_request_context("/"):
        assert privacy.close_org(her, alone_id, {"confirm": "Closing Lab"}) == "deleted"
        assert _vectors(alone_id) == 0  # deleted inside the same transaction as the row
        db.session.rollback()
    db.session.expire_all()
    assert _vectors(alone_id) == 4 and _version() == before


class _Matcher:
    """Stands for this worker's in-memory matcher: which organisations it holds and when."""

    def __init__(self, *org_ids: int):
        self.orgs_ = dict.fromkeys(org_ids)
        self.removed: list[int] = []

    def remove_org(self, org_id: int) -> None:
        del self.orgs_[org_id]
        self.removed.append(org_id)


def _in_memory(*org_ids: int) -> _Matcher:
    """Install a matcher current with the database's version stamp."""
    matcher = _Matcher(*org_ids)
    engine._state[engine._key()] = {"version": _version(), "matcher": matcher}
    return matcher


def _item_vector(entity_type: str, entity_id: int) -> None:
    db.session.add(
        Embedding(
            entity_type=entity_type,
            entity_id=entity_id,
            field="text",
            model_name="model-a",
            text_hash="h",
            dim=2,
            vector=b"\0" * 8,
        )
    )


def _items(entity_type: str, *ids: int) -> int:
    db.session.expire_all()
    return db.session.scalar(
        select(func.count())
        .select_from(Embedding)
        .where(Embedding.entity_type == entity_type, Embedding.entity_id.in_(ids))
    )


@pytest.fixture
def closing(app, make_user, make_org):
    """A company its owner alone belongs to, with a challenge and a dataset (vectors stored),
    and another company's challenge and dataset."""
    her = make_user("closer@example.org")
    staff = make_user("staff@example.org", role="staff")
    alone = make_org(her, "Closing Lab", "company")
    other_owner = make_user("other@example.org")
    other = make_org(other_owner, "Staying Lab", "company")
    with app.test_request_context("/"):
        mine = builders.challenge(her, staff, "open")
        theirs = builders.challenge(other_owner, staff, "open")
        my_ds = builders.make_dataset(her, alone, "closing-ds")
        their_ds = builders.make_dataset(other_owner, other, "staying-ds")
    for kind, item in (
        ("challenge", mine),
        ("challenge", theirs),
        ("dataset", my_ds),
        ("dataset", their_ds),
    ):
        _item_vector(kind, item.id)
    db.session.commit()
    _store_vectors(alone.id, other.id, challenge=False)
    yield SimpleNamespace(
        her=her,
        org_id=alone.id,
        other_id=other.id,
        challenges=(mine.id, theirs.id),
        datasets=(my_ds.id, their_ds.id),
    )
    engine._state.clear()


def test_a_closed_organisation_leaves_the_matcher_after_the_commit(app, closing):
    matcher = _in_memory(closing.org_id, closing.other_id)
    before = _version()
    with app.test_request_context("/"):
        privacy.close_org(closing.her, closing.org_id, {"confirm": "Closing Lab"})
        assert matcher.removed == []  # not before the commit
        db.session.commit()
    assert matcher.removed == [closing.org_id] and closing.other_id in matcher.orgs_
    assert _version() == before + 1
    # This worker followed the stamp itself: no rebuild for its own change.
    assert engine._state[engine._key()]["version"] == before + 1
    mine, theirs = closing.challenges
    assert _items("challenge", mine) == 0 and _items("challenge", theirs) == 1
    my_ds, their_ds = closing.datasets
    assert _items("dataset", my_ds) == 0 and _items("dataset", their_ds) == 1
    assert _vectors(closing.org_id) == 0 and _vectors(closing.other_id) == 4


def test_a_rolled_back_close_leaves_the_matcher_as_it_was(app, closing):
    matcher = _in_memory(closing.org_id, closing.other_id)
    before = _version()
    with app.test_request_context("/"):
        privacy.close_org(closing.her, closing.org_id, {"confirm": "Closing Lab"})
        db.session.rollback()
    assert matcher.removed == [] and closing.org_id in matcher.orgs_
    assert _version() == before
    assert _items("challenge", *closing.challenges) == 2
    assert _items("dataset", *closing.datasets) == 2
    assert _vectors(closing.org_id) == 4


def test_closing_on_the_page_removes_it_from_this_workers_matcher(app, closing):
    matcher = _in_memory(closing.org_id, closing.other_id)
    assert _close_as_owner(app, closing.org_id, "Closing Lab").status_code == 302
    assert matcher.removed == [closing.org_id]
    assert _close_as_owner(app, closing.other_id, "wrong").status_code in (403, 404, 422)
    assert closing.other_id in matcher.orgs_
