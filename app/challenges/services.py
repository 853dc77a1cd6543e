"""Challenge services: read with visibility, search with facets, create / edit, views, stats."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from app.audit.services import record_event
from app.auth.permissions import is_authenticated, is_staff
from app.challenges.i18n import _
from app.challenges.models import (
    VISIBILITIES,
    Challenge,
    ChallengeInvitation,
    ChallengeQuestion,
    ChallengeResponse,
)
from app.challenges.permissions import (
    PUBLISHED,
    can_create_challenge,
    can_manage_challenge,
    can_see_challenge,
    can_see_stats,
    is_poster,
)
from app.challenges.search_docs import challenge_document  # noqa: F401  (registers the index)
from app.core import search, validate
from app.core.db import utcnow
from app.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from app.core.pagination import Page, paginate
from app.extensions import db
from app.orgs.models import AREAS, KINDS, Organisation

ROME = ZoneInfo("Europe/Rome")
DEADLINES = ("week", "month", "later", "passed")
EDITABLE_STATES = ("draft",)
FIELDS = (
    "title",
    "description",
    "expected_outcome",
    "area",
    "trl_required",
    "budget",
    "reward",
    "deadline",
    "visibility",
    "response_requirements",
)


def as_utc(value: datetime | None) -> datetime | None:
    """SQLite gives naive datetimes back: read them as UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def deadline_passed(challenge: Challenge, now: datetime | None = None) -> bool:
    """True once the deadline is over (a challenge without deadline never expires)."""
    return challenge.deadline is not None and as_utc(challenge.deadline) <= (now or utcnow())


def get_challenge(actor, challenge_id) -> Challenge:
    """A challenge the actor may see, else NotFound (never reveal that it exists)."""
    try:
        cid = int(challenge_id)
    except (TypeError, ValueError):
        raise NotFound(_("Challenge not found.")) from None
    challenge = db.session.get(Challenge, cid)
    if challenge is None or not can_see_challenge(actor, challenge):
        raise NotFound(_("Challenge not found."))
    return challenge


def parse_deadline(data: dict, field: str = "deadline") -> datetime | None:
    """A date (end of that day in Rome) or an ISO datetime; returned in UTC."""
    value = data.get(field)
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime.combine(value, time(23, 59, 59), tzinfo=ROME)
    elif isinstance(value, str):
        try:
            parsed = (
                datetime.combine(date.fromisoformat(value), time(23, 59, 59), tzinfo=ROME)
                if len(value.strip()) == 10
                else datetime.fromisoformat(value.strip())
            )
        except ValueError:
            raise ValidationError(
                _("%(field)s: must be a date as YYYY-MM-DD.", field=field), field
            ) from None
    else:
        raise ValidationError(_("%(field)s: must be a date as YYYY-MM-DD.", field=field), field)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=ROME)
    return parsed.astimezone(UTC)


def _clean(data: dict, partial: bool) -> dict:
    """Validate the editable fields present in data (title and description when creating)."""
    out: dict = {}

    def has(f):
        """Is the field to be validated (always when creating)."""
        return not partial or f in data

    if has("title"):
        out["title"] = validate.text(data, "title", required=True, max_len=200)
    if has("description"):
        out["description"] = validate.text(data, "description", required=True, max_len=10000)
    for f, n in (("expected_outcome", 5000), ("reward", 2000), ("response_requirements", 5000)):
        if f in data:
            out[f] = validate.text(data, f, max_len=n)
    if "area" in data:
        out["area"] = validate.choice(data, "area", AREAS)
    if "trl_required" in data:
        out["trl_required"] = validate.integer(data, "trl_required", lo=1, hi=9)
    if "budget" in data:
        out["budget"] = validate.money(data, "budget")
    if "visibility" in data:
        out["visibility"] = validate.choice(data, "visibility", VISIBILITIES, default="public")
    if "deadline" in data:
        out["deadline"] = parse_deadline(data)
        if out["deadline"] is not None and out["deadline"] <= utcnow():
            raise ValidationError(_("deadline: must be in the future."), "deadline")
    return out


