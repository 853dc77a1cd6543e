"""Security headers on every kind of response, error pages included."""

from __future__ import annotations

import pytest

from tests.conftest import post_form


def _check(resp):
    csp = resp.headers.get("Content-Security-Policy", "")
    directives = {d.strip().split(" ", 1)[0]: d.strip() for d in csp.split(";") if d.strip()}
    assert directives.get("base-uri") == "base-uri 'self'", csp
    assert directives.get("frame-ancestors") == "frame-ancestors 'none'", csp
    assert "default-src" in directives and "object-src 'none'" in csp
    assert "'unsafe-inline'" not in directives.get("script-src", "script-src 'self'")
    assert resp.headers.get("X-Content-Type-Options") == "nosniff"
    assert resp.headers.get("Referrer-Policy") in (
        "strict-origin-when-cross-origin",
        "same-origin",
        "no-referrer",
    )


@pytest.mark.parametrize(
    "path,status",
    [
        ("/", 200),
        ("/orgs", 200),
        ("/auth/login", 200),
        ("/api/docs", 200),
        ("/api/openapi.json", 200),
        ("/api/v1/orgs", 200),
        ("/healthz", 200),
        ("/static/css/portal.css", 200),
        ("/account", 302),  # redirect to login
        ("/orgs/no-such-org", 404),  # HTML error page
        ("/no/such/page", 404),
        ("/api/v1/orgs/no-such-org", 404),  # JSON error
        ("/api/v1/me", 401),
        ("/api/v1/orgs?page=0", 422),
        ("/auth/logout", 405),
    ],
)
def test_headers_on_get(client, path, status):
    resp = client.get(path)
    assert resp.status_code == status
    _check(resp)


def test_headers_on_csrf_error_and_form_errors(client, make_user, as_user):
    resp = client.post("/auth/login", data={"email": "a@b.it", "password": "x"})
    assert resp.status_code == 400
    _check(resp)
    resp = post_form(client, "/auth/register", {"name": "", "email": "bad", "password": "x"})
    assert resp.status_code == 422
    _check(resp)
    as_user(make_user("hdr@example.org"))
    resp = client.get("/admin/users")
    assert resp.status_code == 403
    _check(resp)


def test_account_pages_are_not_cached(client, make_user, as_user):
    assert client.get("/auth/login").headers.get("Cache-Control") == "no-store"
    as_user(make_user("cache@example.org"))
    assert client.get("/account").headers.get("Cache-Control") == "no-store"
    assert client.get("/account/export.json").headers.get("Cache-Control") == "no-store"


def test_session_cookie_flags(client):
    client.get("/auth/login")
    cookie = client.get_cookie("session")
    assert cookie is not None and cookie.http_only
    assert (cookie.same_site or "").lower() in ("lax", "strict")
