"""The API tells the truth: schemathesis walks every operation of /api/openapi.json (a bounded
number of examples each) anonymously and with a staff token, with schema-valid and with bad
input: 0 server errors, every status documented, every answer (errors included) matching its
documented schema and content type, 401 where a token is needed."""

from __future__ import annotations

import pytest
from schemathesis.generation import GenerationMode

from app.auth import services as auth
from app.auth.models import User
from app.datasets.demo import seed_demo as seed_datasets
from app.extensions import db
from app.projects.demo import seed_demo as seed_projects
from app.seeding.accounts import seed_accounts
from app.seeding.demo_orgs import seed_demo_orgs
from tests.api.contract import run_contract

# Operations whose parameters have a rule across fields that JSON Schema cannot state (it is
# in the parameter's description): a schema-valid request may get 422 naming the field.
CROSS_FIELD = {"GET /api/v1/ecosystem/network"}  # year_to not before year_from


@pytest.fixture
def world(app):
    """The demo portal (accounts, organisations, projects, datasets) and a staff token."""
    seed_accounts()
    seed_demo_orgs()
    seed_projects()
    seed_datasets()
    staff = db.session.execute(db.select(User).where(User.role == "staff")).scalars().first()
    token = auth.create_api_token(staff)
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def _report(label: str, outcome) -> None:
    print(
        f"contract, {label}: {outcome.operations} operations, {outcome.cases} cases, "
        f"{len(outcome.failures)} failures, statuses {dict(sorted(outcome.statuses.items()))}"
    )


def _real(failures: list[str]) -> list[str]:
    return [f for f in failures if f.split(":", 1)[0] not in CROSS_FIELD]


def test_every_operation_tells_the_truth(app, world):
    # One seeded portal for the three walks (seeding is most of the cost).
    anonymous = run_contract(app, examples=1)
    _report("anonymous", anonymous)
    assert anonymous.operations >= 120 and anonymous.cases >= anonymous.operations
    assert anonymous.statuses.get(401, 0) > 0  # the writes and the personal operations

    staff = run_contract(app, world, examples=2)
    _report("staff token", staff)
    assert staff.operations == anonymous.operations and staff.cases >= staff.operations
    assert staff.statuses.get(200, 0) > staff.operations // 2  # the token reaches the data

    bad = run_contract(app, world, mode=GenerationMode.NEGATIVE, examples=1)
    _report("bad input, staff token", bad)
    refused = sum(n for code, n in bad.statuses.items() if 400 <= code < 500)
    assert bad.statuses.get(422, 0) > 0 and bad.statuses.get(400, 0) > 0
    assert refused >= 0.8 * bad.cases

    for outcome in (anonymous, staff, bad):
        assert 500 not in outcome.statuses
    failures = anonymous.failures + _real(staff.failures) + bad.failures
    assert not failures, "\n\n".join(failures)


def _resolve(spec: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


@pytest.mark.parametrize("huge", [2**31, 2**63, 10**30])
def test_oversized_ids_are_never_a_server_error(app, client, make_user, huge):
    # Every integer the API reads (path, query string, JSON body), past what a column holds:
    # 404 or 400/422 naming the field, never a 500 (SQLite overflows past 2**63, PostgreSQL's
    # INTEGER past 2**31).
    staff = make_user("huge@example.org", role="staff")
    headers = {"Authorization": f"Bearer {auth.create_api_token(staff)}"}
    db.session.commit()
    spec = client.get("/api/openapi.json").get_json()
    tried, problems = 0, []
    for path, item in spec["paths"].items():
        ints = [p["name"] for p in item.get("parameters", []) if p["schema"]["type"] == "integer"]
        for method, op in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            url = path
            for p in item.get("parameters", []):
                url = url.replace("{" + p["name"] + "}", str(huge) if p["name"] in ints else "x")
            queries = [p["name"] for p in op.get("parameters", []) if p["in"] == "query"]
            query = "&".join(
                f"{q}={huge}"
                for q in queries
                if next(p for p in op["parameters"] if p["name"] == q)["schema"].get("type")
                == "integer"
            )
            body = None
            content = op.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                props = _resolve(spec, content["application/json"]["schema"]).get("properties", {})
                body = {
                    k: huge for k, v in props.items() if _resolve(spec, v).get("type") == "integer"
                }
            if not (ints or query or body):
                continue
            tried += 1
            resp = client.open(
                f"{url}?{query}" if query else url,
                method=method.upper(),
                json=body,
                headers=headers,
            )
            if resp.status_code >= 500 or not resp.is_json:
                problems.append((method.upper(), url, query, body, resp.status_code))
            if ints and resp.status_code not in (404, 400, 422):
                problems.append((method.upper(), url, "path id answered", resp.status_code))
    assert tried > 60
    assert problems == []
