"""The Region's innovation desk: requests for organisations that nobody represents on the
portal yet. Staff forward them by e-mail to an address they enter, or close them; every step is
audited and the sender is told."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from app.audit.services import record_event
from app.core import validate
from app.core.db import utcnow
from app.core.errors import Conflict, NotFound, PermissionDenied, check_transition
from app.core.pagination import Page, paginate
from app.extensions import db
from app.mail import send_mail
from app.messaging.links import link
from app.messaging.models import DESK_STATUSES, DeskRequest
from app.messaging.origins import resolve_origin
from app.messaging.permissions import can_handle_desk, can_see_conversation, member_org_ids
from app.messaging.services import (
    DEFAULT_NEW_PER_HOUR,
    MAX_BODY,
    RateLimited,
    clean_body,
    has_members,
    sender_orgs,
)
from app.notifications.services import notify_in_locale, staff_user_ids
from app.orgs.models import Organisation

DESK_TRANSITIONS = {"open": {"forwarded", "closed"}, "forwarded": {"closed"}, "closed": set()}


def _sender_org(actor, data: dict) -> Organisation | None:
    orgs = {o.id: o for o in sender_orgs(actor)}
    oid = validate.integer(data, "from_org", lo=1, hi=2**31 - 1)
    if oid is None:
        return next(iter(orgs.values()), None)
    if oid not in orgs:
        raise PermissionDenied(_("from_org: you are not a member of this organisation."))
    return orgs[oid]


def send_to_desk(actor, to_org: Organisation, data: dict) -> DeskRequest:
    """Ask the innovation desk to pass a request on to an organisation without members."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Log in first."))
    if has_members(to_org):
        raise Conflict(
            _("%(org)s has members on the portal: write to them directly.", org=to_org.name),
            "to_org",
        )
    from_org = _sender_org(actor, data)
    origin = resolve_origin(actor, from_org, to_org, data) if from_org else None
    body = clean_body(data)
    limit = int(current_app.config.get("MESSAGING_NEW_PER_HOUR", DEFAULT_NEW_PER_HOUR))
    recent = db.session.execute(
        select(func.count(DeskRequest.id)).where(
            DeskRequest.sender_id == actor.id,
            DeskRequest.created_at >= utcnow() - timedelta(hours=1),
        )
    ).scalar_one()
    if recent >= limit:
        raise RateLimited(_("Too many requests to the desk in the last hour: try again later."))
    req = DeskRequest(
        from_org_id=from_org.id if from_org else None,
        to_org_id=to_org.id,
        sender_id=actor.id,
        body=body,
        origin_type=origin.type if origin else "direct",
        origin_id=origin.id if origin else None,
        status="open",
        note="",
    )
    db.session.add(req)
    db.session.flush()
    record_event(actor, "desk.requested", "desk_request", req.id, to_org=to_org.id)
    name = to_org.name
    notify_in_locale(
        staff_user_ids(),
        "desk.new",
        lambda: _("Innovation desk: a new request for %(org)s.", org=name),
        link("messaging.desk_queue"),
        event_key=f"desk:{req.id}",
    )
    return req


def report_conversation(actor, conv, data: dict) -> DeskRequest:
    """Report the other organisation of a thread to region staff: the reason and a copy of its
    latest messages go to the desk queue (staff cannot read threads themselves)."""
    if not can_see_conversation(actor, conv):
        raise NotFound(_("Conversation not found."))
    reason = validate.text(data, "reason", required=True, max_len=2000)
    mine = member_org_ids(actor)
    side = conv.from_org_id if conv.from_org_id in mine else conv.to_org_id
    other = conv.to_org_id if side == conv.from_org_id else conv.from_org_id
    theirs = [m for m in conv.messages if m.author_org_id == other and m.kind == "text"][-3:]
    excerpt = "\n---\n".join(m.body for m in theirs)
    req = DeskRequest(
        from_org_id=side,
        to_org_id=other,
        sender_id=actor.id,
        body=f"{reason}\n\n{excerpt}".strip(),
        origin_type="report",
        origin_id=conv.id,
        status="open",
        note="",
    )
    db.session.add(req)
    db.session.flush()
    record_event(actor, "conversation.reported", "conversation", conv.id, desk_request=req.id)
    notify_in_locale(
        staff_user_ids(),
        "desk.report",
        lambda: _("A conversation was reported to the innovation desk."),
        link("messaging.desk_queue"),
        event_key=f"desk:{req.id}",
    )
    return req


