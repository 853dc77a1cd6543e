"""Access requests: the requester's stepper, the publisher's review, expiry and revocation.

States: draft -> submitted -> under_review -> approved / rejected / changes_requested;
changes_requested -> draft / submitted; approved -> expired / revoked.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from app.audit.services import record_event
from app.auth.permissions import is_authenticated
from app.core import validate
from app.core.db import utcnow
from app.core.errors import NotFound, PermissionDenied, ValidationError, check_transition
from app.core.states import move_state
from app.datasets import vocab
from app.datasets.duo import DuoResult, check_purpose
from app.datasets.models import AccessRequest, Dataset
from app.datasets.permissions import (
    can_request_access,
    can_review_request,
    can_view_request,
    is_requester,
)
from app.extensions import db
from app.notifications.services import notify_in_locale, org_user_ids
from app.orgs.models import Organisation

TRANSITIONS: dict[str, set[str]] = {
    "draft": {"submitted"},
    "submitted": {"under_review"},
    "under_review": {"approved", "rejected", "changes_requested"},
    "changes_requested": {"draft", "submitted"},
    "approved": {"expired", "revoked"},
    "rejected": set(),
    "expired": set(),
    "revoked": set(),
}
EDITABLE_STATES = ("draft", "changes_requested")
STEP_FIELDS = {
    1: ("org_id", "purpose"),
    2: ("research_question", "variables", "period_start", "period_end"),
    3: ("anonymised_ok", "legal_basis", "safeguards"),
    4: ("environment", "compute"),
}
# The decisions a publisher may take on a submitted request (its review opens on the way).
DECISIONS = ("approve", "reject", "changes")
REVIEW_ACTIONS = {
    "start": "under_review",
    "approve": "approved",
    "reject": "rejected",
    "changes": "changes_requested",
    "revoke": "revoked",
}


def get_request(actor, request_id) -> AccessRequest:
    """A request the actor may see (requester, publisher members, staff), or NotFound."""
    try:
        key = int(request_id)
        req = db.session.get(AccessRequest, key) if 0 < key <= 2**31 - 1 else None
    except (TypeError, ValueError):
        req = None
    if req is None or not can_view_request(actor, req):
        raise NotFound(_("Access request not found."))
    return req


def _org_kind(req: AccessRequest) -> str | None:

    org = db.session.get(Organisation, req.org_id) if req.org_id else None
    return org.kind if org else None


def precheck(req_or_dataset, purpose: str | None = None, org_kind: str | None = None) -> DuoResult:
    """DUO pre-check of a request (or of a dataset and a purpose)."""
    if isinstance(req_or_dataset, AccessRequest):
        return check_purpose(
            req_or_dataset.dataset.consent_codes, req_or_dataset.purpose, _org_kind(req_or_dataset)
        )
    return check_purpose(req_or_dataset.consent_codes, purpose or "", org_kind)


def precheck_for(actor, ds: Dataset, data: dict) -> DuoResult:
    """Validate a purpose (and optional organisation) and pre-check it against the dataset."""
    purpose = validate.choice(data, "purpose", tuple(vocab.PURPOSES), required=True)
    org_id = validate.integer(data, "org_id", lo=1)
    org = db.session.get(Organisation, org_id) if org_id else None
    if org_id and org is None:
        raise ValidationError(_("org_id: no such organisation."), "org_id")
    return check_purpose(ds.consent_codes, purpose, org.kind if org else None)


def _clean(actor, data: dict, fields: tuple[str, ...]) -> dict:
    out: dict = {}
    for f in fields:
        if f == "org_id":
            org_id = validate.integer(data, "org_id", lo=1)
            if org_id is not None and not any(m.org_id == org_id for m in actor.memberships):
                raise ValidationError(_("org_id: choose one of your organisations."), "org_id")
            out[f] = org_id
        elif f == "purpose":
            out[f] = validate.choice(data, "purpose", tuple(vocab.PURPOSES), required=True)
        elif f in ("research_question", "variables", "safeguards", "environment", "compute"):
            out[f] = validate.text(data, f, max_len=5000)
        elif f in ("period_start", "period_end"):
            out[f] = validate.a_date(data, f)
        elif f == "legal_basis":
            out[f] = validate.choice(data, f, tuple(vocab.LEGAL_BASES)) or ""
        elif f == "anonymised_ok":
            value = data.get(f, False)
            if value in (True, "1", "true", "y", "on", "yes"):
                out[f] = True
            elif value in (False, None, "", "0", "false", "n", "off", "no"):
                out[f] = False
            else:
                raise ValidationError(_("anonymised_ok: must be true or false."), f)
    return out


def _log(req: AccessRequest, actor, status: str, note: str = "") -> None:
    entry = {
        "status": status,
        "at": utcnow().isoformat(timespec="seconds"),
        "by": getattr(actor, "name", None) or "system",
        "by_id": getattr(actor, "id", None),  # so that the erasure finds it (personal_data.py)
        "note": note[:500],
    }
    req.history = [*(req.history or []), entry]


def _check_period(req: AccessRequest) -> None:
    if req.period_start and req.period_end and req.period_start > req.period_end:
        raise ValidationError(
            _("period_end: must be on or after the start of the period."), "period_end"
        )


def create_request(actor, ds: Dataset, data: dict) -> AccessRequest:
    """Start a draft request (step 1: organisation and purpose)."""
    if not is_authenticated(actor):
        raise PermissionDenied(_("Log in to request access."))
    if not can_request_access(actor, ds):
        raise PermissionDenied(
            _("Access requests are for restricted datasets of other organisations.")
        )
    values = _clean(actor, data, STEP_FIELDS[1])
    req = AccessRequest(
        dataset_id=ds.id, requester_id=actor.id, status="draft", history=[], **values
    )
    db.session.add(req)
    db.session.flush()
    _log(req, actor, "draft")
    record_event(actor, "access_request.created", "access_request", req.id, dataset=ds.id)
    return req


def update_request(actor, req: AccessRequest, data: dict, step: int | None = None) -> AccessRequest:
    """Save one step (or every field) of a draft or of a request sent back for changes."""
    if not is_requester(actor, req):
        raise PermissionDenied(_("Only the requester edits the request."))
    if req.status not in EDITABLE_STATES:
        check_transition(TRANSITIONS, req.status, "draft", "Access request")
    if step is not None and step not in STEP_FIELDS:
        raise ValidationError(_("step: must be 1 to 4."), "step")
    fields = (
        STEP_FIELDS[step]
        if step
        else tuple(f for s in STEP_FIELDS.values() for f in s if f in data)
    )
    values = _clean(actor, data, fields)
    for k, v in values.items():
        setattr(req, k, v)
    _check_period(req)
    if req.status == "changes_requested":
        check_transition(TRANSITIONS, req.status, "draft", "Access request")
        req.status = "draft"
        _log(req, actor, "draft", "edited after a request for changes")
    db.session.flush()
    record_event(
        actor,
        "access_request.updated",
        "access_request",
        req.id,
        dataset=req.dataset_id,
        fields=sorted(values),
    )
    return req


def _missing_for_submit(req: AccessRequest) -> ValidationError | None:
    for f in ("research_question", "variables", "legal_basis", "safeguards", "environment"):
        if not (getattr(req, f) or "").strip():
            return ValidationError(
                _("%(field)s: this field is required before sending.", field=f), f
            )
    if req.period_start is None or req.period_end is None:
        return ValidationError(
            _("period_start: give the period of use before sending."), "period_start"
        )
    return None


def submit_request(actor, req: AccessRequest) -> AccessRequest:
    """Send the request to the publisher, unless the DUO pre-check finds it incompatible."""
    if not is_requester(actor, req):
        raise PermissionDenied(_("Only the requester sends the request."))
    check_transition(TRANSITIONS, req.status, "submitted", "Access request")
    missing = _missing_for_submit(req)
    if missing:
        raise missing
    result = precheck(req)
    if not result.compatible:
        codes = ", ".join(c for c, _why in result.reasons)
        raise ValidationError(
            _(
                "purpose: not compatible with the dataset's consent codes "
                "(%(codes)s); change the purpose or ask the publisher.",
                codes=codes,
            ),
            "purpose",
        )
    return _move(actor, req, "submitted", "")


def _move(actor, req: AccessRequest, status: str, note: str) -> AccessRequest:
    move_state(req, status)  # exactly one of concurrent submits/decisions wins (else 409)
    if status == "submitted":
        req.submitted_at = utcnow()
    _log(req, actor, status, note)
    db.session.flush()
    record_event(
        actor,
        f"access_request.{status}",
        "access_request",
        req.id,
        dataset=req.dataset_id,
        note=note[:200],
    )
    n = len(req.history)
    ds = req.dataset
    link = f"/access-requests/{req.id}"
    if status == "submitted":
        notify_in_locale(
            org_user_ids(ds.publisher_org_id),
            "access_request.submitted",
            lambda: _("New access request for %(dataset)s", dataset=ds.identifier),
            link=link,
            event_key=f"access-request:{req.id}:{n}:{status}",
        )
    elif req.requester_id:
        notify_in_locale(
            [req.requester_id],
            f"access_request.{status}",
            lambda: _(
                "Access request for %(dataset)s: %(status)s",
                dataset=ds.identifier,
                status=str(vocab.REQUEST_STATUS_LABELS.get(status, status)),
            ),
            link=link,
            event_key=f"access-request:{req.id}:{n}:{status}",
        )
    return req


def review_request(actor, req: AccessRequest, action: str, data: dict) -> AccessRequest:
    """Publisher decisions: start review, approve (conditions + expiry), ask for changes,
    reject (reasons), revoke an approval."""
    if not can_review_request(actor, req):
        raise PermissionDenied(_("Only the publisher's members review this request."))
    if action not in REVIEW_ACTIONS:
        raise ValidationError(
            _("action: must be one of %(actions)s.", actions=", ".join(REVIEW_ACTIONS)), "action"
        )
    target = REVIEW_ACTIONS[action]
    # A decision on a request nobody has opened yet opens its review first (the publisher's
    # "Approve" on a new request is not a conflict); the data is checked before anything moves.
    opens_review = req.status == "submitted" and action in DECISIONS
    check_transition(
        TRANSITIONS, "under_review" if opens_review else req.status, target, "Access request"
    )
    note = ""
    if action == "approve":
        conditions = validate.text(data, "conditions", max_len=5000)
        expires = validate.a_date(data, "expires_on", required=True)
        if expires <= utcnow().date():
            raise ValidationError(_("expires_on: must be a future date."), "expires_on")
        note = f"until {expires.isoformat()}"
    elif action in ("reject", "changes", "revoke"):
        note = validate.text(data, "reason", required=True, max_len=5000)
    if opens_review:
        _move(actor, req, "under_review", "")
    if action == "approve":
        req.conditions, req.expires_on = conditions, expires
    elif action in ("reject", "changes", "revoke"):
        req.decision_reason = note
    if action in ("approve", "reject", "revoke"):
        req.decided_by_id, req.decided_at = actor.id, utcnow()
    return _move(actor, req, target, note)


def expire_approvals(today: date | None = None) -> int:
    """Mark approvals whose expiry date has passed as expired (CLI); returns how many."""
    today = today or utcnow().date()
    due = list(
        db.session.execute(
            select(AccessRequest).where(
                AccessRequest.status == "approved", AccessRequest.expires_on < today
            )
        ).scalars()
    )
    for req in due:
        check_transition(TRANSITIONS, req.status, "expired", "Access request")
        _move(None, req, "expired", f"expiry date {req.expires_on.isoformat()} passed")
    return len(due)


def active_approval(user, ds: Dataset) -> AccessRequest | None:
    """The user's approval for the dataset that is in force today, if any."""
    if not is_authenticated(user):
        return None
    today = utcnow().date()
    return db.session.execute(
        select(AccessRequest)
        .where(
            AccessRequest.dataset_id == ds.id,
            AccessRequest.requester_id == user.id,
            AccessRequest.status == "approved",
            AccessRequest.expires_on >= today,
        )
        .order_by(AccessRequest.expires_on.desc())
        .limit(1)
    ).scalar_one_or_none()


