"""Course catalogue services: publish, edit, change status, search with facets."""

from __future__ import annotations

from collections import Counter

from flask_babel import gettext as _
from sqlalchemy import select

from app.audit.services import record_event
from app.auth.permissions import is_staff
from app.core import search, validate
from app.core.db import utcnow
from app.core.errors import NotFound, PermissionDenied, ValidationError, check_transition
from app.core.pagination import Page
from app.extensions import db
from app.orgs.models import Organisation
from app.training import vocab
from app.training.dates import a_datetime, aware
from app.training.models import Course
from app.training.permissions import (
    can_create_course,
    can_manage_course,
    can_publish_for,
    can_view_course,
    provider_orgs,
)
from app.training.registrations import fill_from_waitlist, notify_cancelled
from app.training.search_docs import course_document  # noqa: F401  (registers the index)

COURSE_TRANSITIONS: dict[str, set[str]] = {
    "draft": {"published", "cancelled"},
    "published": {"cancelled"},
    "cancelled": set(),
}
STATUS_ACTIONS = {"publish": "published", "cancel": "cancelled"}
TEXT_FIELDS = {"title": 200, "summary": 500, "description": 10000, "place": 200}
CHOICE_FIELDS = {
    "kind": vocab.KINDS,
    "topic": vocab.TOPICS,
    "level": vocab.LEVELS,
    "format": vocab.FORMATS,
    "language": vocab.LANGUAGES,
}
FACETS = ("kind", "topic", "audience", "level", "format", "language", "provider")


def get_course(actor, course_id) -> Course:
    """A course the actor may see, or NotFound (drafts stay hidden from the public)."""
    try:
        course = db.session.get(Course, int(course_id))
    except (TypeError, ValueError):
        course = None
    if course is None or not can_view_course(actor, course):
        raise NotFound(_("Course not found."))
    return course


def _clean(actor, data: dict, partial: bool) -> dict:
    out: dict = {}
    for f, max_len in TEXT_FIELDS.items():
        if not partial or f in data:
            out[f] = validate.text(data, f, required=f == "title", max_len=max_len)
    for f, choices in CHOICE_FIELDS.items():
        if not partial or f in data:
            out[f] = validate.choice(data, f, tuple(choices), required=True)
    if not partial or "audience" in data:
        out["audience"] = validate.string_list(data, "audience", choices=tuple(vocab.AUDIENCES))
        if not out["audience"]:
            raise ValidationError(_("audience: choose at least one audience."), "audience")
    if not partial or "online_url" in data:
        out["online_url"] = validate.url(data, "online_url")
    if not partial or "seats" in data:
        out["seats"] = validate.integer(data, "seats", lo=1, hi=100000, required=True)
    for f in ("starts_at", "ends_at", "registration_deadline"):
        if not partial or f in data:
            out[f] = a_datetime(data, f, required=True)
    if not partial or "provider_org_id" in data:
        org_id = validate.integer(data, "provider_org_id", lo=1, required=True)
        org = db.session.get(Organisation, org_id)
        if not can_publish_for(actor, org):
            raise ValidationError(
                _("provider_org_id: choose a verified organisation you belong to."),
                "provider_org_id",
            )
        out["provider_org_id"] = org_id
    return out


def _check_dates(course: Course) -> None:
    if aware(course.ends_at) < aware(course.starts_at):
        raise ValidationError(_("ends_at: must be after the start."), "ends_at")
    if aware(course.registration_deadline) > aware(course.ends_at):
        raise ValidationError(
            _("registration_deadline: must be before the end of the course."),
            "registration_deadline",
        )
    if course.format in ("in_person", "hybrid") and not course.place:
        raise ValidationError(_("place: give the place of an in-person course."), "place")


def create_course(actor, data: dict) -> Course:
    """Describe a new course as a draft (staff, or members of a verified provider)."""
    if not can_create_course(actor):
        raise PermissionDenied(_("Only Region staff and verified providers publish courses."))
    values = _clean(actor, data, partial=False)
    course = Course(status="draft", created_by_id=actor.id, **values)
    _check_dates(course)
    db.session.add(course)
    db.session.flush()
    record_event(actor, "course.created", "course", course.id)
    return course


