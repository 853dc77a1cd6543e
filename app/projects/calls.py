"""Funding calls: create, edit, list."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import func, select

from app.audit.services import record_event
from app.core import validate
from app.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from app.core.inputs import as_id
from app.extensions import db
from app.orgs.models import AREAS, KINDS
from app.projects.models import FundedProject, FundingCall
from app.projects.permissions import can_manage_calls
from app.projects.validation import MONEY_LIMIT


def get_call(call_id) -> FundingCall:
    """A funding call by id, or NotFound."""
    ident = as_id(call_id)
    call = db.session.get(FundingCall, ident) if ident else None
    if call is None:
        raise NotFound(_("Funding call not found."))
    return call


def list_calls(include_external: bool = True) -> list[FundingCall]:
    """Every call, newest first (optionally without imported ones)."""
    q = select(FundingCall).order_by(FundingCall.opens_on.desc().nulls_last(), FundingCall.id)
    if not include_external:
        q = q.where(FundingCall.source != "cordis")
    return list(db.session.execute(q).scalars())


def call_granted(call: FundingCall) -> Decimal:
    """Sum of the grants of the projects funded under the call."""
    total = db.session.execute(
        select(func.coalesce(func.sum(FundedProject.grant_amount), 0)).where(
            FundedProject.call_id == call.id
        )
    ).scalar_one()
    return Decimal(str(total))


def _clean(data: dict) -> dict:
    out = {
        "programme": validate.text(data, "programme", required=True, max_len=120),
        "code": validate.text(data, "code", required=True, max_len=64),
        "title": validate.text(data, "title", required=True, max_len=255),
        "description": validate.text(data, "description", max_len=10000),
        "budget": validate.money(data, "budget", limit=MONEY_LIMIT),
        "opens_on": validate.a_date(data, "opens_on"),
        "closes_on": validate.a_date(data, "closes_on"),
        "eligible_kinds": validate.string_list(data, "eligible_kinds", choices=KINDS),
        "areas": validate.string_list(data, "areas", choices=AREAS),
    }
    if out["opens_on"] and out["closes_on"] and out["closes_on"] < out["opens_on"]:
        raise ValidationError(_("closes_on: the call cannot close before it opens."), "closes_on")
    return out


def create_call(actor, data: dict) -> FundingCall:
    """Staff open a new funding call."""
    if not can_manage_calls(actor):
        raise PermissionDenied(_("Only region staff create funding calls."))
    values = _clean(data)
    if db.session.execute(select(FundingCall.id).where(FundingCall.code == values["code"])).first():
        raise Conflict(_("code: another call already uses this code."), "code")
    call = FundingCall(source="portal", **values)
    db.session.add(call)
    db.session.flush()
    record_event(actor, "call.created", "funding_call", call.id, code=call.code)
    return call


def update_call(actor, call: FundingCall, data: dict) -> FundingCall:
    """Staff edit a call; the budget cannot drop below what is already granted."""
    if not can_manage_calls(actor):
        raise PermissionDenied(_("Only region staff edit funding calls."))
    values = _clean({**_as_dict(call), **data})
    other = db.session.execute(
        select(FundingCall.id).where(FundingCall.code == values["code"], FundingCall.id != call.id)
    ).first()
    if other:
        raise Conflict(_("code: another call already uses this code."), "code")
    if values["budget"] is not None and values["budget"] < call_granted(call):
        raise ValidationError(
            _("budget: lower than the grants already awarded under this call."), "budget"
        )
    for k, v in values.items():
        setattr(call, k, v)
    db.session.flush()
    record_event(actor, "call.updated", "funding_call", call.id, fields=sorted(data))
    return call


def _as_dict(call: FundingCall) -> dict:
    return {
        "programme": call.programme,
        "code": call.code,
        "title": call.title,
        "description": call.description,
        "budget": call.budget,
        "opens_on": call.opens_on,
        "closes_on": call.closes_on,
        "eligible_kinds": list(call.eligible_kinds or []),
        "areas": list(call.areas or []),
    }