def my_requests(actor) -> list[AccessRequest]:
    """Requests written by the actor, newest first."""
    if not is_authenticated(actor):
        raise PermissionDenied(_("Log in first."))
    return list(
        db.session.execute(
            select(AccessRequest)
            .where(AccessRequest.requester_id == actor.id)
            .order_by(AccessRequest.id.desc())
        ).scalars()
    )


def incoming_requests(actor) -> list[AccessRequest]:
    """Sent requests for datasets of the actor's organisations, newest first."""
    if not is_authenticated(actor):
        raise PermissionDenied(_("Log in first."))
    org_ids = [m.org_id for m in actor.memberships]
    if not org_ids:
        return []
    return list(
        db.session.execute(
            select(AccessRequest)
            .join(Dataset, Dataset.id == AccessRequest.dataset_id)
            .where(Dataset.publisher_org_id.in_(org_ids), AccessRequest.status != "draft")
            .order_by(AccessRequest.id.desc())
        ).scalars()
    )


def my_requests_for(actor, ds: Dataset) -> list[AccessRequest]:
    """The actor's own requests for one dataset (empty when logged out)."""
    if not is_authenticated(actor):
        return []
    return list(
        db.session.execute(
            select(AccessRequest)
            .where(AccessRequest.dataset_id == ds.id, AccessRequest.requester_id == actor.id)
            .order_by(AccessRequest.id.desc())
        ).scalars()
    )
