"""Notifications are written in each recipient's language, whoever triggers them."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from app.extensions import db
from app.notifications.models import Notification
from app.notifications.services import notify_in_locale


def test_each_recipient_reads_the_message_in_their_language(app, make_user):
    english = make_user("en@example.org")
    italian = make_user("it@example.org")
    italian.locale = "it"
    db.session.commit()
    created = notify_in_locale(
        [english.id, italian.id, english.id, 999_999],
        "report",
        lambda: _("%(acronym)s: progress report submitted", acronym="CARDIO"),
        "/projects/reports/1",
        event_key="report-submitted:1",
    )
    assert created == 2  # the repeated and the unknown user are skipped
    messages = dict(db.session.execute(select(Notification.user_id, Notification.message)).all())
    assert messages == {
        english.id: "CARDIO: progress report submitted",
        italian.id: "CARDIO: relazione di avanzamento inviata",
    }
    again = notify_in_locale(
        [italian.id], "report", lambda: _("%(acronym)s: progress report submitted", acronym="X")
    )
    assert again == 1  # no event key: a new notification each time


def test_same_event_is_notified_once(app, make_user):
    user = make_user("once@example.org")
    for _n in range(2):
        notify_in_locale([user.id], "report", lambda: "msg", event_key="same-event")
    assert len(db.session.scalars(select(Notification)).all()) == 1