def create_challenge(actor, data: dict) -> Challenge:
    """Draft a challenge for a company the actor owns (org_id; optional if they own one)."""
    if not can_create_challenge(actor):
        raise PermissionDenied(_("Only owners of a company can post challenges."))
    org_id = validate.integer(data, "org_id", lo=1)
    owned = [
        m.organisation
        for m in actor.memberships
        if m.role == "owner" and m.organisation.kind == "company"
    ]
    if org_id is None:
        if len(owned) != 1:
            raise ValidationError(
                _("org_id: choose the company that posts the challenge."), "org_id"
            )
        org = owned[0]
    else:
        org = next((o for o in owned if o.id == org_id), None)
        if org is None:
            raise ValidationError(_("org_id: you are not an owner of this company."), "org_id")
    values = _clean(data, partial=False)
    challenge = Challenge(
        org_id=org.id,
        created_by_id=actor.id,
        status="draft",
        expected_outcome="",
        reward="",
        response_requirements="",
        visibility="public",
        review_comment="",
        views=0,
    )
    for key, value in values.items():
        setattr(challenge, key, value)
    db.session.add(challenge)
    db.session.flush()
    record_event(actor, "challenge.created", "challenge", challenge.id, title=challenge.title)
    return challenge


def update_challenge(actor, challenge: Challenge, data: dict) -> Challenge:
    """Edit a draft (a returned challenge is a draft again); published ones are frozen."""
    if not can_manage_challenge(actor, challenge):
        raise PermissionDenied(_("Only the owners of the posting company may edit it."))
    values = _clean(data, partial=True)
    if challenge.status not in EDITABLE_STATES:
        raise Conflict(
            _("status: only a draft can be edited; this challenge is %(s)s.", s=challenge.status),
            "status",
        )
    for key, value in values.items():
        setattr(challenge, key, value)
    db.session.flush()
    record_event(actor, "challenge.updated", "challenge", challenge.id, fields=sorted(values))
    return challenge


def record_view(actor, challenge: Challenge) -> None:
    """Count a view by someone outside the posting company and staff."""
    if is_staff(actor) or is_poster(actor, challenge) or challenge.status not in PUBLISHED:
        return
    db.session.execute(
        update(Challenge).where(Challenge.id == challenge.id).values(views=Challenge.views + 1)
    )


def parse_search(args) -> dict:
    """Validate listing parameters (unknown values -> 422 naming the field)."""
    data = dict(args)
    return {
        "q": validate.text(data, "q", max_len=200),
        "area": validate.choice(data, "area", AREAS),
        "trl": validate.integer(data, "trl", lo=1, hi=9),
        "status": validate.choice(data, "status", PUBLISHED),
        "deadline": validate.choice(data, "deadline", DEADLINES),
        "page": validate.integer(data, "page", lo=1, hi=100000) or 1,
        "per_page": validate.integer(data, "per_page", lo=1, hi=100) or 20,
    }


def _visible(actor):
    """Published challenges the actor may see (registered-only ones need a login)."""
    q = select(Challenge).where(Challenge.status.in_(PUBLISHED))
    if not is_authenticated(actor):
        q = q.where(Challenge.visibility == "public")
    return q


def _filtered(actor, params: dict, skip: str | None = None):
    q = _visible(actor)
    q = search.restrict(q, Challenge.id, "challenge", params.get("q"))
    if params.get("area") and skip != "area":
        q = q.where(Challenge.area == params["area"])
    if params.get("trl") and skip != "trl":
        q = q.where(Challenge.trl_required == params["trl"])
    if params.get("status") and skip != "status":
        q = q.where(Challenge.status == params["status"])
    if params.get("deadline") and skip != "deadline":
        q = q.where(_deadline_clause(params["deadline"]))
    return q


