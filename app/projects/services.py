"""Funded projects: create, edit, status, public search and the project view."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import String, cast, select
from sqlalchemy.orm import selectinload

from app.audit.services import record_event
from app.core import search, validate
from app.core.errors import NotFound, PermissionDenied, ValidationError, check_transition
from app.core.inputs import as_id
from app.core.pagination import Page, paginate
from app.extensions import db
from app.orgs.models import AREAS, Organisation
from app.projects.calls import get_call
from app.projects.models import (
    PROJECT_STATUSES,
    FundedProject,
    FundingCall,
    Milestone,
    ProjectPartner,
)
from app.projects.permissions import can_manage_calls
from app.projects.search_docs import project_document  # noqa: F401  (registers the index)
from app.projects.validation import MONEY_LIMIT
from app.public.formatting import format_day, format_eur

ROLES = ("coordinator", "participant", "third_party", "associated")
# Project state machine: what may follow what (completed and terminated are final).
PROJECT_TRANSITIONS: dict[str, set[str]] = {
    "planned": {"active", "terminated"},
    "active": {"suspended", "completed", "terminated"},
    "suspended": {"active", "terminated"},
    "completed": set(),
    "terminated": set(),
}
SORTS = ("relevance", "newest", "acronym", "grant")


def get_project(project_id) -> FundedProject:
    """A project by id, or NotFound."""
    ident = as_id(project_id)
    project = db.session.get(FundedProject, ident) if ident else None
    if project is None:
        raise NotFound(_("Project not found."))
    return project


def find_org(ref, field: str) -> Organisation:
    """An organisation by id or slug, or a ValidationError naming the field."""
    org = None
    if isinstance(ref, int) or (isinstance(ref, str) and ref.strip().isdigit()):
        ident = as_id(ref)
        org = db.session.get(Organisation, ident) if ident else None
    elif isinstance(ref, str) and ref.strip():
        org = db.session.execute(
            select(Organisation).where(Organisation.slug == ref.strip())
        ).scalar_one_or_none()
    if org is None:
        raise ValidationError(
            _("%(field)s: no organisation '%(ref)s'.", field=field, ref=ref), field
        )
    return org


def _clean_partners(data: dict, lead: Organisation) -> list[dict]:
    raw = data.get("partners") or []
    if not isinstance(raw, list):
        raise ValidationError(_("partners: must be a list."), "partners")
    out, seen = [], set()
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            raise ValidationError(_("partners: each partner must be an object."), "partners")
        if item.get("org") in (None, "") and item.get("org_id") in (None, ""):
            continue
        org = find_org(item.get("org_id") or item.get("org"), "partners")
        if org.id in seen:
            raise ValidationError(_("partners: %(org)s is listed twice.", org=org.name), "partners")
        seen.add(org.id)
        role = item.get("role") or ("coordinator" if org.id == lead.id else "participant")
        if role not in ROLES:
            raise ValidationError(
                _(
                    "partners: role '%(role)s' is not one of %(roles)s.",
                    role=role,
                    roles=", ".join(ROLES),
                ),
                "partners",
            )
        cost = validate.parse_money(item.get("cost_share"), "partners", limit=MONEY_LIMIT)
        grant = validate.parse_money(item.get("grant_amount"), "partners", limit=MONEY_LIMIT)
        if cost is not None and grant is not None and grant > cost:
            raise ValidationError(
                _("partners: the grant of %(org)s exceeds its cost.", org=org.name), "partners"
            )
        out.append({"org": org, "role": role, "cost_share": cost, "grant_amount": grant, "i": i})
    if lead.id not in seen:
        out.insert(
            0, {"org": lead, "role": "coordinator", "cost_share": None, "grant_amount": None}
        )
    return out


def _clean_milestones(data: dict) -> list[dict]:
    raw = data.get("milestones") or []
    if not isinstance(raw, list):
        raise ValidationError(_("milestones: must be a list."), "milestones")
    out = []
    for item in raw:
        if not isinstance(item, dict) or not (item.get("title") or "").strip():
            continue
        title = validate.text(item, "title", max_len=255)
        due = validate.a_date({"milestones": item.get("due_date")}, "milestones", required=True)
        deliverable = validate.text(
            {"milestones": item.get("deliverable")}, "milestones", max_len=2000
        )
        out.append({"title": title, "due_date": due, "deliverable": deliverable})
    return out


def _check_shares(values: dict, partners: list[dict]) -> None:
    """Partner cost / grant shares may not add up to more than 100 % of the project's."""
    checks = (("cost_share", "total_cost", "cost"), ("grant_amount", "grant_amount", "grant"))
    for pkey, vkey, what in checks:
        parts = [p[pkey] for p in partners if p[pkey] is not None]
        whole = values[vkey]
        if parts and whole is not None:
            total = sum(parts, Decimal(0))
            if total > whole:
                share = round(total * 100 / whole) if whole else "∞"
                if what == "cost":
                    msg = _(
                        "partners: the partners' cost shares add up to %(share)s%% of the "
                        "project's cost (at most 100%%).",
                        share=share,
                    )
                else:
                    msg = _(
                        "partners: the partners' grant shares add up to %(share)s%% of the "
                        "project's grant (at most 100%%).",
                        share=share,
                    )
                raise ValidationError(msg, "partners")


