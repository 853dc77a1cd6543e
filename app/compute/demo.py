"""Demo compute content (`flask compute demo`): fictional resources and requests, in Italian,
marked is_demo; no real computing centre is described."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.compute.models import ComputeRequest, ComputeResource, ComputeUsage
from app.core.db import utcnow
from app.extensions import db
from app.orgs.models import Membership, Organisation

RESOURCES = [
    dict(
        name="Cluster GPU regionale per la ricerca sanitaria (demo)",
        provider_name="Consorzio di calcolo dimostrativo",
        kind="gpu_cluster",
        description="Nodi con GPU per l'addestramento di modelli di imaging e linguaggio clinico. "
        "Risorsa fittizia per la dimostrazione del portale.",
        gpu_hours_per_quarter=40000,
        access_conditions="Progetti di ricerca o innovazione con sede in Lombardia; "
        "rendicontazione trimestrale dell'uso.",
        eligibility=["university", "research_hospital", "research_institute", "startup"],
        purposes=["research", "innovation"],
        cost="Gratuito per progetti finanziati dalla Regione",
        certifications=["iso27001", "gdpr_processor"],
        location="lombardy",
        restricted_data_ok=False,
    ),
    dict(
        name="Ambiente sicuro di trattamento dei dati sanitari (demo)",
        provider_name="Ente regionale dimostrativo",
        kind="secure_environment",
        description="Ambiente chiuso in cui i dati riservati vengono analizzati senza uscire: "
        "si esportano solo risultati aggregati controllati (sul modello dell'art. 73 EHDS). "
        "Risorsa fittizia.",
        gpu_hours_per_quarter=8000,
        access_conditions="Serve un'autorizzazione all'accesso ai dati approvata e in corso di "
        "validità; nessun dato personale esce dall'ambiente.",
        eligibility=["university", "research_hospital", "research_institute", "startup", "company"],
        purposes=["research", "public_health", "innovation"],
        cost="Tariffa a consumo (dimostrativa)",
        certifications=["iso27001", "iso27701", "gdpr_processor"],
        location="italy",
        restricted_data_ok=True,
    ),
    dict(
        name="Crediti cloud per start-up della salute (demo)",
        provider_name="Programma dimostrativo di crediti cloud",
        kind="cloud_credits",
        description="Crediti per macchine con GPU su cloud con sede nell'UE. Risorsa fittizia.",
        gpu_hours_per_quarter=5000,
        access_conditions="Start-up innovative iscritte al registro; massimo 500 ore a progetto.",
        eligibility=["startup"],
        purposes=["innovation"],
        cost="Crediti gratuiti fino a esaurimento",
        certifications=["gdpr_processor"],
        location="eu",
        restricted_data_ok=False,
    ),
]


def seed_demo() -> dict:
    """Create the demo resources, and two requests of a demo organisation, once."""
    stats = {"demo_resources": 0, "demo_compute_requests": 0}
    existing = {
        r.name: r
        for r in db.session.execute(
            select(ComputeResource).where(ComputeResource.is_demo.is_(True))
        ).scalars()
    }
    for data in RESOURCES:
        if data["name"] not in existing:
            res = ComputeResource(is_demo=True, active=True, **data)
            db.session.add(res)
            existing[data["name"]] = res
            stats["demo_resources"] += 1
    db.session.flush()
    org = (
        db.session.execute(
            select(Organisation)
            .where(Organisation.is_demo.is_(True), Organisation.kind == "university")
            .order_by(Organisation.id)
        )
        .scalars()
        .first()
    )
    if (
        org is None
        or db.session.execute(
            select(ComputeRequest.id).where(ComputeRequest.is_demo.is_(True))
        ).first()
    ):
        return stats
    user_id = (
        db.session.execute(select(Membership.user_id).where(Membership.org_id == org.id))
        .scalars()
        .first()
    )
    gpu = existing[RESOURCES[0]["name"]]
    today = utcnow().date()
    active = ComputeRequest(
        resource_id=gpu.id,
        requester_id=user_id,
        org_id=org.id,
        is_demo=True,
        title="Segmentazione di TC addominali (demo)",
        purpose="Addestramento di una rete di segmentazione su immagini pubbliche anonime.",
        gpu_hours=2000,
        allocated_hours=1800,
        period_start=today - timedelta(days=45),
        period_end=today + timedelta(days=120),
        status="active",
        history=[
            {"status": s, "at": today.isoformat(), "by": "demo", "note": ""}
            for s in ("draft", "submitted", "approved", "active")
        ],
    )
    pending = ComputeRequest(
        resource_id=gpu.id,
        requester_id=user_id,
        org_id=org.id,
        is_demo=True,
        title="Modello linguistico per lettere di dimissione (demo)",
        purpose="Adattamento di un modello linguistico su testi sintetici.",
        gpu_hours=6000,
        period_start=today + timedelta(days=30),
        period_end=today + timedelta(days=200),
        status="submitted",
        history=[
            {"status": s, "at": today.isoformat(), "by": "demo", "note": ""}
            for s in ("draft", "submitted")
        ],
    )
    db.session.add_all([active, pending])
    db.session.flush()
    month = (today - timedelta(days=30)).strftime("%Y-%m")
    db.session.add(ComputeUsage(request_id=active.id, period=month, hours_used=1700))
    db.session.flush()
    stats["demo_compute_requests"] = 2
    return stats
