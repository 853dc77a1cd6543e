"""A small, hand-computable fixture of calls, projects, partners and reports (built through
the services, like staff and project teams would)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from app.auth import services as auth
from app.extensions import db
from app.orgs import services as orgs
from app.projects import calls, reports, services

PASSWORD = "correct-horse-battery"
TODAY = date(2024, 12, 31)


def user(email: str, role: str = "member"):
    """Register a user through the service."""
    return auth.register_user(
        {"email": email, "name": email.split("@")[0].title(), "password": PASSWORD}, role=role
    )


def build() -> SimpleNamespace:
    """Two calls, three organisations, two projects, one accepted report (see test docs)."""
    w = SimpleNamespace()
    w.staff = user("staff@region.example", "staff")
    w.lead_owner = user("lead@acme.example")
    w.uni_owner = user("uni@pv.example")
    w.hosp_owner = user("hosp@mi.example")
    w.outsider = user("out@else.example")
    w.lead = orgs.create_org(
        w.lead_owner,
        {"name": "Acme Sensors", "kind": "startup", "province": "MI", "size_band": "micro"},
    )
    w.uni = orgs.create_org(
        w.uni_owner,
        {"name": "Uni Pavia Lab", "kind": "university", "province": "PV", "size_band": "large"},
    )
    w.hosp = orgs.create_org(
        w.hosp_owner, {"name": "Ospedale Nord", "kind": "research_hospital", "province": "MI"}
    )
    w.other = orgs.create_org(w.outsider, {"name": "Lonely Co", "kind": "company"})
    w.call_a = calls.create_call(
        w.staff, {"programme": "POR FESR", "code": "CALL-A", "title": "Call A", "budget": "1000000"}
    )
    w.call_b = calls.create_call(
        w.staff, {"programme": "POR FESR", "code": "CALL-B", "title": "Call B", "budget": "500000"}
    )
    w.p1 = services.create_project(
        w.staff,
        {
            "call_id": w.call_a.id,
            "acronym": "ALPHA",
            "title": "Alpha sensors",
            "abstract": "Sepsis biosensors.",
            "lead": w.lead.slug,
            "total_cost": "200000",
            "grant_amount": "100000",
            "start_date": "2024-01-01",
            "end_date": "2025-12-31",
            "areas": ["diagnostics"],
            "partners": [
                {
                    "org": w.lead.slug,
                    "role": "coordinator",
                    "cost_share": "120000",
                    "grant_amount": "60000",
                },
                {
                    "org": w.uni.slug,
                    "role": "participant",
                    "cost_share": "80000",
                    "grant_amount": "40000",
                },
            ],
            "milestones": [
                {"title": "Prototype", "due_date": "2024-06-30"},
                {"title": "Clinical pilot", "due_date": "2025-06-30"},
            ],
        },
    )
    w.p2 = services.create_project(
        w.staff,
        {
            "call_id": w.call_b.id,
            "acronym": "BETA",
            "title": "Beta genomics",
            "lead": w.hosp.slug,
            "total_cost": "100000",
            "grant_amount": "50000",
            "start_date": "2024-07-01",
            "end_date": "2025-06-30",
            "areas": ["diagnostics", "genomics"],
            "partners": [
                {
                    "org": w.hosp.slug,
                    "role": "coordinator",
                    "cost_share": "100000",
                    "grant_amount": "50000",
                }
            ],
        },
    )
    db.session.flush()
    m1 = w.p1.milestones[0]
    w.r1 = reports.submit_report(
        w.lead_owner,
        w.p1,
        {
            "period_start": "2024-01-01",
            "period_end": "2024-06-30",
            "spending": {str(w.lead.id): "30000", str(w.uni.id): "20000"},
            "milestones_reached": [
                {"id": m1.id, "completed_on": "2024-06-20", "evidence": "Prototype report D1.1"}
            ],
            "narrative": "Secret narrative about the prototype.",
            "kpis": "patients: 12",
            "problems": "",
        },
    )
    reports.review_report(w.staff, w.r1, "accept", "")
    db.session.commit()
    return w
