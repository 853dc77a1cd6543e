"""Opening distributions (audited for restricted data) and the publishers' audit trail."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import and_, or_, select

from app.audit.models import AuditEvent
from app.audit.services import record_event
from app.auth.models import User
from app.auth.permissions import is_authenticated
from app.core.errors import NotFound, PermissionDenied
from app.datasets.access import active_approval
from app.datasets.models import AccessRequest, Dataset, Distribution
from app.datasets.permissions import can_see_audit, hides_urls
from app.datasets.services import stored_path
from app.extensions import db


def access_path(dist: Distribution) -> str:
    """The portal's own endpoint that opens a distribution (checks rights, audits)."""
    return f"/datasets/{dist.dataset_id}/distributions/{dist.id}/access"


def public_url(dist: Distribution) -> str | None:
    """The URL that may be shown to anyone: only for public datasets."""
    if hides_urls(dist.dataset):
        return None
    if dist.stored_name:
        return access_path(dist)
    return dist.download_url or dist.access_url


def open_distribution(actor, ds: Dataset, dist: Distribution) -> tuple[str, str]:
    """What to answer: ("url", address) to redirect to or ("file", path) to serve.
    Restricted data: only with an active approval, and every opening is audited."""
    if dist.dataset_id != ds.id:
        raise NotFound(_("Distribution not found."))
    if hides_urls(ds):
        if not is_authenticated(actor):
            raise PermissionDenied(_("Log in and request access to open restricted data."))
        approval = active_approval(actor, ds)
        if approval is None:
            # Kept although the answer is a 403 (durable: its own transaction).
            record_event(
                actor,
                "distribution.access_denied",
                "dataset",
                ds.id,
                durable=True,
                distribution=dist.id,
            )
            raise PermissionDenied(
                _("You need an approved, unexpired access request to open this distribution.")
            )
        record_event(
            actor,
            "distribution.downloaded",
            "dataset",
            ds.id,
            distribution=dist.id,
            request=approval.id,
        )
    if dist.stored_name:
        path = stored_path(dist)
        if not path.is_file():
            raise NotFound(_("Distribution not found."))
        return "file", str(path)
    return "url", dist.download_url or dist.access_url


def dataset_audit(actor, ds: Dataset, limit: int = 500) -> list[tuple[AuditEvent, str | None]]:
    """Audit events of a dataset and of its access requests, with the actor's name."""
    if not can_see_audit(actor, ds):
        raise PermissionDenied(_("Only the publisher's members and staff see the audit trail."))
    req_ids = [
        str(i)
        for i in db.session.execute(
            select(AccessRequest.id).where(AccessRequest.dataset_id == ds.id)
        ).scalars()
    ]
    cond = and_(AuditEvent.target_type == "dataset", AuditEvent.target_id == str(ds.id))
    if req_ids:
        cond = or_(
            cond,
            and_(AuditEvent.target_type == "access_request", AuditEvent.target_id.in_(req_ids)),
        )
    rows = db.session.execute(
        select(AuditEvent, User.name)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .where(cond)
        .order_by(AuditEvent.id.desc())
        .limit(limit)
    ).all()
    return [(e, name) for e, name in rows]
