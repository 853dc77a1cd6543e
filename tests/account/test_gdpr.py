"""GDPR: the export holds the user's messages, claims and offers; erasing the account keeps the
other organisation's copy of the thread with the author pseudonymised."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.messaging.models import Message
from app.orgs.models import Membership
from tests.conftest import PASSWORD, login, post_form
from tests.messaging.conftest import api


def _client(app, user):
    c = app.test_client()
    assert login(c, user.email).status_code == 302
    return c


def test_export_and_erasure(app, eco):
    s = _client(app, eco.s_owner)
    cid = api(
        s, "/api/v1/conversations", "POST", json={"to_org": "biolab-milano", "body": "Our secret"}
    ).get_json()["id"]
    api(
        s,
        "/api/v1/offers",
        "POST",
        json={"org": "sepsisense", "kind": "technology_request", "summary": "We seek an ICU"},
    )
    api(
        s,
        "/api/v1/claims",
        "POST",
        json={
            "org": "universita-degli-studi-di-milano",
            "method": "staff",
            "reason": "I am also a researcher of this university.",
        },
    )
    data = api(s, "/api/v1/me/export").get_json()
    assert [m["body"] for m in data["messages"]] == ["Our secret"]
    assert data["collaboration_offers"][0]["summary"] == "We seek an ICU"
    assert data["profile_claims"][0]["organisation"] == "Università degli Studi di Milano"
    assert data["desk_requests"] == []
    lab = _client(app, eco.l_owner)
    assert api(lab, "/api/v1/me/export").get_json()["messages"] == []  # only one's own
    resp = post_form(s, "/account/delete", {"password": PASSWORD}, token_from="/account")
    assert resp.status_code == 409  # she alone owns SepsiSense: hand it over first
    db.session.add(Membership(user_id=eco.nobody.id, org_id=eco.startup.id, role="member"))
    db.session.commit()
    resp = post_form(
        s,
        f"/account/organisations/{eco.startup.id}/hand-over",
        {"user_id": eco.nobody.id},
        token_from="/account",
    )
    assert resp.status_code == 302
    resp = post_form(s, "/account/delete", {"password": PASSWORD}, token_from="/account")
    assert resp.status_code == 302
    db.session.rollback()
    msg = db.session.scalars(select(Message)).one()
    assert msg.author_id is None and msg.author_ref and msg.body == "Our secret"
    thread = api(lab, f"/api/v1/conversations/{cid}").get_json()
    assert thread["messages"][0]["author"] == "Ex utente"  # the lab owner reads Italian
    page = lab.get(f"/messages/{cid}?lang=en").get_data(as_text=True)
    assert "Former user" in page and "Sara Start" not in page
