"""Collaboration offers: post, moderate, list with facets, express interest; as every role."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from app.extensions import db
from app.messaging.models import Conversation
from app.notifications.models import Notification
from app.offers.models import CollaborationOffer
from tests.conftest import login, post_form
from tests.messaging.conftest import api, count


def _client(app, user):
    c = app.test_client()
    assert login(c, user.email).status_code == 302
    return c


def _offer(client, **extra):
    data = {
        "org": "biolab-milano",
        "kind": "technology_offer",
        "summary": "Clinical validation in intensive care",
        "description": "An ICU with 30 beds runs validation studies.",
        "areas": ["medical_devices"],
        "trl": 5,
        **extra,
    }
    return api(client, "/api/v1/offers", "POST", json=data)


def test_offer_moderated_then_listed_with_facets(app, eco):
    lab = _client(app, eco.l_owner)
    resp = _offer(lab)
    assert resp.status_code == 201 and resp.get_json()["status"] == "draft"
    oid = resp.get_json()["id"]
    anon = app.test_client()
    # Drafts are for the authors and staff only.
    assert api(anon, f"/api/v1/offers/{oid}").status_code == 404
    assert api(_client(app, eco.s_owner), f"/api/v1/offers/{oid}").status_code == 404
    assert api(_client(app, eco.staff), f"/api/v1/offers/{oid}").status_code == 200
    assert api(anon, "/api/v1/offers").get_json() == []
    sub = api(lab, f"/api/v1/offers/{oid}/transition", "POST", json={"action": "submit"})
    assert sub.status_code == 200 and sub.get_json()["status"] == "submitted"
    assert db.session.scalars(
        select(Notification.kind).where(Notification.user_id == eco.staff.id)
    ).all() == ["offer.submitted"]
    # The authors cannot publish; staff return it with a comment, then publish.
    assert (
        api(lab, f"/api/v1/offers/{oid}/transition", "POST", json={"action": "approve"}).status_code
        == 403
    )
    staff = _client(app, eco.staff)
    assert "Clinical validation in intensive care" in staff.get("/offers/moderation").get_data(
        as_text=True
    )
    no_comment = api(staff, f"/api/v1/offers/{oid}/transition", "POST", json={"action": "return"})
    assert no_comment.status_code == 422
    back = api(
        staff,
        f"/api/v1/offers/{oid}/transition",
        "POST",
        json={"action": "return", "comment": "Add the TRL"},
    )
    assert back.get_json()["status"] == "draft"
    api(lab, f"/api/v1/offers/{oid}/transition", "POST", json={"action": "submit"})
    pub = post_form(
        staff, f"/offers/{oid}/transition", {"action": "approve"}, token_from=f"/offers/{oid}"
    )
    assert pub.status_code == 302
    again = api(staff, f"/api/v1/offers/{oid}/transition", "POST", json={"action": "approve"})
    assert again.status_code == 409
    listing = api(anon, "/api/v1/offers").get_json()
    assert [o["id"] for o in listing] == [oid]
    assert api(anon, "/api/v1/offers?kind=technology_request").get_json() == []
    assert api(anon, "/api/v1/offers?kind=castle").status_code == 422
    assert api(anon, "/api/v1/offers?area=castle").status_code == 422
    html = anon.get("/offers?area=medical_devices").get_data(as_text=True)
    assert "Clinical validation in intensive care" in html and "Medical devices (1)" in html
    assert "Clinical validation" not in anon.get("/offers?q=genomics").get_data(as_text=True)


def test_bad_offer_input_writes_nothing(app, eco):
    lab = _client(app, eco.l_owner)
    past = (date.today() - timedelta(days=1)).isoformat()
    for extra, field in (
        ({"summary": ""}, "summary"),
        ({"trl": 12}, "trl"),
        ({"areas": ["castles"]}, "areas"),
        ({"expires_on": past}, "expires_on"),
    ):
        resp = _offer(lab, **extra)
        assert resp.status_code == 422 and field in str(resp.get_json()["errors"]), extra
    assert _offer(_client(app, eco.s_owner)).status_code == 403  # not a member of the lab
    page = post_form(
        lab,
        "/offers/new?lang=en",
        {"org": str(eco.lab.id), "kind": "technology_offer", "summary": ""},
    )
    # The field named as the form labels it, not by its stored name (page walk).
    html = page.get_data(as_text=True)
    assert page.status_code == 422 and "Summary: this field is required" in html
    assert "summary: this field" not in html
    italian = post_form(
        lab,
        "/offers/new?lang=it",
        {"org": str(eco.lab.id), "kind": "technology_offer", "summary": ""},
    )
    assert "Sintesi: campo obbligatorio" in italian.get_data(as_text=True)
    assert count(CollaborationOffer) == 0


def test_express_interest_opens_a_conversation(app, eco):
    lab = _client(app, eco.l_owner)
    oid = _offer(lab).get_json()["id"]
    s = _client(app, eco.s_owner)
    # Not published yet: no interest possible.
    assert api(s, f"/api/v1/offers/{oid}/interest", "POST", json={"body": "Hi"}).status_code == 404
    api(lab, f"/api/v1/offers/{oid}/transition", "POST", json={"action": "submit"})
    api(
        _client(app, eco.staff),
        f"/api/v1/offers/{oid}/transition",
        "POST",
        json={"action": "approve"},
    )
    page = s.get(f"/offers/{oid}").get_data(as_text=True)
    assert "Express interest" in page
    resp = post_form(
        s, f"/offers/{oid}/interest", {"body": "We are interested."}, token_from=f"/offers/{oid}"
    )
    assert resp.status_code == 302 and "/messages/" in resp.location
    conv = db.session.scalars(select(Conversation)).one()
    assert (conv.origin_type, conv.origin_id, conv.to_org_id) == ("offer", oid, eco.lab.id)
    assert (
        api(
            _client(app, eco.nobody), f"/api/v1/offers/{oid}/interest", "POST", json={"body": "x"}
        ).status_code
        == 403
    )
    empty = api(s, f"/api/v1/offers/{oid}/interest", "POST", json={"body": ""})
    assert empty.status_code == 422
    # Only the authors (and staff) see who fits the offer.
    assert api(s, f"/api/v1/offers/{oid}/fitting").status_code == 403