def _deadline_clause(band: str):
    now = utcnow()
    week, month = now + timedelta(days=7), now + timedelta(days=30)
    return {
        "week": Challenge.deadline.between(now, week),
        "month": Challenge.deadline.between(now, month),
        "later": Challenge.deadline > month,
        "passed": Challenge.deadline < now,
    }[band]


def _facet(actor, params: dict, name: str, column) -> list[tuple[str, int]]:
    sub = _filtered(actor, params, skip=name).with_only_columns(Challenge.id).subquery()
    rows = db.session.execute(
        select(column, func.count())
        .where(Challenge.id.in_(select(sub.c.id)))
        .where(column.is_not(None))
        .group_by(column)
        .order_by(func.count().desc())
    ).all()
    return [(str(v), n) for v, n in rows]


def search_challenges(actor, params: dict) -> Page:
    """Published challenges the actor may see: text, facets, soonest deadline first."""
    q = search.by_relevance(_filtered(actor, params), Challenge.id, "challenge", params.get("q"))
    # The cards show the posting organisation: load them with the page, not one per card.
    q = q.order_by(
        (Challenge.status != "open"), Challenge.deadline.asc().nulls_last(), Challenge.id
    ).options(selectinload(Challenge.organisation))
    page = paginate(q, params.get("page", 1), params.get("per_page", 20))
    page.facets = {
        "area": _facet(actor, params, "area", Challenge.area),
        "trl": _facet(actor, params, "trl", Challenge.trl_required),
        "status": _facet(actor, params, "status", Challenge.status),
        "deadline": [
            (
                band,
                db.session.execute(
                    select(func.count()).select_from(
                        _filtered(actor, {**params, "deadline": band}).subquery()
                    )
                ).scalar_one(),
            )
            for band in DEADLINES
        ],
    }
    return page


def my_challenges(actor) -> list[Challenge]:
    """Challenges of the actor's organisations, in every state."""
    if not is_authenticated(actor):
        raise PermissionDenied(_("Log in first."))
    org_ids = [m.org_id for m in actor.memberships]
    return list(
        db.session.execute(
            select(Challenge)
            .where(Challenge.org_id.in_(org_ids))
            .order_by(Challenge.updated_at.desc())
        ).scalars()
    )


def moderation_queue(actor) -> list[Challenge]:
    """Challenges waiting for staff approval, oldest first."""
    if not is_staff(actor):
        raise PermissionDenied(_("Only region staff moderate challenges."))
    return list(
        db.session.execute(
            select(Challenge).where(Challenge.status == "submitted").order_by(Challenge.updated_at)
        ).scalars()
    )


def challenge_stats(actor, challenge: Challenge) -> dict:
    """Views, responses by kind of organisation and by status, questions, invitations."""
    if not can_see_stats(actor, challenge):
        raise PermissionDenied(_("Only the posting company and staff see the statistics."))
    by_kind = dict(
        db.session.execute(
            select(Organisation.kind, func.count())
            .join(ChallengeResponse, ChallengeResponse.org_id == Organisation.id)
            .where(ChallengeResponse.challenge_id == challenge.id)
            .group_by(Organisation.kind)
        ).all()
    )
    by_status = dict(
        db.session.execute(
            select(ChallengeResponse.status, func.count())
            .where(ChallengeResponse.challenge_id == challenge.id)
            .group_by(ChallengeResponse.status)
        ).all()
    )

    def count(model):
        """Rows of `model` for this challenge."""
        return db.session.execute(
            select(func.count(model.id)).where(model.challenge_id == challenge.id)
        ).scalar_one()

    return {
        "views": challenge.views,
        "responses": sum(by_kind.values()),
        "responses_by_kind": [{"kind": k, "count": by_kind.get(k, 0)} for k in KINDS],
        "responses_by_status": by_status,
        "questions": count(ChallengeQuestion),
        "invitations": count(ChallengeInvitation),
    }
