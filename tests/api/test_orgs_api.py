"""Organisations API: list with filters and pagination, get, create, update, verify; auth modes."""

from __future__ import annotations

import json

import pytest

from app.audit.models import AuditEvent
from app.auth import services as auth
from app.extensions import db
from app.orgs import directory as orgs_directory
from app.orgs.models import Membership, Organisation
from tests.auth.helpers import count, fresh, token_for


def _bearer(user) -> dict:
    token = auth.create_api_token(user)
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def owner(make_user):
    return make_user("api-owner@example.org", name="Api Owner")


@pytest.fixture
def directory(owner, make_org):
    orgs = [
        make_org(
            owner,
            "Alpha Genomics",
            "startup",
            province="MI",
            city="Milano",
            areas=["genomics"],
            trl_min=3,
            trl_max=6,
            competences=["sequencing"],
        ),
        make_org(
            owner,
            "Beta Hospital",
            "research_hospital",
            province="BG",
            areas=["diagnostics"],
            trl_min=5,
            trl_max=9,
        ),
        make_org(
            owner,
            "Gamma University",
            "university",
            province="PV",
            areas=["drug_discovery"],
            trl_min=1,
            trl_max=4,
        ),
    ]
    return orgs


# --- reading ----------------------------------------------------------------------------------


def test_list_with_pagination_header(client, directory):
    resp = client.get("/api/v1/orgs?page_size=2&sort=name")
    assert resp.status_code == 200
    data = resp.get_json()
    assert [o["name"] for o in data] == ["Alpha Genomics", "Beta Hospital"]
    meta = json.loads(resp.headers["X-Pagination"])
    assert meta == {
        "total": 3,
        "total_pages": 2,
        "first_page": 1,
        "last_page": 2,
        "page": 1,
        "next_page": 2,
        "page_size": 2,
    }
    # Link: absolute under PORTAL_BASE_URL (not the Host of the request), filters kept.
    base = "https://portale.test/api/v1/orgs?page_size=2&sort=name"
    assert resp.headers["Link"] == (
        f'<{base}&page=1>; rel="first", <{base}&page=2>; rel="next", <{base}&page=2>; rel="last"'
    )
    second = client.get("/api/v1/orgs?page_size=2&page=2&sort=name")
    assert [o["name"] for o in second.get_json()] == ["Gamma University"]
    meta = json.loads(second.headers["X-Pagination"])
    assert meta["page"] == 2 and meta["previous_page"] == 1 and "next_page" not in meta
    assert 'rel="prev"' in second.headers["Link"] and 'rel="next"' not in second.headers["Link"]
    # Past the end: an empty list, no `page` in the metadata.
    past = client.get("/api/v1/orgs?page_size=2&page=3")
    assert past.get_json() == [] and "page" not in json.loads(past.headers["X-Pagination"])


def test_default_page_size_is_twenty(client, make_user, make_org):
    owner = make_user("many@example.org")
    for i in range(23):
        make_org(owner, f"Org {i:02d}")
    resp = client.get("/api/v1/orgs")
    assert len(resp.get_json()) == 20
    meta = json.loads(resp.headers["X-Pagination"])
    assert meta["total"] == 23 and meta["page_size"] == 20 and meta["last_page"] == 2


def test_old_per_page_is_refused_naming_it(client, directory):
    resp = client.get("/api/v1/orgs?per_page=2")
    assert resp.status_code == 422
    assert "page_size" in resp.get_json()["errors"]["per_page"][0]
    # Italian too.
    it = client.get("/api/v1/orgs?per_page=2", headers={"Accept-Language": "it"})
    assert it.get_json()["errors"]["per_page"] == ["Usare page_size (per_page è stato rinominato)."]


@pytest.mark.parametrize(
    "query,expected",
    [
        ("q=sequencing", ["Alpha Genomics"]),
        ("kind=university", ["Gamma University"]),
        ("area=diagnostics", ["Beta Hospital"]),
        ("province=MI", ["Alpha Genomics"]),
        ("trl=4", ["Alpha Genomics", "Gamma University"]),
        ("verified=false", ["Alpha Genomics", "Beta Hospital", "Gamma University"]),
        ("verified=true", []),
        ("sort=-name", ["Gamma University", "Beta Hospital", "Alpha Genomics"]),
        ("trl=5&province=BG", ["Beta Hospital"]),
    ],
)
def test_list_filters_like_the_page(client, directory, query, expected):
    resp = client.get(f"/api/v1/orgs?{query}")
    assert resp.status_code == 200
    assert [o["name"] for o in resp.get_json()] == expected


