"""Fixtures of the challenge tests: a small ecosystem built through the services."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.orgs.models import Membership
from tests import builders
from tests.builders import CHALLENGE, future  # noqa: F401  (imported from here by the tests)
from tests.conftest import csrf_token, login


@pytest.fixture(autouse=True)
def _english_request(app):
    """Service calls in these tests run as inside an English request (messages are gettext'd;
    the locale selector needs a request)."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield


def client_for(app, user=None):
    """A test client logged in as `user` (anonymous when None), with its CSRF token."""
    client = app.test_client()
    if user is not None:
        assert login(client, user.email).status_code == 302
    client.token = csrf_token(client, "/auth/login?lang=en")  # English for the assertions
    return client


def api_post(client, url, json=None, method="POST", **kw):
    """JSON call with the session's CSRF token."""
    return client.open(url, method=method, json=json, headers={"X-CSRFToken": client.token}, **kw)


def form_post(client, url, data=None, **kw):
    """Form POST with the session's CSRF token."""
    return client.post(url, data={"csrf_token": client.token, **(data or {})}, **kw)


@pytest.fixture
def eco(app, make_user, make_org):
    """Company (poster + member), staff, a start-up, a rival university, an outsider."""
    e = SimpleNamespace()
    e.poster = make_user("poster@pharma.example", name="Paola Poster")
    e.colleague = make_user("colleague@pharma.example", name="Carlo Colleague")
    e.staff = make_user("staff@region.example", role="staff", name="Stefania Staff")
    e.solver = make_user("solver@sensy.example", name="Sara Solver")
    e.rival = make_user("rival@unilab.example", name="Rita Rival")
    e.outsider = make_user("outsider@example.org", name="Otto Outsider")
    e.company = make_org(e.poster, "Pharma Co", "company", areas=["diagnostics"])
    db.session.add(Membership(user_id=e.colleague.id, org_id=e.company.id, role="member"))
    e.startup = make_org(
        e.solver,
        "Sensy",
        "startup",
        areas=["diagnostics"],
        description="Biosensors detecting sepsis markers in blood",
        trl_min=3,
        trl_max=6,
        competences=["biosensors", "microfluidics"],
    )
    e.uni = make_org(
        e.rival, "Uni Lab", "university", areas=["genomics"], description="Genome sequencing"
    )
    db.session.commit()
    return e


def make_challenge(eco, status: str = "open", **fields):
    """A challenge of eco.company brought to `status` through the workflow services."""
    item = builders.challenge(eco.poster, eco.staff, status, **fields)
    db.session.commit()
    return item


def make_response(eco, challenge, user=None, **fields):
    """A response by the start-up (or `user`'s organisation)."""
    item = builders.response(user or eco.solver, challenge, **fields)
    db.session.commit()
    return item


@pytest.fixture
def challenge(eco):
    """An open challenge of the company."""
    return make_challenge(eco)


def count(model) -> int:
    """Rows in a table."""
    db.session.commit()  # end the test's transaction: see what the requests committed
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00"
    b"\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
