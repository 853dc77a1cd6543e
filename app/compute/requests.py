"""Compute access requests: the requester's draft, submission, the decision, activation,
usage reports, expiry. A linked data-access approval is checked at submission and at approval.

States: draft -> submitted -> approved / rejected; approved -> active / expired / revoked;
active -> closed / expired / revoked.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import or_, select

from app.audit.services import record_event
from app.auth.permissions import is_authenticated, is_staff
from app.compute.models import ComputeRequest, ComputeResource, ComputeUsage
from app.compute.permissions import can_decide, can_request, can_view_request, is_requester
from app.compute.resources import a_bool
from app.core import validate
from app.core.db import utcnow
from app.core.errors import Conflict, NotFound, PermissionDenied, ValidationError, check_transition
from app.datasets.models import AccessRequest
from app.extensions import db
from app.notifications.services import notify_in_locale, org_user_ids, staff_user_ids

TRANSITIONS: dict[str, set[str]] = {
    "draft": {"submitted"},
    "submitted": {"approved", "rejected"},
    "approved": {"active", "expired", "revoked"},
    "active": {"closed", "expired", "revoked"},
    "rejected": set(),
    "closed": set(),
    "expired": set(),
    "revoked": set(),
}
ACTIONS = {
    "approve": "approved",
    "reject": "rejected",
    "activate": "active",
    "close": "closed",
    "revoke": "revoked",
}
NEARLY_USED = 0.9


def get_request(actor, request_id) -> ComputeRequest:
    """A request the actor may see, or NotFound."""
    try:
        req = db.session.get(ComputeRequest, int(request_id))
    except (TypeError, ValueError):
        req = None
    if req is None or not can_view_request(actor, req):
        raise NotFound(_("Compute request not found."))
    return req


def _clean(actor, data: dict, partial: bool) -> dict:
    out: dict = {}

    def want(f: str) -> bool:
        return not partial or f in data

    if want("org_id"):
        org_id = validate.integer(data, "org_id", lo=1, required=True)
        if not any(m.org_id == org_id for m in actor.memberships):
            raise ValidationError(_("org_id: choose one of your organisations."), "org_id")
        out["org_id"] = org_id
    if want("title"):
        out["title"] = validate.text(data, "title", required=True, max_len=200)
    if want("purpose"):
        out["purpose"] = validate.text(data, "purpose", required=True, max_len=10000)
    if want("gpu_hours"):
        out["gpu_hours"] = validate.integer(data, "gpu_hours", lo=1, hi=10**8, required=True)
    for f in ("period_start", "period_end"):
        if want(f):
            out[f] = validate.a_date(data, f, required=True)
    if want("needs_restricted_data"):
        out["needs_restricted_data"] = a_bool(data, "needs_restricted_data")
    if want("access_request_id"):
        out["access_request_id"] = validate.integer(data, "access_request_id", lo=1)
    return out


def _check(req: ComputeRequest) -> None:
    if req.period_end < req.period_start:
        raise ValidationError(_("period_end: must be on or after the start."), "period_end")
    if req.access_request_id and not req.needs_restricted_data:
        req.needs_restricted_data = True


def check_approval(req: ComputeRequest, today: date | None = None) -> None:
    """The linked data-access approval must exist, be the requester's (or their
    organisation's), approved, and still valid: read from the datasets records, never from
    what the requester says."""
    if not req.needs_restricted_data:
        return
    today = today or utcnow().date()
    field = "access_request_id"
    if req.access_request_id is None:
        raise ValidationError(
            _("access_request_id: link the approved data-access request for restricted data."),
            field,
        )
    ar = db.session.get(AccessRequest, req.access_request_id)
    ours = ar is not None and (
        ar.requester_id == req.requester_id or (req.org_id and ar.org_id == req.org_id)
    )
    if not ours:
        raise ValidationError(_("access_request_id: not one of your access requests."), field)
    if ar.status != "approved" or ar.expires_on is None or ar.expires_on < today:
        raise ValidationError(
            _("access_request_id: that data-access request is not an approval in force."), field
        )
    if ar.expires_on < req.period_end:
        raise ValidationError(
            _(
                "period_end: the data-access approval ends on %(day)s, before the period.",
                day=ar.expires_on.isoformat(),
            ),
            "period_end",
        )
    if not req.resource.restricted_data_ok:
        raise ValidationError(
            _("resource: this resource is not a secure environment for restricted data."),
            "needs_restricted_data",
        )


def _log(req: ComputeRequest, actor, status: str, note: str = "") -> None:
    entry = {
        "status": status,
        "at": utcnow().isoformat(timespec="seconds"),
        "by": getattr(actor, "name", None) or "system",
        "note": note[:500],
    }
    req.history = [*(req.history or []), entry]


def create_request(actor, res: ComputeResource, data: dict) -> ComputeRequest:
    """Start a draft request for a resource."""
    if not can_request(actor):
        raise PermissionDenied(_("Compute is requested for an organisation you belong to."))
    values = _clean(actor, data, partial=False)
    req = ComputeRequest(resource_id=res.id, requester_id=actor.id, status="draft", **values)
    req.resource = res
    _check(req)
    db.session.add(req)
    db.session.flush()
    _log(req, actor, "draft")
    record_event(actor, "compute_request.created", "compute_request", req.id, resource=res.id)
    return req


def update_request(actor, req: ComputeRequest, data: dict) -> ComputeRequest:
    """Change a draft (the requester)."""
    if not is_requester(actor, req):
        raise PermissionDenied(_("Only the requester edits the request."))
    if req.status != "draft":
        check_transition(TRANSITIONS, req.status, "draft", _("Compute request"))
    values = _clean(actor, data, partial=True)
    with db.session.no_autoflush:
        for k, v in values.items():
            setattr(req, k, v)
        _check(req)
    db.session.flush()
    record_event(actor, "compute_request.updated", "compute_request", req.id, fields=sorted(values))
    return req


def _deciders(req: ComputeRequest) -> list[int]:
    ids = staff_user_ids()
    if req.resource.provider_org_id:
        ids += org_user_ids(req.resource.provider_org_id)
    return list(dict.fromkeys(ids))


def _move(actor, req: ComputeRequest, status: str, note: str = "") -> ComputeRequest:
    req.status = status
    _log(req, actor, status, note)
    db.session.flush()
    record_event(actor, f"compute_request.{status}", "compute_request", req.id, note=note[:200])
    n, title = len(req.history), req.title
    targets = _deciders(req) if status == "submitted" else [req.requester_id]
    notify_in_locale(
        [t for t in targets if t],
        f"compute_request.{status}",
        lambda: _("Compute request “%(title)s”: %(status)s", title=title, status=status),
        link=f"/compute/requests/{req.id}",
        event_key=f"compute-request:{req.id}:{n}:{status}",
    )
    return req


def submit_request(actor, req: ComputeRequest) -> ComputeRequest:
    """Send the draft to the deciders (the data-access approval is checked now)."""
    if not is_requester(actor, req):
        raise PermissionDenied(_("Only the requester sends the request."))
    check_transition(TRANSITIONS, req.status, "submitted", _("Compute request"))
    check_approval(req)
    req.submitted_at = utcnow()
    return _move(actor, req, "submitted")


def decide_request(actor, req: ComputeRequest, action: str, data: dict) -> ComputeRequest:
    """Staff or provider: approve (allocation, conditions), reject (reason), activate, close,
    revoke (reason). The data-access approval is checked again before approving."""
    if not can_decide(actor, req):
        raise PermissionDenied(_("Only Region staff and the provider decide this request."))
    if action not in ACTIONS:
        raise ValidationError(
            _("action: must be one of %(actions)s.", actions=", ".join(ACTIONS)), "action"
        )
    target = ACTIONS[action]
    check_transition(TRANSITIONS, req.status, target, _("Compute request"))
    note = ""
    if action == "approve":
        check_approval(req)
        hours = validate.integer(data, "allocated_hours", lo=1, hi=10**8) or req.gpu_hours
        req.allocated_hours = hours
        req.conditions = validate.text(data, "conditions", max_len=5000)
        note = f"{hours} GPU-hours"
    elif action in ("reject", "revoke"):
        note = validate.text(data, "reason", required=True, max_len=5000)
        req.decision_reason = note
    if action in ("approve", "reject", "revoke"):
        req.decided_by_id, req.decided_at = actor.id, utcnow()
    return _move(actor, req, target, note)


def report_usage(actor, req: ComputeRequest, data: dict) -> ComputeUsage:
    """The provider (or staff) reports the GPU-hours used in a month of an active allocation."""
    if not can_decide(actor, req):
        raise PermissionDenied(_("Only Region staff and the provider report use."))
    if req.status != "active":
        raise Conflict(_("Use is reported only for an active allocation."), "status")
    period = validate.text(data, "period", required=True, max_len=7)
    try:
        year, month = (int(x) for x in period.split("-"))
        first = date(year, month, 1)
    except ValueError as exc:
        raise ValidationError(_("period: a month as YYYY-MM."), "period") from exc
    if first > req.period_end or (first.year, first.month) < (
        req.period_start.year,
        req.period_start.month,
    ):
        raise ValidationError(_("period: outside the allocation period."), "period")
    hours = validate.integer(data, "hours_used", lo=0, hi=10**8, required=True)
    row = next((u for u in req.usage if u.period == period), None)
    if row is None:
        row = ComputeUsage(request_id=req.id, period=period, hours_used=hours)
        req.usage.append(row)
    row.hours_used, row.reported_by_id = hours, actor.id
    db.session.flush()
    record_event(actor, "compute_request.usage", "compute_request", req.id, period=period)
    return row


def used_hours(req: ComputeRequest) -> int:
    """GPU-hours reported so far."""
    return sum(u.hours_used for u in req.usage)


def risk(req: ComputeRequest, today: date | None = None) -> str | None:
    """'nearly_used' when 90 % of the allocation is used; 'unused' when a month into an active
    allocation nothing has been used."""
    if req.status != "active" or not req.allocated_hours:
        return None
    used = used_hours(req)
    if used >= NEARLY_USED * req.allocated_hours:
        return "nearly_used"
    today = today or utcnow().date()
    if used == 0 and (today - req.period_start).days >= 30:
        return "unused"
    return None


def expire_requests(today: date | None = None) -> int:
    """Approved or active requests whose period has ended become expired (CLI)."""
    today = today or utcnow().date()
    due = list(
        db.session.execute(
            select(ComputeRequest).where(
                ComputeRequest.status.in_(("approved", "active")),
                ComputeRequest.period_end < today,
            )
        ).scalars()
    )
    for req in due:
        check_transition(TRANSITIONS, req.status, "expired", _("Compute request"))
        _move(None, req, "expired", f"period ended {req.period_end.isoformat()}")
    return len(due)


def list_requests(actor) -> tuple[list[ComputeRequest], list[ComputeRequest]]:
    """(mine: written by me or my organisations; to decide: sent to me as staff or provider)."""
    if not is_authenticated(actor):
        raise PermissionDenied(_("Log in first."))
    org_ids = [m.org_id for m in actor.memberships]
    mine = list(
        db.session.execute(
            select(ComputeRequest)
            .where(or_(ComputeRequest.requester_id == actor.id, ComputeRequest.org_id.in_(org_ids)))
            .order_by(ComputeRequest.id.desc())
        ).scalars()
    )
    q = select(ComputeRequest).where(ComputeRequest.status != "draft")
    if not is_staff(actor):
        q = q.join(ComputeResource, ComputeResource.id == ComputeRequest.resource_id).where(
            ComputeResource.provider_org_id.in_(org_ids)
        )
    return mine, list(db.session.execute(q.order_by(ComputeRequest.id.desc())).scalars())


def approvals_of(actor) -> list[AccessRequest]:
    """The actor's data-access approvals in force (to link from a compute request)."""
    if not is_authenticated(actor):
        return []
    return list(
        db.session.execute(
            select(AccessRequest).where(
                AccessRequest.requester_id == actor.id,
                AccessRequest.status == "approved",
                AccessRequest.expires_on >= utcnow().date(),
            )
        ).scalars()
    )
