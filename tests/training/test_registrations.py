"""Registrations: seats, waiting list, promotion, cancellation, attendance, reminders."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from app.core.db import utcnow
from app.core.errors import Conflict, IllegalTransition, PermissionDenied, ValidationError
from app.extensions import db
from app.notifications.models import Notification
from app.training import registrations as regs
from app.training import services
from tests.builders import commit, course_data, published_course, user, verified_provider


def _kinds(u) -> list[str]:
    return list(
        db.session.execute(select(Notification.kind).where(Notification.user_id == u.id)).scalars()
    )


def test_full_course_waitlists_and_cancellation_promotes_first_in_line(app):
    owner, org = verified_provider()
    course = published_course(owner, org, seats=2)
    a, b, c, d = (user(f"{n}@example.org") for n in "abcd")
    assert [regs.register_course(u, course).status for u in (a, b, c, d)] == [
        "confirmed",
        "confirmed",
        "waitlisted",
        "waitlisted",
    ]
    commit()
    with pytest.raises(Conflict):
        regs.register_course(a, course)
    reg_a = regs.my_registration(a, course)
    regs.cancel_registration(a, reg_a)
    commit()
    assert regs.my_registration(c, course).status == "confirmed"
    assert regs.my_registration(d, course).status == "waitlisted"
    assert regs.confirmed_count(course) == 2
    assert "training.promoted" in _kinds(c) and "training.promoted" not in _kinds(d)
    with pytest.raises(IllegalTransition):
        regs.cancel_registration(a, reg_a)
    # Registering again after cancelling joins the end of the queue.
    assert regs.register_course(a, course).status == "waitlisted"
    assert [r.user_id for r in regs.waitlist(course)] == [d.id, a.id]


def test_more_seats_promote_from_the_waiting_list(app):
    owner, org = verified_provider()
    course = published_course(owner, org, seats=1)
    a, b = user("a@example.org"), user("b@example.org")
    regs.register_course(a, course)
    regs.register_course(b, course)
    services.update_course(owner, course, {"seats": 2})
    commit()
    assert regs.my_registration(b, course).status == "confirmed"


def test_registration_closed_after_deadline_and_for_drafts(app):
    owner, org = verified_provider()
    start = utcnow() + timedelta(hours=5)
    course = published_course(
        owner,
        org,
        starts_at=start.isoformat(),
        ends_at=(start + timedelta(hours=1)).isoformat(),
        registration_deadline=(utcnow() - timedelta(minutes=1)).isoformat(),
    )
    with pytest.raises(Conflict, match="deadline"):
        regs.register_course(user("late@example.org"), course)
    draft = services.create_course(owner, {**course_data(org), "title": "Draft"})
    with pytest.raises(Conflict):
        regs.register_course(user("early@example.org"), draft)


def test_attendance_only_by_provider_for_confirmed_once_started(app):
    owner, org = verified_provider()
    course = published_course(owner, org)
    a = user("a@example.org")
    reg = regs.register_course(a, course)
    with pytest.raises(PermissionDenied):
        regs.mark_attendance(a, reg, True)
    with pytest.raises(Conflict, match="started"):
        regs.mark_attendance(owner, reg, True)
    course.starts_at = utcnow() - timedelta(minutes=5)
    with pytest.raises(ValidationError):
        regs.mark_attendance(owner, reg, "yes")
    assert regs.mark_attendance(owner, reg, True).attended is True


def test_reminders_once_for_courses_starting_within_48_hours(app):
    owner, org = verified_provider()
    soon = utcnow() + timedelta(hours=20)
    near = published_course(
        owner,
        org,
        starts_at=soon.isoformat(),
        ends_at=(soon + timedelta(hours=1)).isoformat(),
        registration_deadline=(soon - timedelta(hours=1)).isoformat(),
    )
    far = published_course(owner, org, title="Later")
    a = user("a@example.org")
    regs.register_course(a, near)
    regs.register_course(a, far)
    commit()
    assert regs.send_reminders() == 1
    commit()
    assert regs.send_reminders() == 0
    assert _kinds(a).count("training.reminder") == 1


def test_reminders_give_the_rome_time_in_the_recipients_language(app):
    owner, org = verified_provider()
    # Rome is UTC+1 or +2: the Rome hour is in the text, never "UTC".
    soon = utcnow().replace(second=0, microsecond=0) + timedelta(hours=20)
    course = published_course(
        owner,
        org,
        starts_at=soon.isoformat(),
        ends_at=(soon + timedelta(hours=1)).isoformat(),
        registration_deadline=(soon - timedelta(hours=1)).isoformat(),
    )
    it, en = user("it@example.org", locale="it"), user("en@example.org")
    regs.register_course(it, course)
    regs.register_course(en, course)
    commit()
    assert regs.send_reminders() == 2
    commit()
    rome = soon.astimezone(ZoneInfo("Europe/Rome"))
    texts = {
        n.user_id: n.message
        for n in db.session.execute(
            select(Notification).where(Notification.kind == "training.reminder")
        ).scalars()
    }
    assert "UTC" not in texts[it.id] + texts[en.id]
    assert f"{rome:%H:%M}" in texts[it.id] and texts[it.id].startswith("Promemoria")
    assert f"{rome.year}" in texts[en.id] and texts[en.id].startswith("Reminder")


def test_cancelling_a_course_tells_participants_and_blocks_changes(app):
    owner, org = verified_provider()
    course = published_course(owner, org)
    a = user("a@example.org")
    regs.register_course(a, course)
    services.change_status(owner, course, "cancel")
    commit()
    assert "training.cancelled" in _kinds(a)
    with pytest.raises(IllegalTransition):
        services.change_status(owner, course, "publish")
    with pytest.raises(IllegalTransition):
        services.update_course(owner, course, {"seats": 5})
