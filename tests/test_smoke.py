"""The main pages render for an anonymous visitor in both languages."""

import pytest


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/orgs",
        "/auth/login",
        "/auth/register",
        "/api/docs",
        "/about/data",
        "/api/openapi.json",
    ],
)
def test_public_pages(client, path):
    resp = client.get(path)
    assert resp.status_code == 200
    assert "frame-ancestors 'none'" in resp.headers["Content-Security-Policy"]
    assert "base-uri 'self'" in resp.headers["Content-Security-Policy"]
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