def clean_project(data: dict, project: FundedProject | None = None) -> dict:
    """Validate project fields; raise ValidationError naming the first wrong field."""
    values = {
        "acronym": validate.text(data, "acronym", required=True, max_len=64),
        "title": validate.text(data, "title", required=True, max_len=255),
        "abstract": validate.text(data, "abstract", max_len=20000),
        "total_cost": validate.money(data, "total_cost", required=True, limit=MONEY_LIMIT),
        "grant_amount": validate.money(data, "grant_amount", required=True, limit=MONEY_LIMIT),
        "start_date": validate.a_date(data, "start_date", required=True),
        "end_date": validate.a_date(data, "end_date", required=True),
        "areas": validate.string_list(data, "areas", choices=AREAS),
        "status": validate.choice(data, "status", PROJECT_STATUSES, default="active"),
    }
    call = get_call(data.get("call_id")) if data.get("call_id") not in (None, "") else None
    if call is None:
        raise ValidationError(_("call_id: choose the funding call."), "call_id")
    values["call"] = call
    if values["end_date"] <= values["start_date"]:
        raise ValidationError(_("end_date: the project must end after it starts."), "end_date")
    if values["grant_amount"] > values["total_cost"]:
        raise ValidationError(
            _("grant_amount: the regional grant cannot exceed the total cost."), "grant_amount"
        )
    if call.budget is not None:
        others = sum(
            (
                p.grant_amount or 0
                for p in db.session.execute(
                    select(FundedProject).where(FundedProject.call_id == call.id)
                ).scalars()
                if project is None or p.id != project.id
            ),
            Decimal(0),
        )
        if others + values["grant_amount"] > call.budget:
            raise ValidationError(
                _(
                    "grant_amount: the call's budget (%(budget)s) would be exceeded; "
                    "%(left)s are left.",
                    budget=format_eur(call.budget),
                    left=format_eur(call.budget - others),
                ),
                "grant_amount",
            )
    values["lead"] = find_org(data.get("lead_org_id") or data.get("lead"), "lead")
    values["partners"] = _clean_partners(data, values["lead"])
    _check_shares(values, values["partners"])
    values["milestones"] = _clean_milestones(data)
    for m in values["milestones"]:
        if not values["start_date"] <= m["due_date"] <= values["end_date"]:
            raise ValidationError(
                _(
                    "milestones: '%(title)s' is due on %(due)s, outside the project "
                    "(%(start)s – %(end)s).",
                    title=m["title"],
                    due=format_day(m["due_date"]),
                    start=format_day(values["start_date"]),
                    end=format_day(values["end_date"]),
                ),
                "milestones",
            )
    return values


