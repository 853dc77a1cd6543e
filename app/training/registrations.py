"""Registrations: confirmed places, the waiting list, cancellation, attendance, reminders.

States of a registration: confirmed -> cancelled; waitlisted -> confirmed (promotion) /
cancelled; cancelled -> confirmed / waitlisted (registering again joins the end of the queue).
"""

from __future__ import annotations

from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select

from app.audit.services import record_event
from app.auth.permissions import is_authenticated
from app.core.db import utcnow
from app.core.errors import Conflict, NotFound, PermissionDenied, ValidationError, check_transition
from app.extensions import db
from app.notifications.services import notify_in_locale
from app.public.formatting import format_dt
from app.training.dates import aware
from app.training.models import Course, Registration
from app.training.permissions import can_cancel_registration, can_manage_course

REG_TRANSITIONS: dict[str, set[str]] = {
    "confirmed": {"cancelled"},
    "waitlisted": {"confirmed", "cancelled"},
    "cancelled": {"confirmed", "waitlisted"},
}
REMINDER_WINDOW = timedelta(hours=48)


def get_registration(actor, reg_id) -> Registration:
    """A registration the actor may see (the person, the provider, staff), or NotFound."""
    try:
        reg = db.session.get(Registration, int(reg_id))
    except (TypeError, ValueError):
        reg = None
    if reg is None or not can_cancel_registration(actor, reg):
        raise NotFound(_("Registration not found."))
    return reg


def confirmed_count(course: Course) -> int:
    """Places taken in a course."""
    return db.session.execute(
        select(func.count(Registration.id)).where(
            Registration.course_id == course.id, Registration.status == "confirmed"
        )
    ).scalar_one()


def waitlist(course: Course) -> list[Registration]:
    """The waiting list in the order it is served."""
    return list(
        db.session.execute(
            select(Registration)
            .where(Registration.course_id == course.id, Registration.status == "waitlisted")
            .order_by(Registration.queued_at, Registration.id)
        ).scalars()
    )


def _lock(course: Course) -> None:
    # Two people taking the last seat at once: PostgreSQL serialises them on the course row
    # (SQLite already serialises writers).
    db.session.execute(select(Course.id).where(Course.id == course.id).with_for_update())


def register_course(actor, course: Course) -> Registration:
    """Take a place, or join the waiting list when the course is full."""
    if not is_authenticated(actor):
        raise PermissionDenied(_("Log in to register."))
    if course.status != "published":
        raise Conflict(_("Registration is open only for published courses."), "status")
    if utcnow() > aware(course.registration_deadline):
        raise Conflict(_("The registration deadline has passed."), "registration_deadline")
    _lock(course)
    reg = db.session.execute(
        select(Registration).where(
            Registration.course_id == course.id, Registration.user_id == actor.id
        )
    ).scalar_one_or_none()
    if reg is not None and reg.status != "cancelled":
        raise Conflict(_("You are already registered for this course."), "status")
    target = "confirmed" if confirmed_count(course) < course.seats else "waitlisted"
    if reg is None:
        reg = Registration(course_id=course.id, user_id=actor.id, status=target)
        db.session.add(reg)
    else:
        check_transition(REG_TRANSITIONS, reg.status, target, _("Registration"))
        reg.status, reg.attended, reg.reminded_at = target, None, None
    reg.queued_at = utcnow()
    db.session.flush()
    record_event(actor, f"registration.{target}", "course", course.id, registration=reg.id)
    return reg


def cancel_registration(actor, reg: Registration) -> Registration:
    """Give the place up; the first person on the waiting list takes it."""
    if not can_cancel_registration(actor, reg):
        raise PermissionDenied(_("Only the registered person or the provider cancels this."))
    check_transition(REG_TRANSITIONS, reg.status, "cancelled", _("Registration"))
    was_confirmed = reg.status == "confirmed"
    _lock(reg.course)
    reg.status = "cancelled"
    db.session.flush()
    record_event(actor, "registration.cancelled", "course", reg.course_id, registration=reg.id)
    if was_confirmed:
        fill_from_waitlist(reg.course)
    return reg


