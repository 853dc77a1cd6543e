"""What each role sees of a project: public facts for everyone, money per partner and reports
only for the project's members and staff."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.auth.permissions import is_staff
from app.projects.dashboard import partner_amounts
from app.projects.models import FundedProject
from app.projects.monitoring import project_health
from app.projects.permissions import can_report, can_see_restricted

CORDIS_ATTRIBUTION = "© European Union, CORDIS, CC BY 4.0"


ROLE_ORDER = {"coordinator": 0, "participant": 1, "associated": 2, "third_party": 3}


def _ordered(project: FundedProject) -> list:
    """Partners in CORDIS order (coordinator first), then by role and name."""
    return sorted(
        project.partners,
        key=lambda pp: (
            pp.position if pp.position is not None else 10_000,
            ROLE_ORDER.get(pp.role, 9),
            pp.organisation.name,
        ),
    )


def _cordis_facts(project: FundedProject) -> dict:
    """The CORDIS fields of an imported project (empty ones stay empty: never made up)."""
    return {
        "programme": {"H2020": "Horizon 2020", "HORIZON": "Horizon Europe"}.get(
            project.programme or "", project.call.programme
        ),
        "has_text": project.has_text,
        "grant_id": project.grant_id,
        "keywords": list(project.keywords or []),
        "euroscivoc": list(project.euroscivoc or []),
        "topic_code": project.topic_code,
        "topic_title": project.topic_title,
        "call_code": project.call_code,
        "funding_scheme": project.funding_scheme,
        "programme_title": project.programme_title,
        "legal_basis": project.legal_basis,
    }


def project_view(actor, project: FundedProject, today: date | None = None) -> dict:
    """The project as the actor may see it (one service for the page and the API)."""
    restricted = can_see_restricted(actor, project)
    view = {
        "project": project,
        "id": project.id,
        "acronym": project.acronym,
        "title": project.title,
        "abstract": project.abstract or "",
        "call": {
            "id": project.call.id,
            "code": project.call.code,
            "programme": project.call.programme,
            "title": project.call.title,
        },
        "lead": project.lead,
        "status": project.status,
        "start_date": project.start_date,
        "end_date": project.end_date,
        # CORDIS leaves the total cost out of many records (read as 0): unknown, not 0 €.
        "total_cost": None
        if project.source == "cordis" and not project.total_cost
        else project.total_cost,
        "grant_amount": project.grant_amount,
        "areas": list(project.areas or []),
        "source": project.source,
        "external_url": project.external_url,
        "attribution": CORDIS_ATTRIBUTION if project.source == "cordis" else None,
        "partners": [
            {
                "org": pp.organisation,
                "role": pp.role,
                "position": pp.position,
                "department": pp.department,
                # CORDIS publishes each partner's EU contribution: public for imported projects.
                "grant_amount": pp.grant_amount if project.source == "cordis" else None,
            }
            for pp in _ordered(project)
        ],
        "cordis": _cordis_facts(project) if project.source == "cordis" else None,
        "milestones": list(project.milestones),
        "outputs": list(project.outputs),
        "restricted": restricted,
        "can_report": can_report(actor, project),
        "can_manage": is_staff(actor),
    }
    if restricted:
        health = project_health(project, today)
        view["health"] = health
        view["partner_finance"] = [
            {
                "org": pp.organisation,
                "role": pp.role,
                "cost_share": pp.cost_share,
                "grant_amount": pp.grant_amount,
                "granted": granted,
                "spent": spent,
            }
            for pp, granted, spent in partner_amounts(project)
        ]
        view["reports"] = list(project.reports)
    return view


def view_json(view: dict) -> dict:
    """The project view as JSON: restricted keys are absent for the public."""

    def num(v):
        return None if v is None else float(v) if isinstance(v, Decimal) else v

    def org(o):
        return None if o is None else {"id": o.id, "slug": o.slug, "name": o.name, "kind": o.kind}

    out = {
        k: view[k]
        for k in (
            "id",
            "acronym",
            "title",
            "abstract",
            "call",
            "status",
            "areas",
            "source",
            "external_url",
            "attribution",
            "cordis",
        )
    }
    out.update(
        lead=org(view["lead"]),
        start_date=view["start_date"].isoformat() if view["start_date"] else None,
        end_date=view["end_date"].isoformat() if view["end_date"] else None,
        total_cost=num(view["total_cost"]),
        grant_amount=num(view["grant_amount"]),
        partners=[
            {
                "org": org(p["org"]),
                "role": p["role"],
                "position": p["position"],
                "department": p["department"],
                "grant_amount": num(p["grant_amount"]),
            }
            for p in view["partners"]
        ],
        milestones=[
            {
                "id": m.id,
                "title": m.title,
                "deliverable": m.deliverable,
                "due_date": m.due_date.isoformat(),
                "completed_on": m.completed_on.isoformat() if m.completed_on else None,
                "late": m.is_late,
            }
            for m in view["milestones"]
        ],
        outputs=[output_json(o) for o in view["outputs"]],
    )
    if view["restricted"]:
        h = view["health"]
        out["monitoring"] = {
            "status": h.label,
            "reasons": h.reasons,
            "spent": num(h.spent),
            "planned": num(h.planned),
            "time_pct": h.time_pct,
            "spent_pct": h.spent_pct,
        }
        out["partner_finance"] = [
            {
                "org": org(p["org"]),
                "role": p["role"],
                "cost_share": num(p["cost_share"]),
                "grant_amount": num(p["grant_amount"]),
                "spent": num(p["spent"]),
            }
            for p in view["partner_finance"]
        ]
        out["reports"] = [report_json(r) for r in view["reports"]]
    return out


def output_json(o) -> dict:
    """A project result as the API returns it."""
    return {
        "id": o.id,
        "kind": o.kind,
        "title": o.title,
        "doi": o.doi,
        "url": o.url,
        "dataset_id": o.dataset_id,
        "trl_reached": o.trl_reached,
    }


def report_json(r) -> dict:
    """A progress report as JSON (for members and staff)."""
    return {
        "id": r.id,
        "project_id": r.project_id,
        "status": r.status,
        "period_start": r.period_start.isoformat(),
        "period_end": r.period_end.isoformat(),
        "spending": r.spending,
        "total_spent": float(r.total_spent),
        "milestones_reached": r.milestones_reached,
        "narrative": r.narrative,
        "kpis": r.kpis,
        "problems": r.problems,
        "review_comment": r.review_comment,
        "submitted_at": r.submitted_at.isoformat() if r.submitted_at else None,
        "reviewed_at": r.reviewed_at.isoformat() if r.reviewed_at else None,
    }
