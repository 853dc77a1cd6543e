"""'Nobody home': contacting an organisation without members, and the innovation desk queue."""

from __future__ import annotations

from sqlalchemy import select

from app.audit.models import AuditEvent
from app.extensions import db
from app.mail import outbox_messages
from app.messaging.models import Conversation, DeskRequest
from app.notifications.models import Notification
from tests.conftest import login, post_form
from tests.messaging.conftest import api, count, recipients

SLUG = "universita-degli-studi-di-milano"


def _client(app, user):
    c = app.test_client()
    assert login(c, user.email).status_code == 302
    return c


def test_nobody_home_is_said_before_anything_is_sent(app, eco):
    s = _client(app, eco.s_owner)
    page = s.get(f"/orgs/{SLUG}/contact")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'id="nobody-home"' in html
    assert "Nobody represents Università degli Studi di Milano on the portal yet." in html
    assert f'action="/orgs/{SLUG}/desk"' in html and f'action="/orgs/{SLUG}/contact"' not in html
    refused = api(s, "/api/v1/conversations", "POST", json={"to_org": SLUG, "body": "Hello"})
    assert refused.status_code == 409 and "innovation desk" in refused.get_json()["message"]
    assert count(Conversation) == 0 and outbox_messages() == []
    # An organisation with members answers with the normal form.
    assert 'id="nobody-home"' not in s.get("/orgs/biolab-milano/contact").get_data(as_text=True)
    assert (
        api(s, "/api/v1/desk", "POST", json={"to_org": "biolab-milano", "body": "x"}).status_code
        == 409
    )


def test_desk_request_forwarded_by_staff(app, eco):
    s = _client(app, eco.s_owner)
    resp = post_form(
        s,
        f"/orgs/{SLUG}/desk",
        {"body": "We look for the sepsis group."},
        token_from=f"/orgs/{SLUG}/contact",
    )
    assert resp.status_code == 302
    req = db.session.scalars(select(DeskRequest)).one()
    assert (req.status, req.from_org_id, req.sender_id) == ("open", eco.startup.id, eco.s_owner.id)
    assert (
        db.session.scalars(select(Notification).where(Notification.user_id == eco.staff.id))
        .one()
        .kind
        == "desk.new"
    )
    # Only staff see and handle the queue.
    for user in (eco.s_owner, eco.l_owner):
        c = _client(app, user)
        assert c.get("/staff/desk").status_code == 403
        assert api(c, "/api/v1/desk").status_code == 403
        assert (
            api(c, f"/api/v1/desk/{req.id}/forward", "POST", json={"email": "a@b.it"}).status_code
            == 403
        )
    staff = _client(app, eco.staff)
    queue = staff.get("/staff/desk").get_data(as_text=True)
    assert "We look for the sepsis group." in queue and "Università degli Studi di Milano" in queue
    before = recipients()
    bad = api(staff, f"/api/v1/desk/{req.id}/forward", "POST", json={"email": "not-an-address"})
    assert bad.status_code == 422 and "email" in bad.get_json()["errors"]
    assert recipients() == before and db.session.get(DeskRequest, req.id).status == "open"
    ok = post_form(
        staff,
        f"/staff/desk/{req.id}/forward",
        {"email": "ricerca@unimi.it", "note": "From the desk"},
        token_from="/staff/desk",
    )
    assert ok.status_code == 302
    db.session.rollback()
    req = db.session.get(DeskRequest, req.id)
    assert (req.status, req.forwarded_to, req.handled_by_id) == (
        "forwarded",
        "ricerca@unimi.it",
        eco.staff.id,
    )
    assert "ricerca@unimi.it" in recipients()
    mail = next(m for m in outbox_messages() if m["To"] == "ricerca@unimi.it")
    assert (
        "We look for the sepsis group." in mail.get_content() and "SepsiSense" in mail.get_content()
    )
    actions = db.session.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.target_type == "desk_request")
        .order_by(AuditEvent.id)
    ).all()
    assert actions == ["desk.requested", "desk.forwarded"]
    told = db.session.scalars(
        select(Notification).where(Notification.user_id == eco.s_owner.id)
    ).one()
    assert "forwarded" in told.message
    twice = api(staff, f"/api/v1/desk/{req.id}/forward", "POST", json={"email": "x@unimi.it"})
    assert twice.status_code == 409
    no_note = api(staff, f"/api/v1/desk/{req.id}/close", "POST", json={"note": ""})
    assert no_note.status_code == 422
    closed = api(staff, f"/api/v1/desk/{req.id}/close", "POST", json={"note": "Done"})
    assert closed.status_code == 200 and closed.get_json()["status"] == "closed"


def test_desk_bad_input_writes_nothing(app, eco):
    s = _client(app, eco.s_owner)
    resp = post_form(s, f"/orgs/{SLUG}/desk", {"body": ""}, token_from=f"/orgs/{SLUG}/contact")
    assert resp.status_code == 422 and "body" in resp.get_data(as_text=True)
    assert (
        api(s, "/api/v1/desk", "POST", json={"to_org": SLUG, "body": "x" * 5001}).status_code == 422
    )
    assert count(DeskRequest) == 0 and count(Notification) == 0 and outbox_messages() == []


def test_desk_tabs_name_what_they_list_in_italian(app, eco):
    """The tabs are plural adjectives for the requests listed (not 'Apertura | Chiusa')."""
    html = _client(app, eco.staff).get("/staff/desk?lang=it").get_data(as_text=True)
    for word in ("Aperte", "Inoltrate", "Chiuse"):
        assert f">{word}</a>" in html
    assert ">Apertura</a>" not in html and ">Chiusa</a>" not in html
