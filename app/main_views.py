"""Home page, API docs page, health check."""

from __future__ import annotations

import time

from flask import Blueprint, current_app, render_template
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from app.auth import permissions as auth_perms
from app.challenges import permissions as challenge_perms
from app.core import caches
from app.extensions import api, db
from app.notifications.models import Notification
from app.orgs import permissions as org_perms
from app.orgs.labels import AREA_LABELS, FIELD_LABELS, KIND_LABELS, SIZE_LABELS
from app.orgs.models import Organisation
from app.orgs.services import in_region
from app.partners.labels import SIGNAL_LABELS
from app.projects.models import FundedProject
from app.public import labels as public_labels
from app.public import menus

bp = Blueprint("main", __name__)


# The home page's figures change only with imports and registrations: they are counted at
# most once per HOME_TTL seconds per worker (a burst of visits counts once), not on each view.
HOME_TTL = 60.0
_home_counts: dict[str, tuple[float, dict]] = {}
caches.register(_home_counts.clear)


@event.listens_for(Session, "after_flush")
def _forget_home_counts(session: Session, _ctx) -> None:
    # An organisation or project written by this worker is shown at once on its home page.
    for obj in (*session.new, *session.deleted):
        if type(obj).__name__ in ("Organisation", "FundedProject"):
            _home_counts.clear()
            return


def _count_home() -> dict:
    counts = dict(
        db.session.execute(
            select(Organisation.kind, func.count()).where(in_region()).group_by(Organisation.kind)
        ).all()
    )
    elsewhere = db.session.execute(
        select(func.count(Organisation.id)).where(~in_region())
    ).scalar_one()
    by_programme = dict(
        db.session.execute(
            select(FundedProject.programme, func.count()).group_by(FundedProject.programme)
        ).all()
    )
    return {
        "counts": counts,
        "elsewhere": elsewhere,
        "projects": sum(by_programme.values()),
        "by_programme": by_programme,
    }


def home_counts() -> dict:
    """The home page's figures, counted at most once per HOME_TTL seconds."""
    key, now = str(db.engine.url), time.monotonic()
    hit = _home_counts.get(key)
    if hit is None or now - hit[0] >= HOME_TTL:
        hit = (now, _count_home())
        _home_counts[key] = hit
    return hit[1]


@bp.route("/")
def home():
    """Landing page with the ecosystem in numbers (each figure says what it counts)."""
    return render_template("home.html", **home_counts())


@bp.route("/api/docs")
def api_docs():
    """Browsable API documentation rendered from /api/openapi.json (no CDN)."""
    return render_template("api_docs.html", spec=api.spec.to_dict())


@bp.route("/healthz")
def healthz():
    """Liveness probe for the proxy."""
    db.session.execute(select(1))
    return {"status": "ok"}


@bp.route("/about/data")
def about_data():
    """Data sources, licences and attribution."""
    return render_template("about_data.html")


def _plain(labels: dict) -> dict:
    """Labels rendered in the current locale as plain (escaped) text."""
    return {k: str(v) for k, v in labels.items()}


@bp.app_context_processor
def _layout_context():
    """Navigation, locale and the unread-notification count for every template."""
    endpoints = set(current_app.view_functions)
    unread = 0
    if current_user.is_authenticated:
        unread = db.session.execute(
            select(func.count(Notification.id)).where(
                Notification.user_id == current_user.id, Notification.read_at.is_(None)
            )
        ).scalar_one()
    return {
        "nav_items": menus.nav_items(current_user, endpoints),
        "footer_items": menus.footer_items(endpoints),
        "endpoints": endpoints,
        "current_locale": lambda: str(get_locale() or "it"),
        "unread_count": unread,
        # Plain strings: a lazy label renders as markup, so "Micro (<10)" would break the page.
        "kind_labels": _plain(KIND_LABELS),
        "area_labels": _plain(AREA_LABELS),
        "size_labels": _plain(SIZE_LABELS),
        "field_labels": _plain(FIELD_LABELS),
        "signal_labels": _plain(SIGNAL_LABELS),
        "global_role_labels": public_labels.GLOBAL_ROLE_LABELS,
        "membership_role_labels": public_labels.MEMBERSHIP_ROLE_LABELS,
        "proposal_status_labels": public_labels.PROPOSAL_STATUS_LABELS,
        "perm": {
            "is_staff": auth_perms.is_staff,
            "is_admin": auth_perms.is_admin,
            "can_edit_org": org_perms.can_edit_org,
            "is_org_owner": org_perms.is_org_owner,
            "is_org_member": org_perms.is_org_member,
            "can_create_challenge": challenge_perms.can_create_challenge,
            "has_org": lambda user: bool(getattr(user, "memberships", None)),
        },
    }
