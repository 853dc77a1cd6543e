"""The OpenAPI document and the browsable docs page."""

from __future__ import annotations

import json

from tests.auth.helpers import text_of


def test_openapi_document(client):
    resp = client.get("/api/openapi.json")
    assert resp.status_code == 200
    spec = json.loads(resp.get_data(as_text=True))
    assert spec["openapi"].startswith("3.")
    assert spec["info"]["title"] and spec["info"]["version"]
    paths = spec["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/orgs"])
    assert {"get", "patch"} <= set(paths["/api/v1/orgs/{slug}"])
    assert "put" in paths["/api/v1/orgs/{slug}/verification"]
    assert "get" in paths["/api/v1/me"]
    params = {p["name"] for p in paths["/api/v1/orgs"]["get"]["parameters"]}
    assert {
        "q",
        "kind",
        "area",
        "province",
        "trl",
        "verified",
        "sort",
        "page",
        "per_page",
    } <= params
    schemes = spec["components"]["securitySchemes"]
    assert schemes["bearerAuth"] == {"type": "http", "scheme": "bearer"}
    # The request body of a create names its required fields.
    body = paths["/api/v1/orgs"]["post"]["requestBody"]["content"]["application/json"]
    ref = body["schema"]["$ref"].rsplit("/", 1)[-1]
    assert {"name", "kind"} <= set(spec["components"]["schemas"][ref]["required"])


def test_docs_page_lists_the_paths(client):
    resp = client.get("/api/docs")
    assert resp.status_code == 200
    body = text_of(resp)
    for path in (
        "/api/v1/orgs",
        "/api/v1/orgs/{slug}",
        "/api/v1/orgs/{slug}/verification",
        "/api/v1/me",
    ):
        assert f"<code>{path}</code>" in body
    assert "/api/openapi.json" in body and "Bearer" in body
    assert "<script>" not in body.replace("<script src=", "")  # no inline script (CSP)
