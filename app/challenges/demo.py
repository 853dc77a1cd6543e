"""Demo content of the challenges feature for `flask seed` (fictional, marked is_demo)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from app.challenges.models import Challenge
from app.core.db import utcnow
from app.extensions import db
from app.orgs.models import Membership, Organisation

# (title, area, TRL, budget, days to deadline, status, problem, expected outcome)
CHALLENGES = (
    (
        "Early sepsis detection in the emergency department",
        "diagnostics",
        5,
        80000,
        45,
        "open",
        "Sepsis kills when it is recognised late. We look for point-of-care biosensors or "
        "algorithms on routine vital signs that flag sepsis risk within minutes of triage.",
        "A prototype validated on retrospective data from at least one Lombardy hospital.",
    ),
    (
        "Predictive maintenance of infusion pumps",
        "predictive_maintenance_iot",
        6,
        50000,
        30,
        "open",
        "Our infusion pumps fail in the field without warning. We want IoT telemetry and "
        "machine-learning models that predict failures and plan maintenance.",
        "A pilot on 50 connected pumps with a failure-prediction dashboard.",
    ),
    (
        "FHIR bridge for clinical trial data",
        "clinical_data",
        4,
        60000,
        60,
        "open",
        "Trial data sits in hospital systems that speak HL7 v2 and CDA. We need an "
        "interoperability layer that maps them to FHIR and OMOP with consent tracking.",
        "Open-source connectors tested with two hospital information systems.",
    ),
    (
        "AI triage of chest X-rays",
        "ai_imaging",
        5,
        100000,
        20,
        "open",
        "Radiology backlogs delay diagnoses. We seek deep-learning models that prioritise "
        "chest X-rays with suspected urgent findings, explainable to radiologists.",
        "A CE-marking-ready model with a clinical validation plan.",
    ),
    (
        "Home rehabilitation after stroke",
        "rehabilitation_ageing",
        4,
        40000,
        -5,
        "evaluating",
        "Patients lose motor function once they leave hospital. We want wearable sensors and "
        "serious games that keep rehabilitation going at home, with remote monitoring.",
        "A 3-month home study with 20 patients.",
    ),
    (
        "Biomarkers for drug response in oncology",
        "drug_discovery",
        3,
        120000,
        75,
        "submitted",
        "We look for genomic and proteomic biomarkers that predict response to our "
        "compounds, with access to annotated biobank samples.",
        "A candidate biomarker panel with a validation protocol.",
    ),
)


def seed_demo() -> dict:
    """Create the demo challenges once (idempotent); return counts of what was created."""
    companies = list(
        db.session.execute(
            select(Organisation)
            .where(Organisation.is_demo.is_(True), Organisation.kind == "company")
            .order_by(Organisation.id)
        ).scalars()
    )
    if not companies:
        return {}
    created = 0
    now = utcnow()
    for i, (title, area, trl, budget, days, status, problem, outcome) in enumerate(CHALLENGES):
        org = companies[i % len(companies)]
        exists = db.session.execute(
            select(Challenge.id).where(Challenge.org_id == org.id, Challenge.title == title)
        ).first()
        if exists:
            continue
        owner = (
            db.session.execute(
                select(Membership.user_id).where(
                    Membership.org_id == org.id, Membership.role == "owner"
                )
            )
            .scalars()
            .first()
        )
        db.session.add(
            Challenge(
                org_id=org.id,
                created_by_id=owner,
                title=title,
                description=problem,
                expected_outcome=outcome,
                area=area,
                trl_required=trl,
                budget=Decimal(budget),
                reward="",
                deadline=now + timedelta(days=days),
                visibility="public",
                response_requirements="Approach, team, current TRL, timeline and estimated cost.",
                status=status,
                review_comment="",
                views=0,
                is_demo=True,
                published_at=now - timedelta(days=10) if status in ("open", "evaluating") else None,
            )
        )
        created += 1
    db.session.flush()
    return {"demo_challenges_created": created}
