"""The catalogue of computing resources, kept by Region staff."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from app.audit.services import record_event
from app.compute import labels
from app.compute.models import ComputeResource
from app.compute.permissions import can_manage_resources
from app.core import validate
from app.core.errors import NotFound, PermissionDenied, ValidationError
from app.extensions import db
from app.orgs.models import Organisation

LIST_FIELDS = {
    "eligibility": labels.ELIGIBILITY,
    "purposes": labels.PURPOSES,
    "certifications": labels.CERTIFICATIONS,
}


def a_bool(data: dict, field: str) -> bool:
    """A true/false field from a form or JSON (raises naming the field)."""
    value = data.get(field, False)
    if value in (True, "1", "true", "y", "on", "yes"):
        return True
    if value in (False, None, "", "0", "false", "n", "off", "no"):
        return False
    raise ValidationError(_("%(field)s: must be true or false.", field=field), field)


def _clean(data: dict, partial: bool) -> dict:
    out: dict = {}

    def want(f: str) -> bool:
        return not partial or f in data

    if want("name"):
        out["name"] = validate.text(data, "name", required=True, max_len=200)
    for f, n in (("provider_name", 200), ("cost", 200)):
        if want(f):
            out[f] = validate.text(data, f, max_len=n)
    for f in ("description", "access_conditions"):
        if want(f):
            out[f] = validate.text(data, f, max_len=10000)
    if want("kind"):
        out["kind"] = validate.choice(data, "kind", tuple(labels.KINDS), required=True)
    if want("location"):
        out["location"] = validate.choice(data, "location", tuple(labels.LOCATIONS), required=True)
    if want("gpu_hours_per_quarter"):
        out["gpu_hours_per_quarter"] = validate.integer(
            data, "gpu_hours_per_quarter", lo=0, hi=10**9, required=True
        )
    for f, choices in LIST_FIELDS.items():
        if want(f):
            out[f] = validate.string_list(data, f, choices=tuple(choices))
    for f in ("restricted_data_ok", "active"):
        if f in data or (not partial and f == "active"):
            out[f] = a_bool(data, f) if f in data else True
    if want("provider_org_id"):
        org_id = validate.integer(data, "provider_org_id", lo=1)
        if org_id is not None and db.session.get(Organisation, org_id) is None:
            raise ValidationError(_("provider_org_id: no such organisation."), "provider_org_id")
        out["provider_org_id"] = org_id
    return out


def create_resource(actor, data: dict) -> ComputeResource:
    """Add a resource to the catalogue (staff)."""
    if not can_manage_resources(actor):
        raise PermissionDenied(_("Only Region staff manage the compute catalogue."))
    res = ComputeResource(**_clean(data, partial=False))
    if not res.provider_org_id and not res.provider_name:
        raise ValidationError(_("provider_name: name the provider."), "provider_name")
    db.session.add(res)
    db.session.flush()
    record_event(actor, "compute_resource.created", "compute_resource", res.id)
    return res


def update_resource(actor, res: ComputeResource, data: dict) -> ComputeResource:
    """Change a resource (staff)."""
    if not can_manage_resources(actor):
        raise PermissionDenied(_("Only Region staff manage the compute catalogue."))
    values = _clean(data, partial=True)
    for k, v in values.items():
        setattr(res, k, v)
    db.session.flush()
    record_event(
        actor, "compute_resource.updated", "compute_resource", res.id, fields=sorted(values)
    )
    return res


def get_resource(resource_id, include_inactive: bool = False) -> ComputeResource:
    """A resource of the catalogue, or NotFound."""
    try:
        res = db.session.get(ComputeResource, int(resource_id))
    except (TypeError, ValueError):
        res = None
    if res is None or (not res.active and not include_inactive):
        raise NotFound(_("Computing resource not found."))
    return res


def list_resources(args) -> list[ComputeResource]:
    """Active resources, filtered by kind, location, and whether restricted data may be used."""
    q = select(ComputeResource).where(ComputeResource.active.is_(True))
    if args.get("kind") in labels.KINDS:
        q = q.where(ComputeResource.kind == args["kind"])
    if args.get("location") in labels.LOCATIONS:
        q = q.where(ComputeResource.location == args["location"])
    if str(args.get("restricted_data_ok", "")).lower() in ("1", "true", "yes"):
        q = q.where(ComputeResource.restricted_data_ok.is_(True))
    return list(db.session.execute(q.order_by(ComputeResource.name)).scalars())


def provider_label(res: ComputeResource) -> str:
    """The provider's organisation name, or the free-text provider name."""
    return res.provider.name if res.provider else res.provider_name
