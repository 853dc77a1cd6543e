"""One error envelope on /api/: Werkzeug's, flask-smorest's, webargs' and the services' errors
all answer {"code", "status", "message", "errors": {field: [messages]}}."""

from __future__ import annotations

from app.auth import services as auth
from app.extensions import db


def _envelope(resp, code: int) -> dict:
    assert resp.status_code == code, (resp.status_code, resp.get_data(as_text=True)[:300])
    assert resp.is_json
    body = resp.get_json()
    assert set(body) == {"code", "status", "message", "errors"}, body
    assert body["code"] == code and body["status"] and body["message"]
    assert isinstance(body["errors"], dict)
    for field, messages in body["errors"].items():
        assert isinstance(field, str) and all(isinstance(m, str) for m in messages)
    return body


def test_every_kind_of_error_has_the_same_shape(app, client, make_user, make_org):
    member = make_user("env@example.org")
    make_org(member, "Envelope Lab", "company", slug="envelope-lab")
    headers = {"Authorization": f"Bearer {auth.create_api_token(member)}"}
    db.session.commit()

    _envelope(client.get("/api/v1/nothing-here"), 404)  # Werkzeug routing
    _envelope(client.get("/api/v1/orgs/2147483648"), 404)  # service NotFound
    wrong = client.delete("/api/v1/orgs", headers=headers)
    _envelope(wrong, 405)
    assert "GET" in wrong.headers["Allow"]
    body = _envelope(client.get("/api/v1/me"), 401)
    assert body["errors"] == {}
    bad_json = client.post(
        "/api/v1/orgs", data="{nope", headers={**headers, "Content-Type": "application/json"}
    )
    _envelope(bad_json, 400)
    staff_only = client.put(
        "/api/v1/orgs/envelope-lab/verification", json={"verified": True}, headers=headers
    )
    _envelope(staff_only, 403)
    dup = client.post(
        "/api/v1/orgs",
        json={"name": "Envelope Lab", "kind": "company", "slug": "envelope-lab"},
        headers=headers,
    )
    assert "slug" in _envelope(dup, 409)["errors"]
    # webargs/marshmallow: field names flat at the first level, list positions in the message.
    body = _envelope(
        client.post("/api/v1/orgs", json={"kind": "startup", "areas": ["astro"]}, headers=headers),
        422,
    )
    assert "name" in body["errors"] and body["errors"]["areas"][0].startswith("#1: ")
    app.config["MAX_CONTENT_LENGTH"] = 1000
    try:
        _envelope(client.post("/api/v1/orgs", json={"name": "x" * 5000}, headers=headers), 413)
    finally:
        app.config["MAX_CONTENT_LENGTH"] = 10 * 1024 * 1024


def test_messages_are_translated_and_field_names_are_not(client, make_user):
    user = make_user("env-it@example.org")
    headers = {"Authorization": f"Bearer {auth.create_api_token(user)}", "Accept-Language": "it"}
    db.session.commit()
    body = _envelope(client.post("/api/v1/orgs?lang=it", json={"kind": "x"}, headers=headers), 422)
    assert body["errors"]["name"] == ["Questo campo è obbligatorio."]
    assert (
        body["message"] == "Alcuni campi non sono validi: kind, name." or "name" in body["message"]
    )
    en = _envelope(client.post("/api/v1/orgs?lang=en", json={"kind": "x"}, headers=headers), 422)
    assert en["errors"]["name"] == ["This field is required."]
    assert set(en["errors"]) == set(body["errors"])


def test_staff_only_reads_refuse_a_member(client, make_user):
    # What x-roles says of the staff-only reads holds: a member's token gets 403.
    member = make_user("not-staff@example.org")
    headers = {"Authorization": f"Bearer {auth.create_api_token(member)}"}
    db.session.commit()
    spec = client.get("/api/openapi.json").get_json()
    reads = [
        path.replace("{what}", "projects")
        for path, item in spec["paths"].items()
        if item.get("get", {}).get("x-roles") == ["staff", "admin"]
    ]
    assert len(reads) >= 6
    answers = {path: client.get(path, headers=headers).status_code for path in reads}
    assert set(answers.values()) == {403}, answers
