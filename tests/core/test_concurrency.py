"""Issue 17 item 8: concurrent requests against real servers (two "workers": two app instances
on one database, each a threaded Werkzeug server), on SQLite and on PostgreSQL.

Each scenario asserts 0 server errors, exactly one winner where only one may win, and 0 lost
writes (every success is in the database, nothing else is).
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select
from werkzeug.serving import make_server

from app.audit.models import AuditEvent
from app.auth import services as auth
from app.auth.models import User
from app.extensions import db
from app.orgs.models import Organisation
from tests.builders import complete_request, make_dataset
from tests.conftest import PASSWORD, make_app

THREADS = 8


@pytest.fixture
def servers(app, tmp_path_factory):
    """Two app instances (two workers, separate memory) serving the test database."""
    other = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path_factory)
    running = []
    for instance in (app, other):
        server = make_server("127.0.0.1", 0, instance, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        running.append(server)
    yield [f"http://127.0.0.1:{s.server_port}" for s in running]
    for s in running:
        s.shutdown()
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def _status(req) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _browser():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)


def _race(fn, n=THREADS):
    barrier = threading.Barrier(n)

    def run(i):
        prepared = fn(i)
        barrier.wait()
        return prepared()

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(run, range(n)))


def _api(base, path, token, body):
    return urllib.request.Request(
        base + path,
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )


def test_concurrent_registrations_of_one_address(servers):
    def prepare(i):
        base = servers[i % 2]
        opener = _browser()
        html = opener.open(base + "/auth/register?lang=en").read().decode()
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
        form = urllib.parse.urlencode(
            {
                "csrf_token": token,
                "name": f"Racer {i}",
                "email": "race@example.org",
                "password": PASSWORD,
                "locale": "en",
            }
        ).encode()

        def go():
            try:
                return opener.open(base + "/auth/register", data=form, timeout=60).status
            except urllib.error.HTTPError as err:
                return err.code

        return go

    statuses = _race(prepare)
    assert [s for s in statuses if s >= 500] == []
    # The page answers every one alike ("check your e-mail"); one account exists.
    assert set(statuses) <= {302, 409}, statuses
    db.session.rollback()
    assert db.session.scalar(select(func.count()).where(User.email == "race@example.org")) == 1


def _tokens(n):
    tokens = []
    for i in range(n):
        user = auth.register_user(
            {"email": f"t{i}@example.org", "name": f"Token {i}", "password": PASSWORD}
        )
        tokens.append(auth.create_api_token(user))
    db.session.commit()
    return tokens


def test_concurrent_organisations_with_one_name(servers):
    tokens = _tokens(THREADS)

    def prepare(i):
        req = _api(
            servers[i % 2], "/api/v1/orgs", tokens[i], {"name": "Same Name", "kind": "startup"}
        )
        return lambda: _status(req)

    results = _race(prepare)
    statuses = [s for s, _ in results]
    assert [s for s in statuses if s >= 500] == [], results
    assert set(statuses) <= {201, 409}, statuses
    created = [json.loads(body)["slug"] for s, body in results if s == 201]
    assert created and len(set(created)) == len(created)
    db.session.rollback()
    stored = set(db.session.scalars(select(Organisation.slug)))
    assert stored == set(created)  # no lost write, nothing unreported


def test_concurrent_submits_of_one_access_request(servers, make_user, make_org):
    owner = make_user("owner@example.org")
    org = make_org(owner, "IRCCS Race", kind="research_hospital")
    ds = make_dataset(owner, org, "race:1", access_rights="restricted")
    requester = make_user("req@example.org")
    req = complete_request(requester, ds)
    token = auth.create_api_token(requester)
    db.session.commit()
    path = f"/api/v1/datasets/access-requests/{req.id}/transitions"

    def prepare(i):
        r = _api(servers[i % 2], path, token, {"action": "submit"})
        return lambda: _status(r)[0]

    statuses = _race(prepare)
    assert [s for s in statuses if s >= 500] == []
    assert statuses.count(200) == 1, statuses
    assert set(statuses) <= {200, 409}
    db.session.rollback()
    submitted = db.session.scalar(
        select(func.count()).where(AuditEvent.action == "access_request.submitted")
    )
    assert submitted == 1
