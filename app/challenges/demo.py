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
        "Riconoscimento precoce della sepsi in pronto soccorso",
        "diagnostics",
        5,
        80000,
        45,
        "open",
        "La sepsi uccide quando viene riconosciuta tardi. Cerchiamo biosensori point-of-care "
        "o algoritmi sui parametri vitali di routine che segnalino il rischio di sepsi pochi "
        "minuti dopo il triage.",
        "Un prototipo validato su dati retrospettivi di almeno un ospedale lombardo.",
    ),
    (
        "Manutenzione predittiva delle pompe infusionali",
        "predictive_maintenance_iot",
        6,
        50000,
        30,
        "open",
        "Le nostre pompe infusionali si guastano sul campo senza preavviso. Vogliamo telemetria "
        "IoT e modelli di machine learning che prevedano i guasti e pianifichino la "
        "manutenzione.",
        "Una sperimentazione su 50 pompe connesse con un cruscotto di previsione dei guasti.",
    ),
    (
        "Ponte FHIR per i dati delle sperimentazioni cliniche",
        "clinical_data",
        4,
        60000,
        60,
        "open",
        "I dati delle sperimentazioni restano in sistemi ospedalieri che parlano HL7 v2 e CDA. "
        "Serve uno strato di interoperabilità che li mappi su FHIR e OMOP tenendo traccia del "
        "consenso.",
        "Connettori open source provati con due sistemi informativi ospedalieri.",
    ),
    (
        "Triage con IA delle radiografie del torace",
        "ai_imaging",
        5,
        100000,
        20,
        "open",
        "Le liste d'attesa in radiologia ritardano le diagnosi. Cerchiamo modelli di deep "
        "learning che diano priorità alle radiografie del torace con sospetti reperti urgenti, "
        "spiegabili ai radiologi.",
        "Un modello pronto per la marcatura CE con un piano di validazione clinica.",
    ),
    (
        "Riabilitazione a domicilio dopo l'ictus",
        "rehabilitation_ageing",
        4,
        40000,
        -5,
        "evaluating",
        "Dopo la dimissione i pazienti perdono funzione motoria. Vogliamo sensori indossabili e "
        "serious game che facciano proseguire la riabilitazione a casa, con monitoraggio remoto.",
        "Uno studio domiciliare di 3 mesi con 20 pazienti.",
    ),
    (
        "Biomarcatori di risposta ai farmaci in oncologia",
        "drug_discovery",
        3,
        120000,
        75,
        "submitted",
        "Cerchiamo biomarcatori genomici e proteomici che predicano la risposta ai nostri "
        "composti, con accesso a campioni annotati di biobanca.",
        "Un pannello di biomarcatori candidati con un protocollo di validazione.",
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
        # One demo challenge per area and company: matching on the title would add the
        # Italian texts next to the English ones of a database seeded before they were written.
        exists = db.session.execute(
            select(Challenge.id).where(
                Challenge.org_id == org.id, Challenge.area == area, Challenge.is_demo.is_(True)
            )
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
                response_requirements="Approccio, gruppo di lavoro, TRL attuale, tempi e costo.",
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
