"""Shared fixtures: the app on SQLite and on a real PostgreSQL server, clients, users, orgs.

Every test that uses `app` runs once per backend (`--db=sqlite|postgres|both`, default both).
Data is built through the services, like a user would.
"""

from __future__ import annotations

import os
import re

import pytest
from flask.testing import FlaskClient

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from app import create_app  # noqa: E402
from app.config import TestConfig  # noqa: E402
from app.extensions import db  # noqa: E402
from app.i18n import compile_catalogs  # noqa: E402
from tests import builders  # noqa: E402
from tests.builders import PASSWORD  # noqa: E402,F401  (imported from here by many tests)


def pytest_addoption(parser):
    parser.addoption(
        "--db",
        default="both",
        choices=("sqlite", "postgres", "both"),
        help="database backend(s) for tests that use the app",
    )


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "matching: the test needs the matcher to follow profile saves (MATCHING_ENABLED on); "
        "every other test runs with it off",
    )


# Test packages whose tests use the matcher throughout: matching stays on there (their owners
# may narrow this to @pytest.mark.matching on the tests that need it).
MATCHER_PACKAGES = (
    "compute",
    "ecosystem",
    "matching",
    "offers",
    "opendata",
    "partners",
    "projects",
    "public",
    "seeding",
    "training",
)


def pytest_collection_modifyitems(config, items):
    for item in items:
        parts = item.path.relative_to(config.rootpath).parts
        if len(parts) > 2 and parts[0] == "tests" and parts[1] in MATCHER_PACKAGES:
            item.add_marker(pytest.mark.matching)


def pytest_generate_tests(metafunc):
    if "backend" in metafunc.fixturenames:
        choice = metafunc.config.getoption("--db")
        backends = ["sqlite", "postgres"] if choice == "both" else [choice]
        metafunc.parametrize("backend", backends, scope="session")


@pytest.fixture(scope="session", autouse=True)
def _translations():
    compile_catalogs()


@pytest.fixture(scope="session")
def pg_server():
    from tests.pg import PostgresServer

    server = PostgresServer().start()
    yield server
    server.stop()


class FreshContextClient(FlaskClient):
    """Each request gets its own app context (fresh `g`, own DB session), as in production.

    Without this, requests made while a test holds an app context share `g` with it, so
    Flask-Login's cached user and Flask-WTF's CSRF token would leak from one request to the next.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Assertions read English messages; pass an explicit Accept-Language (or ?lang=it)
        # to test Italian. Explicit headers override this default.
        self.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


def make_app(url: str, tmp_path_factory, **extra):
    """Create an app on `url` with its own instance folders."""
    inst = tmp_path_factory.mktemp("instance")
    cfg = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    cfg.update(
        SQLALCHEMY_DATABASE_URI=url,
        MAIL_OUTBOX_DIR=str(inst / "outbox"),
        UPLOAD_DIR=str(inst / "uploads"),
        MATCHING_SNAPSHOT_PATH=str(inst / "matcher.pkl"),
        SQLALCHEMY_ENGINE_OPTIONS={},
    )
    cfg.update(extra)
    app = create_app(cfg)
    app.test_client_class = FreshContextClient
    return app


@pytest.fixture(scope="session")
def base_app(backend, request, tmp_path_factory):
    """One app per backend for the whole session; the schema is created once."""
    if backend == "postgres":
        server = request.getfixturevalue("pg_server")
        url = server.create_database("portal_test")
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    app = make_app(url, tmp_path_factory)
    with app.app_context():
        db.create_all()
    return app


@pytest.fixture
def app(base_app):
    """The app with an empty database; rows are removed after the test."""
    import shutil
    from pathlib import Path

    with base_app.app_context():
        yield base_app
        db.session.rollback()
        db.session.remove()
        # DELETE is much cheaper than TRUNCATE for the few rows a test writes.
        with db.engine.begin() as conn:
            for t in reversed(db.metadata.sorted_tables):
                conn.execute(t.delete())
        shutil.rmtree(Path(base_app.config["MAIL_OUTBOX_DIR"]), ignore_errors=True)
    _reset_engine_caches()


def _reset_engine_caches():
    """Hook for features that cache per-app state (e.g. the matching index)."""
    from app.core import caches

    caches.clear_all()


@pytest.fixture(autouse=True)
def _matching_switch(request):
    """Profile saves re-encode texts for the matcher only in tests marked ``matching``: the
    others do not pay for the model (issue 17 item 13). A test may still turn it on itself."""
    if "app" not in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("app")
    before = app.config["MATCHING_ENABLED"]
    app.config["MATCHING_ENABLED"] = request.node.get_closest_marker("matching") is not None
    yield
    app.config["MATCHING_ENABLED"] = before


@pytest.fixture
def client(app):
    return app.test_client()


def csrf_token(client, path: str = "/auth/login") -> str:
    """Fetch a page and read its CSRF token."""
    html = client.get(path).get_data(as_text=True)
    m = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', html
    )
    assert m, f"no CSRF token on {path}"
    return m.group(1)


def post_form(client, path: str, data: dict, token_from: str | None = None, **kw):
    """POST a form with a valid CSRF token taken from `token_from` (default: the same page)."""
    data = dict(data)
    data.setdefault("csrf_token", csrf_token(client, token_from or path))
    return client.post(path, data=data, **kw)


@pytest.fixture
def make_user(app):
    """Create a user through the service: make_user('a@x.it', role='staff')."""

    def _make(email: str = "user@example.org", role: str = "member", name: str = "Test User"):
        user = builders.user(email, role=role, name=name)
        db.session.commit()
        return user

    return _make


@pytest.fixture
def make_org(app):
    """Create an organisation owned by `owner` through the service."""

    def _make(owner, name: str = "Acme Diagnostics", kind: str = "startup", **fields):
        org = builders.org(owner, name, kind, **fields)
        db.session.commit()
        return org

    return _make


def login(client, email: str, password: str = PASSWORD):
    """Log in through the real form."""
    return post_form(client, "/auth/login", {"email": email, "password": password})


@pytest.fixture
def as_user(client):
    """as_user(user) logs the test client in and returns it."""

    def _as(user):
        resp = login(client, user.email)
        assert resp.status_code == 302, resp.get_data(as_text=True)[:500]
        return client

    return _as