def test_get_by_slug_and_by_id(client, directory):
    org = directory[0]
    resp = client.get(f"/api/v1/orgs/{org.slug}")
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["name"] == "Alpha Genomics" and body["areas"] == ["genomics"]
    assert body["trl_min"] == 3 and body["competences"] == ["sequencing"]
    assert client.get(f"/api/v1/orgs/{org.id}").get_json()["slug"] == org.slug


def test_the_api_does_not_leak_member_emails(client, directory):
    raw = client.get(f"/api/v1/orgs/{directory[0].slug}").get_data(as_text=True)
    assert "api-owner@example.org" not in raw


# --- writing with a Bearer token (no CSRF) ----------------------------------------------------


def test_create_with_bearer_token(app, client, make_user):
    user = make_user("creator@example.org")
    resp = client.post(
        "/api/v1/orgs",
        headers=_bearer(user),
        json={
            "name": "Token Bio",
            "kind": "startup",
            "areas": ["genomics"],
            "trl_min": 2,
            "trl_max": 4,
            "website": "https://token.example",
            "competences": ["CRISPR"],
        },
    )
    assert resp.status_code == 201, resp.get_json()
    body = resp.get_json()
    assert body["slug"] == "token-bio" and body["areas"] == ["genomics"]
    org = fresh(Organisation, body["id"])
    assert org.name == "Token Bio" and org.competences == ["CRISPR"]
    assert Membership.query.filter_by(org_id=org.id, user_id=user.id).one().role == "owner"
    assert (
        count(AuditEvent, AuditEvent.action == "org.created", AuditEvent.actor_id == user.id) == 1
    )


def test_create_with_explicit_slug(client, owner):
    resp = client.post(
        "/api/v1/orgs",
        headers=_bearer(owner),
        json={"name": "Slugged", "kind": "company", "slug": "my-address"},
    )
    assert resp.status_code == 201 and resp.get_json()["slug"] == "my-address"


def test_patch_with_bearer_token(client, owner, directory):
    org = directory[0]
    resp = client.patch(
        f"/api/v1/orgs/{org.slug}",
        headers=_bearer(owner),
        json={"city": "Monza", "province": "MB", "trl_max": 7},
    )
    assert resp.status_code == 200
    assert resp.get_json()["city"] == "Monza"
    org = fresh(Organisation, org.id)
    assert (org.city, org.province, org.trl_min, org.trl_max) == ("Monza", "MB", 3, 7)
    assert org.name == "Alpha Genomics"  # untouched fields stay


def test_patch_by_someone_else_is_403(client, make_user, directory):
    other = make_user("intruder@example.org")
    resp = client.patch(
        f"/api/v1/orgs/{directory[0].slug}", headers=_bearer(other), json={"name": "Taken over"}
    )
    assert resp.status_code == 403 and resp.is_json
    assert fresh(Organisation, directory[0].id).name == "Alpha Genomics"


def test_staff_patch_any_org(client, make_user, directory):
    staff = make_user("staff@example.org", role="staff")
    resp = client.patch(
        f"/api/v1/orgs/{directory[1].slug}",
        headers=_bearer(staff),
        json={"description": "Checked by the Region"},
    )
    assert resp.status_code == 200


def test_verify_by_staff(client, make_user, directory):
    staff = make_user("verifier@example.org", role="staff")
    org = directory[0]
    resp = client.put(
        f"/api/v1/orgs/{org.slug}/verification", headers=_bearer(staff), json={"verified": True}
    )
    assert resp.status_code == 200 and resp.get_json()["verified"] is True
    assert fresh(Organisation, org.id).verified is True
    listed = client.get("/api/v1/orgs?verified=true").get_json()
    assert [o["name"] for o in listed] == ["Alpha Genomics"]
    resp = client.put(
        f"/api/v1/orgs/{org.slug}/verification", headers=_bearer(staff), json={"verified": False}
    )
    assert fresh(Organisation, org.id).verified is False


def test_owner_cannot_verify_own_org(client, owner, directory):
    resp = client.put(
        f"/api/v1/orgs/{directory[0].slug}/verification",
        headers=_bearer(owner),
        json={"verified": True},
    )
    assert resp.status_code == 403 and resp.is_json
    assert fresh(Organisation, directory[0].id).verified is False


