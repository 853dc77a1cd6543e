"""The OpenAPI document and the browsable docs page."""

from __future__ import annotations

import json
import re

import jsonschema_rs
from schemathesis.specs.openapi.definitions import OPENAPI_30

from app.auth import services as auth
from app.core.errors import ServiceError
from app.core.fields import BODY_TEXT
from app.core.inputs import clean_text
from app.extensions import db
from app.offers import services as offers
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
        "page_size",
    } <= params
    assert "per_page" not in params
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


# Ranked answers of a bounded length (the best N suggestions, a project's consortium) and the
# file exports: not paged.
UNPAGED_LISTS = {
    "/api/v1/partners/orgs/{slug}/suggestions",
    "/api/v1/partners/orgs/{slug}/similar",
    "/api/v1/partners/orgs/{slug}/datasets",
    "/api/v1/partners/projects/{project_id}/consortium",
    "/api/v1/challenges/{challenge_id}/suggestions",
    "/api/v1/challenges/for-org/{org}",
    "/api/v1/projects/export/{what}",
    "/api/v1/compute/suggestions",
    "/api/v1/claims/duplicates",
    "/api/v1/offers/{offer_id}/fitting",
}


def test_every_list_is_paged_with_documented_headers(client):
    spec = _spec(client)
    assert set(spec["components"]["headers"]) >= {"XPagination", "Link"}
    paged, problems = [], []
    for path, method, op in _operations(spec):
        ok = op["responses"].get("200", {})
        schema = ok.get("content", {}).get("application/json", {}).get("schema", {})
        if method != "get" or schema.get("type") != "array" or path in UNPAGED_LISTS:
            continue
        params = {p["name"]: p for p in op.get("parameters", []) if p["in"] == "query"}
        headers = ok.get("headers", {})
        if not {"page", "page_size"} <= set(params) or "per_page" in params:
            problems.append((path, "parameters", sorted(params)))
        elif params["page_size"]["schema"].get("maximum") != 100:
            problems.append((path, "page_size", params["page_size"]["schema"]))
        elif params["page"]["schema"].get("maximum") != 100_000:
            problems.append((path, "page", params["page"]["schema"]))
        if set(headers) != {"X-Pagination", "Link"}:
            problems.append((path, "headers", sorted(headers)))
        paged.append(path)
    assert problems == []
    assert len(paged) >= 25 and "/api/v1/orgs" in paged and "/api/v1/desk" in paged


def test_whole_lists_are_paged_after_the_service(client, make_user, make_org):
    # /offers/mine returns the caller's offers whole; @blp.paginate(ListPage) cuts the page.
    owner = make_user("offers-owner@example.org")
    org = make_org(owner, "Offering Lab")
    for i in range(3):
        offers.create_offer(
            owner,
            org,
            {
                "kind": "technology_offer",
                "summary": f"Offer number {i}",
                "description": "Sequencing help.",
            },
        )
    headers = {"Authorization": f"Bearer {auth.create_api_token(owner)}"}
    db.session.commit()
    resp = client.get("/api/v1/offers/mine?page_size=2&page=2", headers=headers)
    assert resp.status_code == 200 and len(resp.get_json()) == 1
    meta = json.loads(resp.headers["X-Pagination"])
    assert meta["total"] == 3 and meta["page"] == 2 and meta["previous_page"] == 1
    assert 'rel="prev"' in resp.headers["Link"]


def test_body_text_fields_document_the_character_rule(client):
    spec = _spec(client)
    body_refs = set()
    for _path, _method, op in _operations(spec):
        for media in op.get("requestBody", {}).get("content", {}).values():
            ref = media["schema"].get("$ref", "")
            if ref:
                body_refs.add(ref.rsplit("/", 1)[-1])
    assert {"OrgCreate", "ChallengeWrite", "DatasetCreate", "Start"} <= body_refs
    schemas = spec["components"]["schemas"]
    free = [
        (name, key)
        for name in body_refs
        for key, prop in (schemas[name].get("properties") or {}).items()
        if prop.get("type") == "string"
        and not {"enum", "format", "pattern"} & set(prop)
        and not prop.get("readOnly")
    ]
    assert free == []
    assert schemas["OrgCreate"]["properties"]["name"]["pattern"] == BODY_TEXT
    assert schemas["Start"]["properties"]["body"]["pattern"] == BODY_TEXT


def test_body_text_pattern_is_what_the_input_layer_accepts(app):
    # The documented pattern accepts a character exactly when clean_text (validate.text) does.
    codes = [*range(0x00, 0xA1), 0xAD, 0x180E, *range(0x2000, 0x2070), 0xFEFF, 0xE9, 0x20AC]
    differ = []
    for code in codes:
        text = f"a{chr(code)}b"
        try:
            clean_text(text, "f")
            accepted = True
        except ServiceError:
            accepted = False
        if bool(re.fullmatch(BODY_TEXT, text)) != accepted:
            differ.append(hex(code))
    assert differ == []
    assert re.fullmatch(BODY_TEXT, "riga uno\nriga due\tfine")
    assert not re.fullmatch(BODY_TEXT, "nome\u202etxt.exe")
