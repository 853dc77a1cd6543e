"""Leaving a conversation, and the per-user choice between an e-mail per message and a digest
of the unread messages (`flask messaging digest`)."""

from __future__ import annotations

from sqlalchemy import select

from app.audit.models import AuditEvent
from app.extensions import db
from app.mail import outbox_messages
from app.messaging.digest import send_message_digests
from app.messaging.models import MessagingPreference
from app.notifications.models import Notification
from tests.conftest import login, post_form
from tests.messaging.conftest import api, count, recipients


def _client(app, user):
    c = app.test_client()
    assert login(c, user.email).status_code == 302
    return c


def _start(client, body="Shall we validate our sensor together?"):
    resp = api(
        client, "/api/v1/conversations", "POST", json={"to_org": "biolab-milano", "body": body}
    )
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()["id"]


def _ids(client, folder="inbox"):
    return [c["id"] for c in api(client, f"/api/v1/conversations?folder={folder}").get_json()]


def _say(client, cid, body):
    r = api(client, f"/api/v1/conversations/{cid}/messages", "POST", json={"body": body})
    assert r.status_code == 201, r.get_json()


def test_leave_hides_the_thread_the_other_side_reads_it_and_a_new_message_brings_it_back(app, eco):
    s = _client(app, eco.s_owner)
    cid = _start(s)
    lab = _client(app, eco.l_owner)  # Italian
    member = _client(app, eco.l_member)
    left = post_form(lab, f"/messages/{cid}/leave", {}, token_from=f"/messages/{cid}")
    assert left.status_code == 302 and left.headers["Location"].endswith("/messages")
    assert _ids(lab) == [] and _ids(lab, "archived") == [] and _ids(lab, "left") == [cid]
    assert api(lab, "/api/v1/conversations/unread").get_json() == {"unread": 0}
    assert count(AuditEvent, AuditEvent.action == "conversation.left") == 1
    # The other side (and the leaver's colleague) read who left; the leaver's colleague stays.
    thread = api(s, f"/api/v1/conversations/{cid}").get_json()
    assert thread["messages"][-1]["kind"] == "left"
    assert thread["messages"][-1]["body"] == "Luca Lab (BioLab Milano) left the conversation."
    assert "Luca Lab (BioLab Milano) left the conversation." in s.get(f"/messages/{cid}").get_data(
        as_text=True
    )
    assert _ids(member) == [cid]
    page = lab.get(f"/messages/{cid}").get_data(as_text=True)  # still reachable by its address
    assert 'id="left-note"' in page and f"/messages/{cid}/leave" not in page
    # Leaving twice is a conflict and writes nothing more.
    again = api(lab, f"/api/v1/conversations/{cid}/leave", "POST")
    assert again.status_code == 409
    assert len(api(s, f"/api/v1/conversations/{cid}").get_json()["messages"]) == 2
    # A colleague leaving does not bring the thread back to the first leaver.
    assert api(member, f"/api/v1/conversations/{cid}/leave", "POST").get_json()["left"] is True
    assert _ids(lab) == []
    # A new message from the other side brings it back, unread, with the usual e-mail.
    before = recipients()
    _say(s, cid, "Are you still interested?")
    assert _ids(lab) == [cid] and _ids(lab, "left") == []
    assert api(lab, "/api/v1/conversations/unread").get_json() == {"unread": 1}
    assert recipients() == sorted([*before, "member@lab.example", "owner@lab.example"])
    assert api(lab, f"/api/v1/conversations/{cid}").get_json()["left"] is False


def test_the_leaver_comes_back_by_replying_and_outsiders_cannot_leave(app, eco):
    s = _client(app, eco.s_owner)
    cid = _start(s)
    assert api(s, f"/api/v1/conversations/{cid}/leave", "POST").status_code == 200
    assert _ids(s) == []
    _say(s, cid, "Sorry, one more thing.")
    assert _ids(s) == [cid]
    for user in (eco.outsider, eco.staff, eco.nobody):
        c = _client(app, user)
        assert api(c, f"/api/v1/conversations/{cid}/leave", "POST").status_code == 404
    assert api(app.test_client(), f"/api/v1/conversations/{cid}/leave", "POST").status_code == 401


def test_email_choice_page_and_api(app, eco):
    lab = _client(app, eco.l_owner)
    assert api(lab, "/api/v1/messaging/settings").get_json()["email_mode"] == "each"
    page = lab.get("/messages/settings").get_data(as_text=True)
    assert 'id="mode-each" value="each" checked' in page
    assert "Un'e-mail per ogni nuovo messaggio" in page  # the owner reads Italian
    bad = post_form(lab, "/messages/settings", {"email_mode": "weekly"}, token_from="/messages")
    assert bad.status_code == 422 and "scegli" in bad.get_data(as_text=True)
    assert count(MessagingPreference) == 0
    ok = post_form(lab, "/messages/settings", {"email_mode": "digest"}, token_from="/messages")
    assert ok.status_code == 302
    assert api(lab, "/api/v1/messaging/settings").get_json()["email_mode"] == "digest"
    export = api(lab, "/api/v1/me/export").get_json()
    assert export["messaging_settings"]["email_mode"] == "digest"  # GDPR Art. 15
    r = api(lab, "/api/v1/messaging/settings", "PUT", json={"email_mode": "nope"})
    assert r.status_code == 422 and "email_mode" in r.get_json()["errors"]
    r = api(lab, "/api/v1/messaging/settings", "PUT", json={"email_mode": "each"})
    assert r.status_code == 200 and r.get_json()["email_mode"] == "each"
    assert api(app.test_client(), "/api/v1/messaging/settings").status_code == 401


