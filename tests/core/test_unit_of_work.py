"""The unit of work (app.core.txn): side effects run after the commit, never after a rollback.

The last two tests are the findings of issue 17 item 7: a rolled-back contact request left
0 rows and 1 e-mail; a rolled-back profile save left the worker's matcher with the rolled-back
text (and its version stamp aliased, so it was never rebuilt).
"""

from __future__ import annotations

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from app.core.txn import on_commit, on_rollback, pending
from app.extensions import db
from app.mail import outbox_messages, send_mail
from app.messaging.partnership import contact_partner
from app.notifications.models import Notification
from app.notifications.services import notify
from app.orgs import services as org_services
from app.partners import engine
from app.partners.embeddings import current_version, rebuild_org_embeddings
from app.partners.models import ContactRequest


def test_callbacks_run_once_after_commit_in_order(app):
    ran = []
    on_commit(lambda: ran.append(1))
    on_commit(lambda: ran.append(2))
    assert ran == [] and pending() == 2
    db.session.commit()
    assert ran == [1, 2] and pending() == 0
    db.session.commit()
    assert ran == [1, 2]


def test_rollback_drops_commit_callbacks_and_runs_rollback_ones(app):
    ran = []
    on_commit(lambda: ran.append("commit"))
    on_rollback(lambda: ran.append("rollback"))
    db.session.rollback()
    db.session.commit()
    assert ran == ["rollback"]


def test_same_key_queues_one_callback(app):
    ran = []
    on_commit(lambda: ran.append("first"), key="k")
    on_commit(lambda: ran.append("second"), key="k")
    db.session.commit()
    assert ran == ["second"]


def test_a_rolled_back_savepoint_drops_only_its_own_callbacks(app):
    ran = []
    on_commit(lambda: ran.append("outer"))
    sp = db.session.begin_nested()
    on_commit(lambda: ran.append("inner-dropped"))
    sp.rollback()
    sp2 = db.session.begin_nested()
    on_commit(lambda: ran.append("inner-kept"))
    sp2.commit()
    db.session.commit()
    assert ran == ["outer", "inner-kept"]


def test_a_commit_that_fails_sends_no_mail(app, make_user):
    user = make_user("fail@example.org")
    notify([user.id], "test", "Hello")

    def boom(_session):
        raise RuntimeError("the database refused the commit")

    event.listen(Session, "before_commit", boom)
    try:
        with pytest.raises(RuntimeError):
            db.session.commit()
    finally:
        event.remove(Session, "before_commit", boom)
    db.session.rollback()
    assert outbox_messages() == []
    assert db.session.scalar(select(func.count(Notification.id))) == 0


def test_mail_is_delivered_only_by_the_commit(app):
    send_mail("a@example.org", "Subject\r\nBcc: x@evil.example", "body")
    assert outbox_messages() == []
    db.session.commit()
    (msg,) = outbox_messages()
    assert msg["Subject"] == "Subject Bcc: x@evil.example" and msg["Bcc"] is None


@pytest.fixture
def two_orgs(make_user, make_org):
    owner = make_user("owner@startup.example")
    startup = make_org(owner, "SepsiSense", "startup", description="Wearable sepsis sensors.")
    h_owner = make_user("owner@hospital.example")
    hospital = make_org(
        h_owner, "Ospedale Demo", "research_hospital", description="Intensive care studies."
    )
    return owner, startup, hospital


def test_a_rolled_back_contact_request_leaves_no_row_and_no_mail(app, two_orgs):
    owner, startup, hospital = two_orgs
    before = len(outbox_messages())
    with app.test_request_context():
        contact_partner(owner, startup, hospital, "Shall we talk?")  # contact opens a conversation
        db.session.flush()
        assert db.session.scalar(select(func.count(ContactRequest.id))) == 1
        db.session.rollback()
    assert db.session.scalar(select(func.count(ContactRequest.id))) == 0
    assert db.session.scalar(select(func.count(Notification.id))) == 0
    assert len(outbox_messages()) == before == 0
    # The same request committed: one row, one notification, one e-mail to the hospital.
    with app.test_request_context():
        contact_partner(owner, startup, hospital, "Shall we talk?")  # contact opens a conversation
        db.session.commit()
    assert db.session.scalar(select(func.count(ContactRequest.id))) == 1
    assert [m["To"] for m in outbox_messages()] == ["owner@hospital.example"]


def test_a_rolled_back_profile_save_leaves_the_matcher_alone(app, two_orgs, monkeypatch):

    monkeypatch.setitem(app.config, "MATCHING_ENABLED", True)
    owner, startup, _hospital = two_orgs
    rebuild_org_embeddings()  # what `flask match rebuild` stores
    db.session.commit()
    matcher = engine.get_matcher()
    text_before = matcher.orgs_[startup.id].text
    version_before = current_version()

    org_services.update_org(owner, startup, {"description": "Robotic pharmacy logistics."})
    db.session.rollback()
    assert engine.get_matcher() is matcher, "a rollback must not force a rebuild"
    assert matcher.orgs_[startup.id].text == text_before
    assert current_version() == version_before

    # Saving the same profile again changes nothing: the stamp does not move.
    db.session.refresh(startup)
    org_services.update_org(owner, startup, {"description": startup.description})
    db.session.commit()
    assert current_version() == version_before and engine.get_matcher() is matcher

    # A real change lands in this worker's matcher after the commit (not before). Its lexical
    # documents are fitted as a whole, so the worker's stamp stays behind and the next use
    # refits, as the other workers do: the new matcher holds the text as well.
    org_services.update_org(owner, startup, {"description": "Robotic pharmacy logistics."})
    assert "Robotic" not in matcher.orgs_[startup.id].text
    db.session.commit()
    assert current_version() == version_before + 1
    assert "Robotic pharmacy logistics." in matcher.orgs_[startup.id].text
    assert matcher.text_stale_
    refitted = engine.get_matcher()
    assert refitted is not matcher and not refitted.text_stale_
    assert "Robotic pharmacy logistics." in refitted.orgs_[startup.id].text
