"""Issue 17 item 5: idle and absolute session timeouts; no-store on private answers; no
server version."""

from __future__ import annotations

import threading
import time
import urllib.request
from datetime import timedelta

from sqlalchemy import update
from werkzeug.serving import make_server

from app.auth.models import UserSession
from app.core.db import utcnow
from app.extensions import db


def test_an_idle_session_ends(client, make_user, as_user, app):
    as_user(make_user("idle@example.org"))
    assert client.get("/account").status_code == 200
    idle = app.config["SESSION_IDLE_MINUTES"] * 60
    with client.session_transaction() as s:
        s["seen"] = int(time.time()) - idle - 5
    resp = client.get("/account")
    assert resp.status_code == 302 and "/auth/login" in resp.location


def test_activity_keeps_the_session_alive(client, make_user, as_user, app):
    as_user(make_user("busy@example.org"))
    idle = app.config["SESSION_IDLE_MINUTES"] * 60
    with client.session_transaction() as s:
        s["seen"] = int(time.time()) - idle + 120  # active two minutes before the limit
    assert client.get("/account").status_code == 200
    with client.session_transaction() as s:
        assert int(time.time()) - s["seen"] < 5  # the request recorded the activity


def test_a_session_ends_after_the_absolute_limit_however_active(client, make_user, as_user, app):
    as_user(make_user("long@example.org"))
    hours = app.config["SESSION_MAX_HOURS"]
    db.session.execute(
        update(UserSession).values(created_at=utcnow() - timedelta(hours=hours, minutes=1))
    )
    db.session.commit()
    resp = client.get("/account")
    assert resp.status_code == 302 and "/auth/login" in resp.location


def test_the_development_server_names_no_version(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}/orgs") as resp:
            assert resp.headers.get_all("Server") == ["portal"]
    finally:
        server.shutdown()


def test_private_answers_are_not_stored(client, make_user, as_user):
    public = client.get("/orgs")
    assert public.headers.get("Cache-Control") != "no-store"
    assert client.get("/api/v1/orgs").headers["Cache-Control"] == "no-store"
    as_user(make_user("ns@example.org"))
    for path in ("/", "/orgs", "/account", "/account/export.json", "/api/v1/me"):
        resp = client.get(path)
        assert resp.headers["Cache-Control"] == "no-store", path