# --- writing with the session: CSRF header required -------------------------------------------


def test_create_with_session_and_csrf_header(client, make_user, as_user):
    as_user(make_user("session@example.org"))
    token = token_for(client)
    resp = client.post(
        "/api/v1/orgs",
        json={"name": "Session Bio", "kind": "startup"},
        headers={"X-CSRFToken": token},
    )
    assert resp.status_code == 201
    assert count(Organisation) == 1


def test_session_write_without_csrf_header_is_400(client, make_user, as_user, directory):
    as_user(make_user("nocsrf@example.org", role="staff"))
    resp = client.post("/api/v1/orgs", json={"name": "No Csrf", "kind": "startup"})
    assert resp.status_code == 400 and resp.is_json
    assert "csrf_token" in resp.get_json()["errors"]
    resp = client.patch(
        f"/api/v1/orgs/{directory[0].slug}", json={"city": "X"}, headers={"X-CSRFToken": "forged"}
    )
    assert resp.status_code == 400
    assert count(Organisation) == 3
    assert fresh(Organisation, directory[0].id).city == "Milano"


def test_invalid_bearer_token_does_not_fall_back_to_the_session(client, make_user, as_user):
    """A request that names a (wrong) token is not authenticated by the cookie without CSRF."""
    as_user(make_user("mixed@example.org"))
    resp = client.post(
        "/api/v1/orgs",
        json={"name": "Sneaky", "kind": "startup"},
        headers={"Authorization": "Bearer not-a-valid-token"},
    )
    assert resp.status_code in (400, 401)
    assert count(Organisation) == 0


def test_anonymous_writes_are_401_json(client, directory):
    for resp in (
        client.post("/api/v1/orgs", json={"name": "A", "kind": "startup"}),
        client.patch(f"/api/v1/orgs/{directory[0].slug}", json={"city": "B"}),
        client.put(f"/api/v1/orgs/{directory[0].slug}/verification", json={"verified": True}),
    ):
        assert resp.status_code in (400, 401) and resp.is_json
    # With a Bearer header (so no CSRF) but no valid token: 401 naming how to log in.
    resp = client.post(
        "/api/v1/orgs",
        json={"name": "A", "kind": "startup"},
        headers={"Authorization": "Bearer nope"},
    )
    assert resp.status_code == 401 and "Bearer" in resp.get_json()["message"]
    assert count(Organisation) == 3


# --- account API ------------------------------------------------------------------------------


def test_me_with_session_and_with_token(client, make_user, as_user):
    user = make_user("me@example.org", name="Me Myself")
    headers = _bearer(user)
    assert client.get("/api/v1/me").status_code == 401
    assert client.get("/api/v1/me", headers=headers).get_json()["name"] == "Me Myself"
    as_user(user)
    body = client.get("/api/v1/me").get_json()
    assert body["email"] == "me@example.org" and body["role"] == "member"
    assert "password_hash" not in body and "api_token_hash" not in body


def test_export_through_the_api(client, make_user, make_org):
    me = make_user("exp@example.org")
    make_org(me, "Export Org")
    other = make_user("else@example.org")
    resp = client.get("/api/v1/me/export", headers=_bearer(me))
    assert resp.status_code == 200
    data = resp.get_json()
    assert data["account"]["email"] == "exp@example.org"
    assert data["memberships"][0]["organisation"] == "Export Org"
    assert other.email not in resp.get_data(as_text=True)
    assert client.get("/api/v1/me/export").status_code == 401


def test_pages_past_the_directory_limit_are_not_offered(client, directory, monkeypatch):
    # The directory serves MAX_PAGES pages (100; 2 here): the metadata and the Link header stop
    # there, and a page past it is empty rather than the last page again.
    monkeypatch.setattr(orgs_directory, "MAX_PAGES", 2)
    first = client.get("/api/v1/orgs?page_size=1")
    meta = json.loads(first.headers["X-Pagination"])
    assert (meta["total"], meta["total_pages"], meta["last_page"]) == (3, 2, 2)
    assert 'page=2>; rel="last"' in first.headers["Link"]
    last = client.get("/api/v1/orgs?page_size=1&page=2")
    assert len(last.get_json()) == 1 and "next_page" not in json.loads(last.headers["X-Pagination"])
    past = client.get("/api/v1/orgs?page_size=1&page=3")
    assert past.status_code == 200 and past.get_json() == []
