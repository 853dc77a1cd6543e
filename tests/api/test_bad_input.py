"""Bad input on the organisations API: 400/404/409/422 JSON naming the field, nothing written."""

from __future__ import annotations

import pytest

from app.audit.models import AuditEvent
from app.auth import services as auth
from app.extensions import db
from app.orgs.models import Membership, Organisation, OrgArea
from tests.auth.helpers import count, fresh


def _bearer(user) -> dict:
    token = auth.create_api_token(user)
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def _fields(body: dict) -> set[str]:
    """Every field named in an error body (flat service errors or webargs' per-location ones)."""
    names = set()
    for key, value in (body.get("errors") or {}).items():
        if isinstance(value, dict):
            names |= set(value)
        else:
            names.add(key)
    return names


@pytest.fixture
def auth_headers(make_user):
    return _bearer(make_user("api@example.org"))


# Each case: the JSON body and the field the answer must name.
CREATE_CASES = [
    ({"kind": "startup"}, "name"),
    ({"name": "X"}, "kind"),
    ({"name": "", "kind": "startup"}, "name"),
    ({"name": "   ", "kind": "startup"}, "name"),
    ({"name": "n" * 256, "kind": "startup"}, "name"),
    ({"name": 42, "kind": "startup"}, "name"),
    ({"name": "X", "kind": "spaceship"}, "kind"),
    ({"name": "X", "kind": "startup", "areas": ["astrology"]}, "areas"),
    ({"name": "X", "kind": "startup", "areas": "genomics"}, "areas"),
    ({"name": "X", "kind": "startup", "size_band": "gigantic"}, "size_band"),
    ({"name": "X", "kind": "startup", "trl_min": 0}, "trl_min"),
    ({"name": "X", "kind": "startup", "trl_max": 10}, "trl_max"),
    ({"name": "X", "kind": "startup", "trl_min": "abc"}, "trl_min"),
    ({"name": "X", "kind": "startup", "trl_min": 7, "trl_max": 2}, "trl_max"),
    ({"name": "X", "kind": "startup", "website": "ftp://files.example"}, "website"),
    ({"name": "X", "kind": "startup", "website": "javascript:alert(1)"}, "website"),
    ({"name": "X", "kind": "startup", "founded": 999}, "founded"),
    ({"name": "X", "kind": "startup", "founded": 2999}, "founded"),
    ({"name": "X", "kind": "startup", "founded": "MMXX"}, "founded"),
    ({"name": "X", "kind": "startup", "competences": "one, two"}, "competences"),
    ({"name": "X", "kind": "startup", "competences": ["c" * 81]}, "competences"),
    ({"name": "X", "kind": "startup", "competences": [f"c{i}" for i in range(31)]}, "competences"),
    ({"name": "X", "kind": "startup", "description": "d" * 5001}, "description"),
    ({"name": "X", "kind": "startup", "description": ["not", "text"]}, "description"),
    ({"name": "X", "kind": "startup", "city": "c" * 121}, "city"),
    ({"name": "X", "kind": "startup", "province": "p" * 65}, "province"),
    ({"name": "X", "kind": "startup", "vat_number": "v" * 33}, "vat_number"),
    ({"name": "X", "kind": "startup", "slug": "Not A Slug!"}, "slug"),
    ({"name": "X", "kind": "startup", "slug": "s" * 81}, "slug"),
    ({"name": "X", "kind": "startup", "colour": "blue"}, "colour"),
]


def test_create_bad_input(client, auth_headers):
    events = count(AuditEvent)
    problems = []
    for body, field in CREATE_CASES:
        resp = client.post("/api/v1/orgs", json=body, headers=auth_headers)
        answer = resp.get_json(silent=True) or {}
        if resp.status_code != 422 or field not in _fields(answer):
            problems.append((body if len(str(body)) < 80 else field, resp.status_code, answer))
    assert problems == []
    assert count(Organisation) == 0 and count(Membership) == 0 and count(OrgArea) == 0
    assert count(AuditEvent) == events


def test_create_with_a_non_object_body(client, auth_headers):
    for payload in ([1, 2, 3], "just a string", 42):
        resp = client.post("/api/v1/orgs", json=payload, headers=auth_headers)
        assert resp.status_code in (400, 422) and resp.is_json, payload
    assert count(Organisation) == 0


def test_malformed_json_is_400(client, auth_headers):
    resp = client.post(
        "/api/v1/orgs",
        data="{not json",
        headers={**auth_headers, "Content-Type": "application/json"},
    )
    assert resp.status_code == 400 and resp.is_json
    assert resp.get_json()["message"]
    assert count(Organisation) == 0


def test_form_encoded_body_is_refused(client, auth_headers):
    resp = client.post(
        "/api/v1/orgs", data={"name": "Form", "kind": "startup"}, headers=auth_headers
    )
    assert resp.status_code in (400, 415, 422) and resp.is_json
    assert count(Organisation) == 0