def create_project(actor, data: dict) -> FundedProject:
    """Staff record a project funded under a call, with partners and planned milestones."""
    if not can_manage_calls(actor):
        raise PermissionDenied(_("Only region staff record funded projects."))
    v = clean_project(data)
    project = FundedProject(
        call_id=v["call"].id,
        acronym=v["acronym"],
        title=v["title"],
        abstract=v["abstract"],
        lead_org_id=v["lead"].id,
        total_cost=v["total_cost"],
        grant_amount=v["grant_amount"],
        start_date=v["start_date"],
        end_date=v["end_date"],
        areas=v["areas"],
        status=v["status"],
        source="portal",
        is_demo=bool(data.get("is_demo")),
    )
    for p in v["partners"]:
        project.partners.append(
            ProjectPartner(
                org_id=p["org"].id,
                role=p["role"],
                cost_share=p["cost_share"],
                grant_amount=p["grant_amount"],
            )
        )
    for m in v["milestones"]:
        project.milestones.append(Milestone(**m))
    db.session.add(project)
    db.session.flush()
    record_event(
        actor,
        "project.created",
        "funded_project",
        project.id,
        acronym=project.acronym,
        grant=str(project.grant_amount),
    )
    return project


def set_status(actor, project: FundedProject, status: str, reason: str = "") -> FundedProject:
    """Staff move a project through its life cycle (illegal moves -> 409)."""
    if not can_manage_calls(actor):
        raise PermissionDenied(_("Only region staff change a project's status."))
    validate.choice({"status": status}, "status", PROJECT_STATUSES, required=True)
    check_transition(PROJECT_TRANSITIONS, project.status, status, "Project")
    old, project.status = project.status, status
    db.session.flush()
    record_event(
        actor,
        "project.status",
        "funded_project",
        project.id,
        old=old,
        new=status,
        reason=reason[:500],
    )
    return project


def parse_search(args) -> dict:
    """Validate the public list parameters (unknown values -> 422)."""
    data = dict(args)
    call = validate.integer(data, "call", lo=1)
    return {
        "q": validate.text(data, "q", max_len=200),
        "call": call,
        "area": validate.choice(data, "area", AREAS),
        "status": validate.choice(data, "status", PROJECT_STATUSES),
        "programme": validate.text(data, "programme", max_len=120) or None,
        # With words to look for, the best matches come first unless another order is asked.
        "sort": validate.choice(
            data, "sort", SORTS, default="relevance" if (data.get("q") or "").strip() else "newest"
        ),
        "page": validate.integer(data, "page", lo=1, hi=100000) or 1,
        "per_page": validate.integer(data, "per_page", lo=1, hi=100) or 20,
    }


def search_projects(params: dict) -> Page:
    """Public list: text (acronym, title, abstract, partner names), call, area, status."""
    q = select(FundedProject).options(
        selectinload(FundedProject.lead), selectinload(FundedProject.call)
    )
    # Full-text index (app.core.search): acronym, title, abstract, partner names, areas.
    q = search.restrict(q, FundedProject.id, "project", params.get("q"))
    if params.get("call"):
        q = q.where(FundedProject.call_id == params["call"])
    if params.get("programme"):
        q = q.where(
            FundedProject.call_id.in_(
                select(FundingCall.id).where(FundingCall.programme == params["programme"])
            )
        )
    if params.get("area"):
        q = q.where(cast(FundedProject.areas, String).like(f'%"{params["area"]}"%'))
    if params.get("status"):
        q = q.where(FundedProject.status == params["status"])
    order = {
        "newest": (FundedProject.start_date.desc().nulls_last(),),
        "acronym": (FundedProject.acronym.asc(),),
        "grant": (FundedProject.grant_amount.desc().nulls_last(),),
    }
    if params.get("sort") == "relevance":
        q = search.by_relevance(q, FundedProject.id, "project", params.get("q"))
    q = q.order_by(*order.get(params.get("sort"), order["newest"]), FundedProject.id)
    return paginate(q, params.get("page", 1), params.get("per_page", 20))