def update_course(actor, course: Course, data: dict) -> Course:
    """Change a course's fields; more seats promote people from the waiting list."""
    if not can_manage_course(actor, course):
        raise PermissionDenied(_("Only the provider and Region staff edit this course."))
    if course.status == "cancelled":
        check_transition(COURSE_TRANSITIONS, course.status, "published", _("Course"))
    values = _clean(actor, data, partial=True)
    with db.session.no_autoflush:
        for k, v in values.items():
            setattr(course, k, v)
        _check_dates(course)
    db.session.flush()
    record_event(actor, "course.updated", "course", course.id, fields=sorted(values))
    fill_from_waitlist(course)
    return course


def change_status(actor, course: Course, action: str) -> Course:
    """Publish a draft or cancel a course (then everyone registered is told)."""
    if not can_manage_course(actor, course):
        raise PermissionDenied(_("Only the provider and Region staff change this course."))
    if action not in STATUS_ACTIONS:
        raise ValidationError(
            _("action: must be one of %(actions)s.", actions=", ".join(STATUS_ACTIONS)), "action"
        )
    target = STATUS_ACTIONS[action]
    check_transition(COURSE_TRANSITIONS, course.status, target, _("Course"))
    course.status = target
    db.session.flush()
    record_event(actor, f"course.{target}", "course", course.id)
    if target == "cancelled":
        notify_cancelled(course)
    return course


def parse_search(args) -> dict:
    """Search parameters from a query string (unknown facet values are ignored)."""
    params: dict = {"q": (args.get("q") or "").strip()[:200]}
    for f in ("kind", "topic", "level", "format", "language", "audience"):
        value = args.get(f) or None
        choices = vocab.AUDIENCES if f == "audience" else CHOICE_FIELDS[f]
        params[f] = value if value in choices else None
    try:
        params["provider"] = int(args.get("provider") or 0) or None
    except ValueError:
        params["provider"] = None
    params["when"] = "past" if args.get("when") == "past" else "upcoming"
    try:
        params["page"] = max(1, int(args.get("page") or 1))
    except ValueError:
        params["page"] = 1
    return params


def _value(course: Course, facet: str) -> list:
    if facet == "audience":
        return list(course.audience or [])
    if facet == "provider":
        return [course.provider_org_id]
    return [getattr(course, facet)]


def search_courses(params: dict, per_page: int = 20) -> Page:
    """Published (and cancelled) courses, upcoming or past, matching text and facets; facet
    counts are computed on the results of the other filters."""
    now = utcnow()
    q = select(Course).where(Course.status.in_(("published", "cancelled")))
    if params.get("when") == "past":
        q = q.where(Course.ends_at < now).order_by(Course.starts_at.desc())
    else:
        q = q.where(Course.ends_at >= now).order_by(Course.starts_at, Course.id)
    # The portal's full-text index: accents, case and plurals folded, never a LIKE pattern.
    q = search.restrict(q, Course.id, "course", params.get("q"))
    # The catalogue is small (tens of courses): facets and the JSON audience list are counted
    # in Python, which behaves the same on SQLite and PostgreSQL.
    rows = list(db.session.execute(q).scalars())
    selected = {f: params.get(f) for f in FACETS if params.get(f) is not None}

    def keep(course: Course, skip: str | None = None) -> bool:
        return all(v in _value(course, f) for f, v in selected.items() if f != skip)

    facets = {}
    for f in FACETS:
        counts = Counter(v for c in rows if keep(c, f) for v in _value(c, f))
        facets[f] = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))
    hits = [c for c in rows if keep(c)]
    page = params.get("page", 1)
    start = (page - 1) * per_page
    return Page(
        items=hits[start : start + per_page],
        page=page,
        per_page=per_page,
        total=len(hits),
        facets=facets,
    )


def upcoming_courses(limit: int = 200) -> list[Course]:
    """Published courses that have not ended, soonest first (the iCalendar feed)."""
    return list(
        db.session.execute(
            select(Course)
            .where(Course.status == "published", Course.ends_at >= utcnow())
            .order_by(Course.starts_at)
            .limit(limit)
        ).scalars()
    )


def managed_courses(actor) -> list[Course]:
    """Courses the actor may manage (all for staff), newest first."""
    if not can_create_course(actor):
        return []
    q = select(Course).order_by(Course.starts_at.desc())
    if not is_staff(actor):
        org_ids = [o.id for o in provider_orgs(actor)]
        q = q.where(Course.provider_org_id.in_(org_ids))
    return list(db.session.execute(q).scalars())
