"""Ask an expert: consultation requests, assignment, the thread, closing with an outcome,
appointed experts and the service figures for staff.

States: open -> assigned / closed; assigned -> assigned (reassigned) / closed; closed is final.
"""

from __future__ import annotations

from statistics import median

from flask_babel import gettext as _
from sqlalchemy import select

from app.audit.services import record_event
from app.auth.models import User
from app.auth.permissions import is_authenticated
from app.compliance.models import Assessment, Consultation, ConsultationMessage, Expert
from app.compliance.permissions import (
    can_assess_for,
    can_manage_experts,
    can_post_message,
    can_view_consultation,
    is_expert,
)
from app.core import validate
from app.core.db import utcnow
from app.core.errors import Conflict, NotFound, PermissionDenied, ValidationError, check_transition
from app.extensions import db
from app.notifications.services import notify_in_locale, org_user_ids
from app.orgs.models import Organisation
from app.training.dates import aware

TOPICS = ("ai_act", "gdpr", "mdr", "ehds", "other")
URGENCIES = ("low", "normal", "high")
TRANSITIONS: dict[str, set[str]] = {
    "open": {"assigned", "closed"},
    "assigned": {"assigned", "closed"},
    "closed": set(),
}


def expert_ids() -> list[int]:
    """Ids of every active expert: staff, admins and appointed people."""
    staff = db.session.execute(
        select(User.id).where(User.role.in_(("staff", "admin")), User.active.is_(True))
    ).scalars()
    return list(dict.fromkeys([*staff, *db.session.execute(select(Expert.user_id)).scalars()]))


def get_consultation(actor, consultation_id) -> Consultation:
    """A consultation the actor may see (its organisation's members, experts), or NotFound."""
    try:
        c = db.session.get(Consultation, int(consultation_id))
    except (TypeError, ValueError):
        c = None
    if c is None or not can_view_consultation(actor, c):
        raise NotFound(_("Consultation not found."))
    return c


def request_consultation(actor, data: dict) -> Consultation:
    """Ask the experts a question for one of the actor's organisations (optionally about one
    of its assessments)."""
    if not is_authenticated(actor) or not actor.memberships:
        raise PermissionDenied(_("Consultations are asked for an organisation you belong to."))
    org_id = validate.integer(data, "org_id", lo=1, required=True)
    org = db.session.get(Organisation, org_id)
    if not can_assess_for(actor, org):
        raise ValidationError(_("org_id: choose one of your organisations."), "org_id")
    topic = validate.choice(data, "topic", TOPICS, required=True)
    urgency = validate.choice(data, "urgency", URGENCIES, default="normal")
    subject = validate.text(data, "subject", required=True, max_len=200)
    body = validate.text(data, "body", required=True, max_len=10000)
    assessment_id = validate.integer(data, "assessment_id", lo=1)
    if assessment_id is not None:
        assessment = db.session.get(Assessment, assessment_id)
        if assessment is None or assessment.org_id != org.id:
            raise ValidationError(
                _("assessment_id: choose an assessment of the same organisation."),
                "assessment_id",
            )
    c = Consultation(
        org_id=org.id,
        requester_id=actor.id,
        assessment_id=assessment_id,
        topic=topic,
        urgency=urgency,
        subject=subject,
        status="open",
    )
    db.session.add(c)
    db.session.flush()
    db.session.add(ConsultationMessage(consultation_id=c.id, author_id=actor.id, body=body))
    db.session.flush()
    record_event(actor, "consultation.requested", "consultation", c.id, topic=topic)
    notify_in_locale(
        expert_ids(),
        "consultation.requested",
        lambda: _("New consultation request: %(subject)s", subject=subject),
        link=f"/compliance/consultations/{c.id}",
        event_key=f"consultation:{c.id}:requested",
    )
    return c


def _require_expert(actor) -> None:
    if not is_expert(actor):
        raise PermissionDenied(_("Only the Region's experts do this."))


def assign_consultation(actor, c: Consultation, data: dict) -> Consultation:
    """An expert takes a consultation, or gives it to another expert."""
    _require_expert(actor)
    expert_id = validate.integer(data, "expert_id", lo=1) or actor.id
    expert = db.session.get(User, expert_id)
    if expert is None or not is_expert(expert):
        raise ValidationError(_("expert_id: choose one of the experts."), "expert_id")
    check_transition(TRANSITIONS, c.status, "assigned", _("Consultation"))
    c.status, c.expert_id = "assigned", expert.id
    db.session.flush()
    record_event(actor, "consultation.assigned", "consultation", c.id, expert=expert.id)
    if expert.id != actor.id:
        notify_in_locale(
            [expert.id],
            "consultation.assigned",
            lambda: _("A consultation was assigned to you: %(subject)s", subject=c.subject),
            link=f"/compliance/consultations/{c.id}",
            event_key=f"consultation:{c.id}:assigned:{expert.id}:{len(c.messages)}",
        )
    return c