def test_digest_users_get_no_mail_per_message_then_one_digest_in_their_language(app, eco):
    lab = _client(app, eco.l_owner)  # Italian, chooses the digest
    assert (
        api(lab, "/api/v1/messaging/settings", "PUT", json={"email_mode": "digest"}).status_code
        == 200
    )
    s = _client(app, eco.s_owner)
    cid = _start(s, "First message about sepsis sensors")
    _say(s, cid, "Second message: see https://example.org/spec")
    # The member (default: each) got two e-mails, the owner none; both have the bell.
    assert recipients() == ["member@lab.example", "member@lab.example"]
    bells = db.session.scalars(
        select(Notification).where(Notification.user_id == eco.l_owner.id)
    ).all()
    assert len(bells) == 2
    # The member reads the thread: nothing to digest for them anyway (they are 'each').
    runner = app.test_cli_runner()
    out = runner.invoke(args=["messaging", "digest"])
    assert out.exit_code == 0, out.output
    assert "digest_users=1" in out.output and "sent=1" in out.output
    digests = [m for m in outbox_messages() if m["To"] == "owner@lab.example"]
    assert len(digests) == 1
    mail = digests[0]
    assert "2 messaggi non letti" in mail["Subject"]
    text = mail.get_content()
    assert "First message about sepsis sensors" in text and "Second message" in text
    assert f"/messages/{cid}" in text and "/messages/settings" in text
    assert "Messaggi non letti sul portale" in text
    # Idempotent: a second run sends nothing.
    again = runner.invoke(args=["messaging", "digest"])
    assert "sent=0" in again.output and "nothing_new=1" in again.output
    assert len([m for m in outbox_messages() if m["To"] == "owner@lab.example"]) == 1
    # A new message after the digest, read before the next run: nothing is sent for it.
    _say(s, cid, "Third message")
    mark = api(lab, f"/api/v1/conversations/{cid}/state", "POST", json={"action": "read"})
    assert mark.status_code == 200
    assert "sent=0" in runner.invoke(args=["messaging", "digest"]).output
    # A fourth, unread: the next digest carries only that one.
    _say(s, cid, "Fourth message")
    assert "sent=1" in runner.invoke(args=["messaging", "digest"]).output
    last = [m for m in outbox_messages() if m["To"] == "owner@lab.example"][-1]
    assert "Fourth message" in last.get_content() and "Third" not in last.get_content()
    assert "1 messaggio non letto" in last["Subject"]


def test_digest_in_english_without_one_s_own_side_and_left_threads(app, eco):
    member = _client(app, eco.l_member)  # English
    api(member, "/api/v1/messaging/settings", "PUT", json={"email_mode": "digest"})
    s = _client(app, eco.s_owner)
    cid = _start(s, "Hello lab")
    _say(_client(app, eco.l_owner), cid, "Reply of the lab's owner")  # the member's own side
    runner = app.test_cli_runner()
    assert "sent=1" in runner.invoke(args=["messaging", "digest"]).output
    mail = [m for m in outbox_messages() if m["To"] == "member@lab.example"][-1]
    assert mail["Subject"].endswith("1 unread message")
    text = mail.get_content()
    assert "Hello lab" in text and "Reply of the lab's owner" not in text
    assert "Unread messages on the portal since your last digest" in text
    # A thread the member left is not digested (a leave event does not bring it back).
    cid2 = api(
        _client(app, eco.other.memberships[0].user),
        "/api/v1/conversations",
        "POST",
        json={"to_org": "biolab-milano", "body": "From Other Co"},
    ).get_json()["id"]
    assert api(member, f"/api/v1/conversations/{cid2}/leave", "POST").status_code == 200
    assert "sent=0" in runner.invoke(args=["messaging", "digest"]).output


def test_a_digest_run_that_rolls_back_mails_nothing_and_moves_nothing(app, eco):
    lab = _client(app, eco.l_owner)
    api(lab, "/api/v1/messaging/settings", "PUT", json={"email_mode": "digest"})
    _start(_client(app, eco.s_owner), "Hello lab")
    before = len(outbox_messages())
    stats = send_message_digests()
    assert stats["sent"] == 1
    db.session.rollback()  # e.g. the command failed before its commit
    assert len(outbox_messages()) == before
    assert db.session.scalars(select(MessagingPreference)).one().last_digest_at is None
    # The next (committed) run still sends it.
    assert "sent=1" in app.test_cli_runner().invoke(args=["messaging", "digest"]).output
    assert len(outbox_messages()) == before + 1
