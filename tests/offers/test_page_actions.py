"""The offer page's buttons (transition, interest) through `submit_form`: a refused or invalid
action answers 4xx on the offer page with the message and what was typed, and writes nothing
and mails nobody (the request's unit of work rolls back)."""

from __future__ import annotations

from app.audit.models import AuditEvent
from app.extensions import db
from app.mail import outbox_messages
from app.messaging.models import Conversation
from app.notifications.models import Notification
from app.offers.models import CollaborationOffer
from tests.conftest import post_form
from tests.messaging.conftest import api, count
from tests.offers.test_offers import _client, _offer


def _snapshot() -> dict:
    return {
        "conversations": count(Conversation),
        "notifications": count(Notification),
        "audit": count(AuditEvent),
        "mail": len(outbox_messages()),
    }


def _submitted(app, eco) -> int:
    lab = _client(app, eco.l_owner)
    oid = _offer(lab).get_json()["id"]
    sub = api(lab, f"/api/v1/offers/{oid}/transition", "POST", json={"action": "submit"})
    assert sub.status_code == 200
    return oid


def test_return_without_comment_on_the_page_writes_nothing(app, eco):
    oid = _submitted(app, eco)
    staff = _client(app, eco.staff)
    before = _snapshot()
    resp = post_form(
        staff,
        f"/offers/{oid}/transition?lang=en",
        {"action": "return", "comment": "  "},
        token_from=f"/offers/{oid}",
    )
    assert resp.status_code == 422
    html = resp.get_data(as_text=True)
    assert 'id="action-error"' in html and "comment" in html
    assert _snapshot() == before
    db.session.expire_all()
    assert db.session.get(CollaborationOffer, oid).status == "submitted"


def test_approving_twice_on_the_page_is_409_on_the_offer_page(app, eco):
    oid = _submitted(app, eco)
    staff = _client(app, eco.staff)
    ok = post_form(
        staff, f"/offers/{oid}/transition", {"action": "approve"}, token_from=f"/offers/{oid}"
    )
    assert ok.status_code == 302
    before = _snapshot()
    again = post_form(
        staff, f"/offers/{oid}/transition", {"action": "approve"}, token_from=f"/offers/{oid}"
    )
    assert again.status_code == 409 and 'id="action-error"' in again.get_data(as_text=True)
    assert _snapshot() == before


def test_interest_without_text_on_the_page_writes_nothing(app, eco):
    oid = _submitted(app, eco)
    api(
        _client(app, eco.staff),
        f"/api/v1/offers/{oid}/transition",
        "POST",
        json={"action": "approve"},
    )
    s = _client(app, eco.s_owner)
    before = _snapshot()
    resp = post_form(
        s, f"/offers/{oid}/interest?lang=en", {"body": ""}, token_from=f"/offers/{oid}"
    )
    assert resp.status_code == 422 and 'id="action-error"' in resp.get_data(as_text=True)
    assert _snapshot() == before
    long = "x" * 5001
    resp = post_form(s, f"/offers/{oid}/interest", {"body": long}, token_from=f"/offers/{oid}")
    assert resp.status_code == 422 and long in resp.get_data(as_text=True)  # the text is kept
    assert _snapshot() == before