def _require_staff(actor) -> None:
    if not can_handle_desk(actor):
        raise PermissionDenied(_("Only region staff handle the innovation desk."))


def list_desk(actor, status: str | None = "open", page=1, per_page: int = 30) -> Page:
    """The desk queue (staff), oldest first so nothing waits forever."""
    _require_staff(actor)
    status = validate.choice({"status": status}, "status", DESK_STATUSES)
    q = select(DeskRequest).order_by(DeskRequest.created_at, DeskRequest.id)
    if status:
        q = q.where(DeskRequest.status == status)
    return paginate(q, validate.integer({"page": page}, "page", lo=1, hi=100000) or 1, per_page)


def get_desk_request(actor, request_id) -> DeskRequest:
    """One desk request (staff)."""
    _require_staff(actor)
    rid = validate.integer({"id": request_id}, "id", lo=1, hi=2**63 - 1)
    req = db.session.get(DeskRequest, rid) if rid else None
    if req is None:
        raise NotFound(_("Request not found."))
    return req


def _tell_sender(req: DeskRequest, kind: str, message) -> None:
    if req.sender_id:
        notify_in_locale(
            [req.sender_id],
            kind,
            message,
            link("account.home"),
            event_key=f"{kind}:{req.id}",
        )


def forward_desk_request(actor, req: DeskRequest, data: dict) -> DeskRequest:
    """Staff forward the request by e-mail to an address they found (sent after the commit)."""
    _require_staff(actor)
    address = validate.email(data, "email")
    note = validate.text(data, "note", max_len=MAX_BODY)
    check_transition(DESK_TRANSITIONS, req.status, "forwarded", _("Desk request"))
    req.status, req.forwarded_to, req.note = "forwarded", address, note
    req.handled_by_id, req.handled_at = actor.id, utcnow()
    sender = req.sender.name if req.sender else _("Former user")
    org_from = req.from_org.name if req.from_org else "-"
    send_mail(
        address,
        f"[Portale Innovazione Salute] Richiesta per / Request for {req.to_org.name}",
        "Lo sportello innovazione di Regione Lombardia inoltra questa richiesta ricevuta dal "
        "portale. / The innovation desk of Regione Lombardia forwards this request received "
        f"through the portal.\n\nDa / From: {sender} ({org_from})\n"
        f"Per / For: {req.to_org.name}\n\n{req.body}\n\n{note}\n",
    )
    record_event(actor, "desk.forwarded", "desk_request", req.id, to=address)
    name = req.to_org.name
    _tell_sender(
        req,
        "desk.forwarded",
        lambda: _("The innovation desk forwarded your request to %(org)s.", org=name),
    )
    return req


def close_desk_request(actor, req: DeskRequest, data: dict) -> DeskRequest:
    """Staff close a request (a note says why)."""
    _require_staff(actor)
    note = validate.text(data, "note", required=True, max_len=MAX_BODY)
    check_transition(DESK_TRANSITIONS, req.status, "closed", _("Desk request"))
    req.status, req.note = "closed", note
    req.handled_by_id, req.handled_at = actor.id, utcnow()
    record_event(actor, "desk.closed", "desk_request", req.id)
    name = req.to_org.name
    _tell_sender(
        req,
        "desk.closed",
        lambda: _("The innovation desk closed your request for %(org)s.", org=name),
    )
    return req


def desk_dict(req: DeskRequest) -> dict:
    """JSON form of a desk request."""
    return {
        "id": req.id,
        "to_org": {"id": req.to_org_id, "name": req.to_org.name, "slug": req.to_org.slug},
        "from_org": req.from_org.name if req.from_org else None,
        "sender": req.sender.name if req.sender else None,
        "body": req.body,
        "status": req.status,
        "forwarded_to": req.forwarded_to,
        "note": req.note,
        "created_at": req.created_at.isoformat() if req.created_at else None,
    }
