"""Issue 17 item 9: one input-normalisation layer (app.core.inputs), on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.auth import services as auth
from app.core.inputs import as_id, json_depth
from app.extensions import db
from app.orgs.models import Organisation
from tests.conftest import PASSWORD


@pytest.fixture
def token(app):
    user = auth.register_user({"email": "in@example.org", "name": "In", "password": PASSWORD})
    value = auth.create_api_token(user)
    db.session.commit()
    return {"Authorization": f"Bearer {value}"}


@pytest.mark.parametrize("ident", [2**31, 2**63 + 1, 10**30])
@pytest.mark.parametrize(
    "path", ["/orgs/{}", "/api/v1/orgs/{}", "/projects/{}", "/api/v1/datasets/{}", "/challenges/{}"]
)
def test_ids_out_of_range_are_not_found(client, path, ident):
    assert client.get(path.format(ident)).status_code == 404


@pytest.mark.parametrize("slug", ["³", "٣", "１２"])
def test_digit_like_slugs_are_not_found(client, slug):
    assert client.get(f"/orgs/{slug}").status_code == 404
    assert client.get(f"/api/v1/orgs/{slug}").status_code == 404


def test_as_id():
    assert as_id("42") == 42 and as_id(42) == 42
    assert [as_id(v) for v in ("³", "-1", "0", str(2**31), True, None, 1.5)] == [None] * 7


def test_nul_in_a_query_is_refused_naming_the_parameter(client):
    resp = client.get("/api/v1/orgs?q=%00")
    assert resp.status_code == 400 and "q" in resp.get_json()["errors"]
    assert client.get("/orgs?q=%00").status_code == 400


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ('{"name": "A\\u0000B", "kind": "startup"}', "name"),
        ('{"name": "A\\ud800B", "kind": "startup"}', "name"),
        ('{"name": "ok", "kind": "startup", "competences": ["x\\udfff"]}', "competences[0]"),
    ],
)
def test_unstorable_characters_in_json_are_refused(client, token, body, field):
    resp = client.post("/api/v1/orgs", data=body, content_type="application/json", headers=token)
    assert resp.status_code == 400
    assert field in resp.get_json()["errors"]
    assert db.session.scalar(select(Organisation.id)) is None


def test_deeply_nested_json_is_refused_before_parsing(client, token):
    body = "[" * 50_000 + "]" * 50_000
    resp = client.post("/api/v1/orgs", data=body, content_type="application/json", headers=token)
    assert resp.status_code == 400
    assert json_depth(b'{"a": "[[[[", "b": [[1]]}') == 3


@pytest.mark.parametrize("name", ["Acme\u202eevil", "Ac\u200bme", "Acme\u0007"])
def test_bidi_invisible_and_control_characters_in_names_are_refused(client, token, name):
    resp = client.post("/api/v1/orgs", json={"name": name, "kind": "startup"}, headers=token)
    assert resp.status_code == 422
    assert "name" in resp.get_json()["errors"]


def test_text_is_stored_nfc_normalised(client, token):
    resp = client.post(
        "/api/v1/orgs", json={"name": "Universita\u0300 Demo", "kind": "university"}, headers=token
    )
    assert resp.status_code == 201
    assert db.session.scalar(select(Organisation.name)) == "Universit\u00e0 Demo"
