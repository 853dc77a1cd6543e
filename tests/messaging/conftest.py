"""Two organisations with members, an imported one nobody represents, staff, an outsider."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.mail import outbox_messages
from app.orgs import services as orgs
from app.orgs.models import Membership
from tests.conftest import csrf_token


@pytest.fixture(autouse=True)
def _no_reencoding(app, monkeypatch):
    """Profile saves need not re-encode texts for the matcher here (partners tests do that)."""
    monkeypatch.setitem(app.config, "MATCHING_ENABLED", False)


@pytest.fixture
def eco(make_user, make_org):
    """startup (owner), lab (owner + member), imported (no members, website unimi.it)."""
    w = SimpleNamespace()
    w.s_owner = make_user("owner@startup.example", name="Sara Start")
    w.startup = make_org(w.s_owner, "SepsiSense", "startup", description="Sepsis biosensors")
    w.l_owner = make_user("owner@lab.example", name="Luca Lab")
    w.l_owner.locale = "it"
    w.lab = make_org(w.l_owner, "BioLab Milano", "university", description="Clinical validation")
    w.l_member = make_user("member@lab.example", name="Marta Member")
    db.session.add(Membership(user_id=w.l_member.id, org_id=w.lab.id, role="member"))
    w.staff = make_user("staff@region.example", role="staff", name="Stefano Staff")
    w.outsider = make_user("out@other.example", name="Otto Outsider")
    w.other = make_org(w.outsider, "Other Co", "company")
    w.imported = orgs.create_org(
        w.staff,
        {
            "name": "Università degli Studi di Milano",
            "kind": "university",
            "website": "https://www.unimi.it",
        },
        source="cordis",
        owner=False,
    )
    w.nobody = make_user("nobody@example.org", name="Nina Nobody")
    db.session.commit()
    return w


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
