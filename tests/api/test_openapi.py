"""The OpenAPI document and the browsable docs page."""

from __future__ import annotations

import json
import re

import jsonschema_rs
from schemathesis.specs.openapi.definitions import OPENAPI_30

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


def _spec(client) -> dict:
    return json.loads(client.get("/api/openapi.json").get_data(as_text=True))


def _operations(spec):
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                yield path, method, op


def test_document_is_valid_openapi_30(client):
    # The official OpenAPI 3.0 JSON Schema (as shipped inside schemathesis), draft 4.
    spec = _spec(client)
    validator = jsonschema_rs.Draft4Validator(OPENAPI_30)
    errors = [f"{e.instance_path}: {e.message}"[:200] for e in validator.iter_errors(spec)]
    assert errors == []
    # Every $ref points at something that exists.
    text = json.dumps(spec)
    for ref in set(re.findall(r'"\$ref": "#/components/(\w+)/([^"]+)"', text)):
        assert ref[1] in spec["components"][ref[0]], ref


def test_every_operation_documents_security_and_errors(client):
    spec = _spec(client)
    envelope = spec["components"]["schemas"]["ErrorEnvelope"]
    assert set(envelope["required"]) == {"code", "status", "message", "errors"}
    problems = []
    for path, method, op in _operations(spec):
        label = f"{method.upper()} {path}"
        codes = set(op["responses"])
        ok = [c for c in codes if c.startswith("2")]
        if not ok or not all("content" in op["responses"][c] or c == "204" for c in ok):
            problems.append((label, "no 2xx schema"))
        security = op.get("security")
        needs_token = security == [{"bearerAuth": []}]
        if security not in ([{"bearerAuth": []}], [{}, {"bearerAuth": []}]) or not op["x-roles"]:
            problems.append((label, "security", security))
        wanted = {"400", "default"}
        wanted |= {"401", "403"} if needs_token else set()
        wanted |= {"404"} if "{" in path else set()
        wanted |= {"409"} if method != "get" else set()
        wanted |= {"422"} if op.get("parameters") or "requestBody" in op or "{" in path else set()
        if not wanted <= codes:
            problems.append((label, "undocumented", sorted(wanted - codes)))
        for code in codes - {"default"} - set(ok) - {"204"}:
            ref = op["responses"][code].get("$ref", "")
            if ref != f"#/components/responses/Error{code}":
                problems.append((label, code, ref))
    assert problems == []
    by = {f"{m.upper()} {p}": op for p, m, op in _operations(spec)}
    assert by["GET /api/v1/datasets"]["security"] == [{}, {"bearerAuth": []}]
    assert by["POST /api/v1/datasets"]["x-roles"] == ["signed-in"]
    assert by["PUT /api/v1/orgs/{slug}/verification"]["x-roles"] == ["staff", "admin"]
    assert by["POST /api/v1/projects"]["x-roles"] == ["staff", "admin"]


def test_ids_money_and_times_are_typed_truthfully(client):
    spec = _spec(client)
    schemas = spec["components"]["schemas"]
    for path, item in spec["paths"].items():
        for p in item.get("parameters", []):
            if p["in"] == "path" and p["schema"].get("type") == "integer":
                assert p["schema"]["maximum"] == 2**31 - 1, (path, p)
    # Money: decimal strings everywhere, in requests and answers.
    for name, field in (
        ("ProjectSummary", "grant_amount"),
        ("ProjectOut", "total_cost"),
        ("FundingCallOut", "budget"),
        ("ProjectCreate", "total_cost"),
        ("Challenge", "budget"),
    ):
        prop = schemas[name]["properties"][field]
        types = {prop.get("type")} | {s.get("type") for s in prop.get("anyOf", [])}
        assert "string" in types and "number" not in types, (name, field, prop)
    assert schemas["ReportOut"]["properties"]["submitted_at"]["format"] == "date-time"
    # The dataset write schemas say what the service requires.
    create = schemas["DatasetCreate"]
    assert {"publisher_org_id", "identifier", "title_it", "description_it", "themes"} <= set(
        create["required"]
    )
    assert create["properties"]["licence"]["enum"] and create["properties"]["issued"]["format"]


def test_docs_page_is_swagger_ui_from_the_vendored_assets(client):
    body = client.get("/api/docs").get_data(as_text=True)
    for asset in ("vendor/swagger-ui/swagger-ui-bundle.js", "vendor/swagger-ui/swagger-ui.css"):
        assert asset in body
        served = client.get(f"/static/{asset}")
        assert served.status_code == 200 and len(served.data) > 10_000, asset
    assert 'id="swagger-ui"' in body and "js/api-docs.js" in body
    assert "cdn" not in body.lower() and "unpkg" not in body.lower()
    assert "<script>" not in body.replace("<script src=", "")  # no inline script (CSP)
