"""Issue 18: "a worker never answers a page by building it / no writes inside GET".

Every GET of the partners engine's pages and of the personal area runs read-only SQL: no
INSERT, UPDATE or DELETE, whether this worker's matcher is missing (a cold worker), current,
or stale (another worker moved the version stamp after a profile save). Vectors are written
only by a profile save (POST/PATCH, in its unit of work) and by `flask match rebuild`.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event, func, select

from app.extensions import db
from app.partners import engine
from app.partners.embeddings import bump_version
from app.partners.models import Embedding
from tests.conftest import csrf_token

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE|UPSERT)\b", re.IGNORECASE)

PAGES = (
    "/orgs/vigil-sensors/partners",
    "/orgs/vigil-sensors/similar",
    "/api/v1/partners/orgs/vigil-sensors/suggestions",
    "/orgs/vigil-sensors",
    "/my",
    "/account",
)


def _writes_during_gets(client, paths) -> list[tuple[str, str]]:
    """(path, statement) of every writing statement sent while GETting ``paths``."""
    seen: list[tuple[str, str]] = []
    current = {"path": ""}

    def _on(_conn, _cur, statement, *_a):
        if WRITE.match(statement):
            seen.append((current["path"], statement.split("\n")[0][:120]))

    event.listen(db.engine, "before_cursor_execute", _on)
    try:
        for path in paths:
            current["path"] = path
            resp = client.get(path)
            assert resp.status_code == 200, (path, resp.status_code)
    finally:
        event.remove(db.engine, "before_cursor_execute", _on)
    return seen


@pytest.fixture
def owner_client(make_user, make_org, as_user):
    owner = make_user("owner@vigil.it")
    make_org(
        owner,
        "Vigil Sensors",
        "startup",
        description="Wearable biosensors that detect early sepsis from vital signs.",
        seeks="Clinical validation of sepsis biosensors in an intensive care unit",
    )
    other = make_user("owner@icu.it")
    make_org(
        other,
        "Ospedale Terapia Intensiva",
        "research_hospital",
        description="Intensive care unit running clinical studies on sepsis.",
        offers="Clinical validation of medical devices in intensive care",
    )
    return as_user(owner)


@pytest.mark.matching
def test_gets_write_nothing_cold_current_and_stale(app, owner_client):
    vectors = db.session.execute(select(func.count()).select_from(Embedding)).scalar()
    assert vectors > 0  # the profile saves stored their vectors (the write path)

    engine._state.clear()  # a cold worker: the first GETs build (test config) or load
    assert _writes_during_gets(owner_client, PAGES) == []
    assert _writes_during_gets(owner_client, PAGES) == []  # current matcher

    # The owner saves a new description (the write happens here, in the PATCH)...
    resp = owner_client.patch(
        "/api/v1/orgs/vigil-sensors",
        json={"description": "Electrochemical biosensors for sepsis and septic shock."},
        headers={"X-CSRFToken": csrf_token(owner_client)},
    )
    assert resp.status_code == 200, resp.get_data(as_text=True)[:300]
    # ...and another worker moved the stamp meanwhile: this worker's matcher is stale.
    bump_version()
    db.session.commit()
    assert _writes_during_gets(owner_client, PAGES) == []
    stored = db.session.execute(select(func.count()).select_from(Embedding)).scalar()
    assert stored == vectors  # the save replaced its vector rows in place, the GETs none