def post_message(actor, c: Consultation, data: dict) -> ConsultationMessage:
    """Write in the thread; the first expert reply is the service's time to first answer."""
    if not can_post_message(actor, c):
        if c.status == "closed" and can_view_consultation(actor, c):
            raise Conflict(_("The consultation is closed."), "status")
        raise PermissionDenied(_("You cannot write in this consultation."))
    body = validate.text(data, "body", required=True, max_len=10000)
    msg = ConsultationMessage(consultation_id=c.id, author_id=actor.id, body=body)
    db.session.add(msg)
    from_org = any(m.org_id == c.org_id for m in actor.memberships)
    if not from_org and c.first_reply_at is None:
        c.first_reply_at = utcnow()
    db.session.flush()
    record_event(actor, "consultation.message", "consultation", c.id, message=msg.id)
    targets = [c.expert_id] if from_org and c.expert_id else org_user_ids(c.org_id)
    if from_org and not c.expert_id:
        targets = expert_ids()
    notify_in_locale(
        [t for t in targets if t != actor.id],
        "consultation.message",
        lambda: _("New message in the consultation “%(subject)s”", subject=c.subject),
        link=f"/compliance/consultations/{c.id}",
        event_key=f"consultation:{c.id}:message:{msg.id}",
    )
    return msg


def close_consultation(actor, c: Consultation, data: dict) -> Consultation:
    """An expert closes the consultation with its outcome."""
    _require_expert(actor)
    outcome = validate.text(data, "outcome", required=True, max_len=5000)
    check_transition(TRANSITIONS, c.status, "closed", _("Consultation"))
    c.status, c.outcome, c.closed_at = "closed", outcome, utcnow()
    db.session.flush()
    record_event(actor, "consultation.closed", "consultation", c.id)
    notify_in_locale(
        org_user_ids(c.org_id),
        "consultation.closed",
        lambda: _("Your consultation “%(subject)s” is closed.", subject=c.subject),
        link=f"/compliance/consultations/{c.id}",
        event_key=f"consultation:{c.id}:closed",
    )
    return c


def list_consultations(actor, status: str | None = None) -> list[Consultation]:
    """Experts see the queue; others their organisations' consultations. Newest first."""
    if not is_authenticated(actor):
        raise PermissionDenied(_("Log in first."))
    q = select(Consultation).order_by(Consultation.id.desc())
    if not is_expert(actor):
        q = q.where(Consultation.org_id.in_([m.org_id for m in actor.memberships]))
    if status in TRANSITIONS:
        q = q.where(Consultation.status == status)
    return list(db.session.execute(q.limit(500)).scalars())


def _hours(start, end) -> float:
    return round((aware(end) - aware(start)).total_seconds() / 3600, 1)


def service_figures(actor) -> list[dict]:
    """Per topic: requests, open ones, median hours to the first answer and to closing."""
    _require_expert(actor)
    rows = list(db.session.execute(select(Consultation)).scalars())
    out = []
    for topic in TOPICS:
        mine = [c for c in rows if c.topic == topic]
        first = [_hours(c.created_at, c.first_reply_at) for c in mine if c.first_reply_at]
        closed = [_hours(c.created_at, c.closed_at) for c in mine if c.closed_at]
        out.append(
            {
                "topic": topic,
                "requests": len(mine),
                "open": sum(1 for c in mine if c.status != "closed"),
                "median_hours_to_first_answer": median(first) if first else None,
                "median_hours_to_close": median(closed) if closed else None,
            }
        )
    return out


def list_experts(actor) -> list[Expert]:
    """The appointed experts (staff only)."""
    if not can_manage_experts(actor):
        raise PermissionDenied(_("Only Region staff manage the experts."))
    return list(db.session.execute(select(Expert).order_by(Expert.id)).scalars())


def appoint_expert(actor, data: dict) -> Expert:
    """Staff appoint a registered person as expert."""
    if not can_manage_experts(actor):
        raise PermissionDenied(_("Only Region staff manage the experts."))
    email = validate.email(data, "email")
    user = db.session.execute(select(User).where(User.email == email)).scalar_one_or_none()
    if user is None:
        raise ValidationError(_("email: no account with this address."), "email")
    topics = validate.string_list(data, "topics", choices=TOPICS)
    if db.session.execute(select(Expert).where(Expert.user_id == user.id)).first():
        raise Conflict(_("email: this person is already an expert."), "email")
    expert = Expert(user_id=user.id, topics=topics, appointed_by_id=actor.id)
    db.session.add(expert)
    db.session.flush()
    record_event(actor, "expert.appointed", "user", user.id)
    return expert


def remove_expert(actor, expert_id) -> None:
    """Staff remove an expert (their consultations stay assigned for the record)."""
    if not can_manage_experts(actor):
        raise PermissionDenied(_("Only Region staff manage the experts."))
    expert = db.session.get(Expert, validate.integer({"id": expert_id}, "id", lo=1))
    if expert is None:
        raise NotFound(_("Expert not found."))
    record_event(actor, "expert.removed", "user", expert.user_id)
    db.session.delete(expert)
    db.session.flush()