def test_duplicate_slug_is_409(client, auth_headers):
    first = client.post(
        "/api/v1/orgs",
        json={"name": "One", "kind": "startup", "slug": "shared"},
        headers=auth_headers,
    )
    assert first.status_code == 201
    resp = client.post(
        "/api/v1/orgs",
        json={"name": "Two", "kind": "startup", "slug": "shared"},
        headers=auth_headers,
    )
    assert resp.status_code == 409
    assert "slug" in _fields(resp.get_json())
    assert count(Organisation) == 1


PATCH_CASES = [
    ({"name": ""}, "name"),
    ({"name": None}, "name"),
    ({"kind": "spaceship"}, "kind"),
    ({"trl_min": 8}, "trl_max"),  # the stored trl_max is 4
    ({"trl_min": 3, "trl_max": 2}, "trl_max"),
    ({"website": "mailto:someone@example.org"}, "website"),
    ({"areas": ["astrology"]}, "areas"),
    ({"size_band": "huge"}, "size_band"),
    ({"founded": "soon"}, "founded"),
    ({"unknown_field": 1}, "unknown_field"),
]


def test_patch_bad_input_changes_nothing(client, make_user, make_org):
    owner = make_user("patch@example.org")
    org = make_org(
        owner, "Steady", "company", trl_min=2, trl_max=4, city="Varese", areas=["genomics"]
    )
    headers = _bearer(owner)
    events = count(AuditEvent)
    problems = []
    for body, field in PATCH_CASES:
        resp = client.patch(f"/api/v1/orgs/{org.slug}", json=body, headers=headers)
        answer = resp.get_json(silent=True) or {}
        if resp.status_code != 422 or field not in _fields(answer):
            problems.append((body, resp.status_code, answer))
    assert problems == []
    org = fresh(Organisation, org.id)
    assert (org.name, org.kind, org.trl_min, org.trl_max) == ("Steady", "company", 2, 4)
    assert org.city == "Varese" and org.area_codes == ["genomics"] and org.website is None
    assert count(AuditEvent) == events


def test_verification_bad_input(client, make_user, make_org):
    org = make_org(make_user("v-owner@example.org"), "To Verify")
    headers = _bearer(make_user("v-staff@example.org", role="staff"))
    for body in ({}, {"verified": "perhaps"}, {"verified": [True]}):
        resp = client.put(f"/api/v1/orgs/{org.slug}/verification", json=body, headers=headers)
        assert resp.status_code == 422, body
        assert "verified" in _fields(resp.get_json())
    assert fresh(Organisation, org.id).verified is False


@pytest.mark.parametrize(
    "method,path,body",
    [
        ("get", "/api/v1/orgs/no-such-org", None),
        ("get", "/api/v1/orgs/987654", None),
        ("patch", "/api/v1/orgs/no-such-org", {"city": "X"}),
        ("put", "/api/v1/orgs/no-such-org/verification", {"verified": True}),
        ("get", "/api/v1/no-such-endpoint", None),
    ],
)
def test_unknown_targets_are_404_json(client, make_user, method, path, body):
    headers = _bearer(make_user("staff404@example.org", role="staff"))
    resp = getattr(client, method)(path, json=body, headers=headers)
    assert resp.status_code == 404
    assert resp.is_json and resp.get_json()["message"]


def test_wrong_method_is_405_json(client, auth_headers):
    resp = client.delete("/api/v1/orgs", headers=auth_headers)
    assert resp.status_code == 405 and resp.is_json


QUERY_CASES = [
    ("page=0", "page"),
    ("page=-2", "page"),
    ("page=abc", "page"),
    ("page_size=1000", "page_size"),
    ("page_size=0", "page_size"),
    ("page_size=abc", "page_size"),
    ("trl=abc", "trl"),
    ("trl=0", "trl"),
    ("trl=10", "trl"),
    ("kind=spaceship", "kind"),
    ("area=astrology", "area"),
    ("verified=maybe", "verified"),
    ("sort=random", "sort"),
    ("q=" + "x" * 201, "q"),
    ("province=" + "p" * 65, "province"),
]


def test_bad_query_strings_are_422_naming_the_parameter(client):
    problems = []
    for query, field in QUERY_CASES:
        resp = client.get(f"/api/v1/orgs?{query}")
        answer = resp.get_json(silent=True) or {}
        if resp.status_code != 422 or field not in _fields(answer):
            problems.append((query[:40], resp.status_code, answer))
    assert problems == []


def test_page_past_the_end_is_an_empty_list(client, make_user, make_org):
    make_org(make_user("one@example.org"), "Only One")
    resp = client.get("/api/v1/orgs?page=5")
    assert resp.status_code == 200 and resp.get_json() == []
