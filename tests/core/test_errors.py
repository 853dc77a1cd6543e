"""Errors: JSON under /api and for JSON clients, friendly pages elsewhere, never a bare 500."""

from __future__ import annotations

from tests.auth.helpers import english, text_of
from tests.conftest import login


def test_html_404_page(client):
    english(client)
    resp = client.get("/orgs/nobody-here")
    assert resp.status_code == 404 and resp.mimetype == "text/html"
    body = text_of(resp)
    assert "Not found" in body and "(404)" in body
    assert "Back to the home page" in body


def test_api_errors_are_json(client):
    for path, status in (
        ("/api/v1/orgs/nobody", 404),
        ("/api/v1/me", 401),
        ("/api/v1/nothing-here", 404),
    ):
        resp = client.get(path)
        assert resp.status_code == status and resp.is_json
        body = resp.get_json()
        assert body["code"] == status and body["message"]


def test_json_clients_get_json_outside_api(client):
    resp = client.get("/orgs/nobody", headers={"Accept": "application/json"})
    assert resp.status_code == 404 and resp.is_json
    assert resp.get_json()["code"] == 404


def test_service_error_body_names_the_field(client):
    resp = client.get("/api/v1/orgs?trl=12")
    assert resp.status_code == 422
    body = resp.get_json()
    assert body["code"] == 422
    assert "trl" in body["errors"]  # field names at the first level, never translated


def test_csrf_error_json_names_the_token(client, make_user):
    # A logged-in browser session posting to the API without the CSRF token: refused.
    make_user("csrf@example.org")
    login(client, "csrf@example.org")
    resp = client.post("/api/v1/orgs", json={"name": "X", "kind": "startup"})
    assert resp.status_code == 400 and resp.is_json
    assert "csrf_token" in resp.get_json()["errors"]


def test_anonymous_api_write_is_401_with_a_challenge(client):
    # Nothing to forge without a session: the API itself answers that a token is needed.
    resp = client.post("/api/v1/orgs", json={"name": "X", "kind": "startup"})
    assert resp.status_code == 401 and resp.is_json
    assert resp.headers["WWW-Authenticate"].startswith("Bearer")
    body = resp.get_json()
    assert set(body) == {"code", "status", "message", "errors"} and body["code"] == 401


def test_healthz(client):
    resp = client.get("/healthz")
    assert resp.status_code == 200 and resp.get_json() == {"status": "ok"}
