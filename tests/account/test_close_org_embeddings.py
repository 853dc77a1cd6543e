"""Closing an organisation takes its stored vectors with it (issue 17): the `embeddings` rows
have no foreign key to cascade from, so the close deletes them in its own unit of work: gone
when it commits, kept when it rolls back."""

from __future__ import annotations

from sqlalchemy import func, select

from app.account import privacy
from app.extensions import db
from app.partners.models import Embedding, IndexVersion
from tests.conftest import login, post_form


def _vectors(org_id: int) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Embedding)
        .where(Embedding.entity_type == "organisation", Embedding.entity_id == org_id)
    )


def _version() -> int:
    return db.session.scalar(select(IndexVersion.version).where(IndexVersion.name == "orgs")) or 0


def _store_vectors(*org_ids: int) -> None:
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
