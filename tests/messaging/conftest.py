"""Fixtures and helpers of the messaging tests (the world itself is in tests/builders.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.mail import outbox_messages
from tests import builders
from tests.conftest import csrf_token


@pytest.fixture(autouse=True)
def _no_reencoding(app, monkeypatch):
    """Profile saves need not re-encode texts for the matcher here (partners tests do that)."""
    monkeypatch.setitem(app.config, "MATCHING_ENABLED", False)


@pytest.fixture
def eco(app):
    """The messaging world of ``tests.builders.messaging_world``, committed."""
    world = builders.messaging_world()
    db.session.commit()
    return world


def api(client, path, method="GET", **kw):
    """An API call with the session's CSRF token."""
    headers = kw.pop("headers", {})
    if method != "GET":
        headers["X-CSRFToken"] = csrf_token(client)
    return client.open(path, method=method, headers=headers, **kw)


def count(model, *where) -> int:
    """Rows of `model` right now (fresh read)."""
    db.session.rollback()
    q = select(func.count()).select_from(model)
    for w in where:
        q = q.where(w)
    return db.session.execute(q).scalar_one()


def recipients() -> list[str]:
    """Sorted recipients of every mail in the outbox (file names order by second only)."""
    return sorted(m["To"] for m in outbox_messages())
