"""Conversations between organisations through the pages and the API, as every role."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

from sqlalchemy import select

from app.audit.models import AuditEvent
from app.challenges import services as challenges
from app.challenges.workflow import transition_challenge
from app.extensions import db
from app.mail import outbox_messages
from app.messaging import services
from app.messaging.models import Conversation, DeskRequest, Message
from app.messaging.services import MAX_BODY
from app.notifications.models import Notification
from tests.conftest import login, post_form
from tests.messaging.conftest import api, count, recipients


def _start(client, to="biolab-milano", body="Shall we validate our sensor together?", **extra):
    return api(client, "/api/v1/conversations", "POST", json={"to_org": to, "body": body, **extra})


def _client(app, user):
    c = app.test_client()
    assert login(c, user.email).status_code == 302
    return c


def test_start_notifies_each_member_in_their_language_and_only_members_see_it(app, eco):
    s = _client(app, eco.s_owner)
    resp = _start(s)
    assert resp.status_code == 201, resp.get_json()
    conv = resp.get_json()
    assert conv["from_org"]["slug"] == "sepsisense" and conv["to_org"]["slug"] == "biolab-milano"
    assert [m["body"] for m in conv["messages"]] == ["Shall we validate our sensor together?"]
    notes = {
        n.user_id: n.message
        for n in db.session.scalars(select(Notification).where(Notification.kind == "message.new"))
    }
    assert set(notes) == {eco.l_owner.id, eco.l_member.id}  # not the author
    assert notes[eco.l_owner.id].startswith("SepsiSense vorrebbe")  # Italian for the owner
    assert notes[eco.l_member.id].startswith("SepsiSense would like to get in touch")
    assert sorted(m["To"] for m in outbox_messages()) == ["member@lab.example", "owner@lab.example"]
    assert f"/messages/{conv['id']}" in outbox_messages()[0].get_content()
    assert count(AuditEvent, AuditEvent.action == "conversation.started") == 1

    cid = conv["id"]
    for user in (eco.s_owner, eco.l_owner, eco.l_member):
        c = _client(app, user)
        assert c.get(f"/messages/{cid}").status_code == 200
        assert api(c, f"/api/v1/conversations/{cid}").status_code == 200
        assert cid in [x["id"] for x in api(c, "/api/v1/conversations").get_json()]
    for user in (eco.outsider, eco.staff, eco.nobody):
        c = _client(app, user)
        assert c.get(f"/messages/{cid}").status_code == 404
        assert api(c, f"/api/v1/conversations/{cid}").status_code == 404
        reply = api(c, f"/api/v1/conversations/{cid}/messages", "POST", json={"body": "hi"})
        assert reply.status_code == 404
        mark = api(c, f"/api/v1/conversations/{cid}/state", "POST", json={"action": "archive"})
        assert mark.status_code == 404
        assert api(c, "/api/v1/conversations").get_json() == []
    anon = app.test_client()
    assert anon.get(f"/messages/{cid}").status_code == 302
    assert api(anon, f"/api/v1/conversations/{cid}").status_code == 401
    assert count(Message) == 1


def test_unread_badge_read_unread_archive(app, eco):
    s = _client(app, eco.s_owner)
    cid = _start(s).get_json()["id"]
    lab = _client(app, eco.l_owner)
    assert api(lab, "/api/v1/conversations/unread").get_json() == {"unread": 1}
    page = lab.get("/my").get_data(as_text=True)
    assert re.search(r'id="messages-unread">1<', page)
    assert api(s, "/api/v1/conversations/unread").get_json() == {"unread": 0}  # own message
    # Opening the thread (GET) writes nothing; the page's script posts the read mark.
    assert lab.get(f"/messages/{cid}").status_code == 200
    assert api(lab, "/api/v1/conversations/unread").get_json() == {"unread": 1}
    assert (
        post_form(
            lab, f"/messages/{cid}/mark", {"action": "read"}, token_from=f"/messages/{cid}"
        ).status_code
        == 302
    )
    assert api(lab, "/api/v1/conversations/unread").get_json() == {"unread": 0}
    # The other member of the lab still has it unread: marks are per user.
    assert api(_client(app, eco.l_member), "/api/v1/conversations/unread").get_json() == {
        "unread": 1
    }
    r = api(lab, f"/api/v1/conversations/{cid}/state", "POST", json={"action": "unread"})
    assert r.status_code == 200 and r.get_json()["unread"] is True
    assert api(lab, "/api/v1/conversations/unread").get_json() == {"unread": 1}
    api(lab, f"/api/v1/conversations/{cid}/state", "POST", json={"action": "archive"})
    assert api(lab, "/api/v1/conversations").get_json() == []
    assert [c["id"] for c in api(lab, "/api/v1/conversations?folder=archived").get_json()] == [cid]
    assert api(lab, "/api/v1/conversations/unread").get_json() == {"unread": 0}
    # A new message brings it back to the inbox.
    api(s, f"/api/v1/conversations/{cid}/messages", "POST", json={"body": "Any news?"})
    assert [c["id"] for c in api(lab, "/api/v1/conversations").get_json()] == [cid]
    bad = api(lab, f"/api/v1/conversations/{cid}/state", "POST", json={"action": "explode"})
    assert bad.status_code == 422 and "action" in bad.get_json()["errors"]


def test_reply_from_the_page_notifies_the_other_side(app, eco):
    cid = _start(_client(app, eco.s_owner)).get_json()["id"]
    lab = _client(app, eco.l_member)
    before = recipients()
    resp = post_form(
        lab, f"/messages/{cid}/reply", {"body": "Yes, let us talk."}, token_from=f"/messages/{cid}"
    )
    assert resp.status_code == 302
    assert recipients() == sorted([*before, "owner@startup.example"])
    note = db.session.scalars(
        select(Notification).where(Notification.user_id == eco.s_owner.id)
    ).one()
    assert note.message == "New message from BioLab Milano: Yes, let us talk."
    thread = api(_client(app, eco.s_owner), f"/api/v1/conversations/{cid}").get_json()
    assert [m["author"] for m in thread["messages"]] == ["Sara Start", "Marta Member"]


def test_bad_input_writes_nothing_and_sends_nothing(app, eco):
    s = _client(app, eco.s_owner)
    for body, field in (("   ", "body"), ("x" * (MAX_BODY + 1), "body")):
        resp = _start(s, body=body)
        assert resp.status_code == 422 and field in str(resp.get_json()["errors"])
    assert _start(s, to="no-such-org").status_code == 404
    assert _start(s, to="sepsisense").status_code == 422  # to itself
    bad_origin = _start(s, origin="challenge", origin_id=999999)
    assert bad_origin.status_code == 404
    assert _start(s, origin="castle").status_code == 422
    page = post_form(s, "/orgs/biolab-milano/contact", {"body": ""})
    html = page.get_data(as_text=True)
    assert page.status_code == 422 and "Message: this field is required" in html
    assert "body: this field" not in html  # the field as the form labels it
    no_org = _client(app, eco.nobody)
    assert _start(no_org).status_code == 403
    assert count(Conversation) == 0 and count(Message) == 0 and count(Notification) == 0
    assert outbox_messages() == []
    cid = _start(s).get_json()["id"]
    before = len(outbox_messages())
    long = api(
        s, f"/api/v1/conversations/{cid}/messages", "POST", json={"body": "y" * (MAX_BODY + 1)}
    )
    assert long.status_code == 422
    form = post_form(s, f"/messages/{cid}/reply", {"body": ""}, token_from=f"/messages/{cid}")
    assert form.status_code == 422 and "is-invalid" in form.get_data(as_text=True)
    assert count(Message) == 1 and len(outbox_messages()) == before


def test_plain_text_with_safe_links(app, eco):
    s = _client(app, eco.s_owner)
    body = '<script>alert(1)</script> see https://example.org/a?x=1&y="2" and <b>bold</b>.'
    cid = _start(s, body=body).get_json()["id"]
    html = s.get(f"/messages/{cid}").get_data(as_text=True)
    assert (
        "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    )
    assert "<b>bold</b>" not in html
    assert re.search(
        r'<a href="https://example.org/a\?x=1&amp;y=" rel="nofollow noopener noreferrer ugc"', html
    )
    # The API returns the text exactly as written: clients escape it themselves.
    assert api(s, f"/api/v1/conversations/{cid}").get_json()["messages"][0]["body"] == body


def test_same_reason_reuses_the_thread_and_new_ones_are_rate_limited(
    app, eco, make_org, monkeypatch
):
    monkeypatch.setitem(app.config, "MESSAGING_NEW_PER_HOUR", 2)
    make_org(eco.nobody, "Third Lab", "university")
    s = _client(app, eco.s_owner)
    first = _start(s).get_json()["id"]
    assert _start(s, body="Again").get_json()["id"] == first  # same pair, same reason
    assert _start(s, to="other-co").status_code == 201
    assert count(Conversation) == 2 and count(Message) == 3
    before = len(outbox_messages())
    refused = _start(s, to="third-lab")
    assert refused.status_code == 429 and "last hour" in refused.get_json()["message"]
    assert count(Conversation) == 2 and count(Message) == 3
    assert len(outbox_messages()) == before
    # Replies in existing threads are not limited.
    assert _start(s, body="Still here").status_code == 201


def test_mail_leaves_only_after_the_commit(app, eco):
    """A message whose transaction rolls back mails nobody; the same message committed does."""
    with app.test_request_context():
        services.start_conversation(eco.s_owner, eco.lab, {"body": "Rolled back"})
        assert outbox_messages() == []
        db.session.rollback()
    assert outbox_messages() == [] and count(Conversation) == 0 and count(Notification) == 0
    with app.test_request_context():
        services.start_conversation(eco.s_owner, eco.lab, {"body": "Committed"})
        assert outbox_messages() == []  # not before the commit
        db.session.commit()
    assert recipients() == ["member@lab.example", "owner@lab.example"]


def test_write_to_the_company_behind_a_challenge(app, eco):
    ch = challenges.create_challenge(
        eco.outsider,
        {
            "title": "Sepsis early warning",
            "description": "Detect sepsis six hours earlier.",
            "deadline": (date.today() + timedelta(days=30)).isoformat(),
        },
    )
    transition_challenge(eco.outsider, ch, "submit")
    transition_challenge(eco.staff, ch, "approve")
    db.session.commit()
    s = _client(app, eco.s_owner)
    detail = s.get(f"/challenges/{ch.id}").get_data(as_text=True)
    link = f"/orgs/other-co/contact?origin=challenge&amp;origin_id={ch.id}"
    assert link in detail
    page = s.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert "About the challenge: Sepsis early warning" in page
    resp = _start(s, to="other-co", origin="challenge", origin_id=ch.id, body="We can help.")
    assert resp.status_code == 201
    conv = resp.get_json()
    assert conv["origin"] == {"type": "challenge", "id": ch.id, "title": "Sepsis early warning"}
    assert conv["subject"] == "About the challenge: Sepsis early warning"
    assert conv["request_status"] == "none"
    # The challenge must belong to the addressed organisation.
    assert _start(s, to="biolab-milano", origin="challenge", origin_id=ch.id).status_code == 404


def test_attach_a_file_to_a_reply(app, eco):
    s = _client(app, eco.s_owner)
    cid = _start(s).get_json()["id"]
    url = f"/messages/{cid}/reply"
    fake = post_form(
        s,
        url,
        {"body": "Our program", "file": (io.BytesIO(b"MZ\x90\x00binary"), "report.pdf")},
        token_from=f"/messages/{cid}",
        content_type="multipart/form-data",
    )
    assert fake.status_code == 422 and "only PDF" in fake.get_data(as_text=True)
    assert count(Message) == 1
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    ok = post_form(
        s,
        url,
        {"body": "Our protocol", "file": (io.BytesIO(pdf), "protocol.exe")},
        token_from=f"/messages/{cid}",
        content_type="multipart/form-data",
    )
    assert ok.status_code == 302
    thread = api(s, f"/api/v1/conversations/{cid}").get_json()
    att = thread["messages"][-1]["attachments"][0]
    assert att["filename"] == "protocol.pdf" and att["content_type"] == "application/pdf"
    link = f"/messages/{cid}/files/{att['id']}"
    lab = _client(app, eco.l_member)
    got = lab.get(link)
    assert got.status_code == 200 and got.data == pdf
    assert "attachment" in got.headers["Content-Disposition"]
    for user in (eco.outsider, eco.staff):
        assert _client(app, user).get(link).status_code == 404


def test_block_and_report_a_sender(app, eco):
    s = _client(app, eco.s_owner)
    cid = _start(s, body="Buy our sensors now!!!").get_json()["id"]
    lab = _client(app, eco.l_owner)
    empty = post_form(lab, f"/messages/{cid}/report", {"reason": ""}, token_from=f"/messages/{cid}")
    assert empty.status_code == 302 and count(DeskRequest) == 0
    rep = post_form(
        lab, f"/messages/{cid}/report", {"reason": "Spam"}, token_from=f"/messages/{cid}"
    )
    assert rep.status_code == 302
    req = db.session.scalars(select(DeskRequest)).one()
    assert req.origin_type == "report" and req.origin_id == cid
    assert "Spam" in req.body and "Buy our sensors now!!!" in req.body  # staff get a copy
    assert "Report" in _client(app, eco.staff).get("/staff/desk?lang=en").get_data(as_text=True)
    assert (
        post_form(
            lab, f"/messages/{cid}/block", {"on": "1"}, token_from=f"/messages/{cid}"
        ).status_code
        == 302
    )
    again = api(s, f"/api/v1/conversations/{cid}/messages", "POST", json={"body": "Hello?"})
    assert again.status_code == 409
    new = _start(s, subject="Other topic", body="Hi again", origin="direct")
    assert new.status_code == 409 and "does not accept" in new.get_json()["message"]
    # The blocking side may still write, and unblock.
    assert (
        api(
            lab, f"/api/v1/conversations/{cid}/messages", "POST", json={"body": "Stop."}
        ).status_code
        == 201
    )
    post_form(lab, f"/messages/{cid}/block", {"on": "0"}, token_from=f"/messages/{cid}")
    assert (
        api(s, f"/api/v1/conversations/{cid}/messages", "POST", json={"body": "Sorry"}).status_code
        == 201
    )
    out = _client(app, eco.outsider)
    assert (
        post_form(
            out, f"/messages/{cid}/report", {"reason": "x"}, token_from="/messages"
        ).status_code
        == 404
    )
