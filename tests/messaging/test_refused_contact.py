"""A refused 'Contact' on a suggested partner writes nothing: no proposal moved, no contact
request, no conversation, no audit event, no mail, through the page (a flash and a redirect,
which would otherwise commit) and through the API."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.extensions import db
from app.mail import outbox_messages
from app.messaging import services as messaging
from app.messaging.models import Conversation, Message
from app.notifications.models import Notification
from app.partners.models import ContactRequest, PartnershipProposal
from tests.conftest import login, post_form
from tests.messaging.conftest import api, count

PAGE = "/orgs/sepsisense/partners"


def _client(app, user):
    c = app.test_client()
    assert login(c, user.email).status_code == 302
    return c


@pytest.fixture
def blocked(app, eco):
    """The lab blocked the start-up in a direct thread: no new conversation from it."""
    conv = messaging.start_conversation(eco.s_owner, eco.lab, {"body": "Hello"})
    messaging.block(eco.l_owner, conv)
    db.session.commit()
    return eco


def _state() -> dict:
    """What a refused contact must leave as it was."""
    db.session.rollback()
    return {
        "proposals": [
            (p.from_org_id, p.to_org_id, p.status)
            for p in db.session.scalars(select(PartnershipProposal))
        ],
        "contact_requests": count(ContactRequest),
        "conversations": count(Conversation),
        "messages": count(Message),
        "notifications": count(Notification),
        "audit": count(AuditEvent),
        "outbox": len(outbox_messages()),
    }


def test_refused_contact_on_the_page_writes_nothing(app, blocked):
    """Refused after the proposal moved to 'contacted': the 302 must not commit it."""
    s = _client(app, blocked.s_owner)
    before = _state()
    resp = post_form(
        s, f"{PAGE}/biolab-milano/contact", {"message": "Shall we talk?"}, token_from=PAGE
    )
    assert resp.status_code == 302 and resp.location.endswith(PAGE)
    assert _state() == before
    page = s.get(PAGE).get_data(as_text=True)
    assert "does not accept messages from your organisation" in page


def test_refused_contact_through_the_api_writes_nothing(app, blocked):
    s = _client(app, blocked.s_owner)
    before = _state()
    resp = api(
        s,
        "/api/v1/partners/orgs/sepsisense/suggestions/biolab-milano",
        "POST",
        json={"action": "contact", "message": "Shall we talk?"},
    )
    assert resp.status_code == 409
    assert "does not accept messages" in resp.get_json()["message"]
    assert _state() == before


@pytest.mark.parametrize(
    ("message", "says"),
    [
        ("Shall we \u202etalk?", "message"),  # a right-to-left override
        ("x" * 5001, "at most 5000"),
    ],
)
def test_refused_message_on_the_page_and_the_api_writes_nothing(app, eco, message, says):
    s = _client(app, eco.s_owner)
    before = _state()
    resp = post_form(s, f"{PAGE}/biolab-milano/contact", {"message": message}, token_from=PAGE)
    assert resp.status_code == 302 and resp.location.endswith(PAGE)
    assert _state() == before
    assert says in s.get(PAGE).get_data(as_text=True)
    resp = api(
        s,
        "/api/v1/partners/orgs/sepsisense/suggestions/biolab-milano",
        "POST",
        json={"action": "contact", "message": message},
    )
    body = resp.get_json()
    assert resp.status_code == 422 and "message" in body["errors"]
    assert _state() == before


def test_nobody_home_points_at_the_desk_and_writes_nothing(app, eco):
    s = _client(app, eco.s_owner)
    before = _state()
    resp = post_form(
        s,
        f"{PAGE}/universita-degli-studi-di-milano/contact",
        {"message": "Hello?"},
        token_from=PAGE,
    )
    assert resp.status_code == 302
    assert resp.location.endswith("/orgs/universita-degli-studi-di-milano/contact")
    assert _state() == before


def test_a_successful_contact_still_opens_the_thread(app, eco):
    s = _client(app, eco.s_owner)
    resp = post_form(
        s, f"{PAGE}/biolab-milano/contact", {"message": "Shall we talk?"}, token_from=PAGE
    )
    assert resp.status_code == 302 and "/messages/" in resp.location
    assert count(ContactRequest) == 1
    assert db.session.scalars(select(PartnershipProposal)).one().status == "contacted"