def fill_from_waitlist(course: Course) -> list[Registration]:
    """Promote people from the waiting list while there are free seats; they are told."""
    if course.status != "published":
        return []
    promoted = []
    free = course.seats - confirmed_count(course)
    for reg in waitlist(course)[: max(0, free)]:
        check_transition(REG_TRANSITIONS, reg.status, "confirmed", _("Registration"))
        reg.status = "confirmed"
        promoted.append(reg)
        title = course.title
        notify_in_locale(
            [reg.user_id],
            "training.promoted",
            lambda title=title: _("A place is free for you in “%(title)s”.", title=title),
            link=f"/training/courses/{course.id}",
            event_key=f"training:{reg.id}:promoted:{reg.queued_at.isoformat()}",
        )
    db.session.flush()
    for reg in promoted:
        record_event(None, "registration.promoted", "course", course.id, registration=reg.id)
    return promoted


def notify_cancelled(course: Course) -> int:
    """Tell everyone registered that the course is cancelled."""
    ids = [r.user_id for r in course.registrations if r.status != "cancelled"]
    title = course.title
    return notify_in_locale(
        ids,
        "training.cancelled",
        lambda: _("The course “%(title)s” has been cancelled.", title=title),
        link=f"/training/courses/{course.id}",
        event_key=f"training-course:{course.id}:cancelled",
    )


def mark_attendance(actor, reg: Registration, attended) -> Registration:
    """The provider records whether a confirmed participant attended (once it has started)."""
    if not can_manage_course(actor, reg.course):
        raise PermissionDenied(_("Only the provider and Region staff mark attendance."))
    if attended not in (True, False):
        raise ValidationError(_("attended: must be true or false."), "attended")
    if reg.status != "confirmed":
        raise Conflict(_("Attendance is marked only for confirmed participants."), "status")
    if utcnow() < aware(reg.course.starts_at):
        raise Conflict(_("Attendance can be marked once the course has started."), "attended")
    reg.attended = attended
    db.session.flush()
    record_event(
        actor,
        "registration.attendance",
        "course",
        reg.course_id,
        registration=reg.id,
        attended=attended,
    )
    return reg


def my_registrations(actor) -> list[Registration]:
    """The actor's registrations, soonest course first."""
    if not is_authenticated(actor):
        raise PermissionDenied(_("Log in first."))
    return list(
        db.session.execute(
            select(Registration)
            .join(Course, Course.id == Registration.course_id)
            .where(Registration.user_id == actor.id)
            .order_by(Course.starts_at.desc())
        ).scalars()
    )


def my_registration(actor, course: Course) -> Registration | None:
    """The actor's registration for one course, if any."""
    if not is_authenticated(actor):
        return None
    return db.session.execute(
        select(Registration).where(
            Registration.course_id == course.id, Registration.user_id == actor.id
        )
    ).scalar_one_or_none()


def course_registrations(actor, course: Course) -> list[Registration]:
    """Every registration of a course, for its provider and staff."""
    if not can_manage_course(actor, course):
        raise PermissionDenied(_("Only the provider and Region staff see the participants."))
    return sorted(
        course.registrations, key=lambda r: (r.status != "confirmed", r.status, r.queued_at)
    )


def send_reminders(now=None) -> int:
    """Remind confirmed participants of courses starting in the next 48 hours (cron);
    each person is reminded once. Returns how many reminders were created."""
    now = now or utcnow()
    due = db.session.execute(
        select(Registration)
        .join(Course, Course.id == Registration.course_id)
        .where(
            Course.status == "published",
            Course.starts_at > now,
            Course.starts_at <= now + REMINDER_WINDOW,
            Registration.status == "confirmed",
            Registration.reminded_at.is_(None),
        )
    ).scalars()
    sent = 0
    for reg in due:
        course = reg.course
        sent += notify_in_locale(
            [reg.user_id],
            "training.reminder",
            # In the recipient's language: Europe/Rome time in the locale's format, not UTC.
            lambda title=course.title, starts=course.starts_at: _(
                "Reminder: “%(title)s” starts on %(when)s.", title=title, when=format_dt(starts)
            ),
            link=f"/training/courses/{course.id}",
            event_key=f"training:{reg.id}:reminder:{course.starts_at.isoformat()}",
        )
        reg.reminded_at = now
    db.session.flush()
    return sent
