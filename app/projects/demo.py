"""Demo content of the projects feature for `flask seed` (fictional, marked is_demo)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from app.extensions import db
from app.orgs.models import AREAS, Organisation
from app.projects.models import (
    FundedProject,
    FundingCall,
    Milestone,
    ProgressReport,
    ProjectPartner,
)

CALLS = (
    (
        "DEMO-RL-HEALTH-2023",
        "Bando R&S regionale – Intelligenza artificiale per la salute 2023",
        3_000_000,
        2023,
    ),
    ("DEMO-RL-DEVICES-2024", "Bando R&S regionale – Dispositivi medici 2024", 2_000_000, 2024),
    ("DEMO-RL-DATA-2025", "Bando R&S regionale – Dati clinici 2025", 1_500_000, 2025),
)
# Titles and abstracts of the demo projects (fictional; the pages mark them as demo).
TEXTS = {
    "SEPSI-AI": (
        "Allerta precoce della sepsi con l'intelligenza artificiale in pronto soccorso",
        "Un modello di machine learning sui parametri vitali e sugli esami di laboratorio di "
        "routine stima il rischio di sepsi al triage; il progetto lo valida su dati "
        "retrospettivi e poi in uno studio prospettico in due pronto soccorso.",
    ),
    "CARDIOWATCH": (
        "Telemonitoraggio dello scompenso cardiaco con sensori indossabili",
        "Un cerotto ECG e una bilancia connessa seguono a domicilio i pazienti con scompenso "
        "dopo la dimissione; gli allarmi arrivano all'ambulatorio dello scompenso.",
    ),
    "ONCOGEN-LM": (
        "Profili genomici per la scelta della terapia nel tumore del polmone",
        "Pannelli NGS su biopsia liquida e tessuto per identificare le alterazioni bersaglio "
        "e seguire la risposta alla terapia in una coorte regionale.",
    ),
    "REHAB-HOME": (
        "Riabilitazione motoria a domicilio dopo l'ictus",
        "Sensori inerziali e serious game guidano gli esercizi a casa; il fisioterapista "
        "segue i progressi da remoto e adatta il programma.",
    ),
    "FHIR-BRIDGE": (
        "Interoperabilità FHIR tra ospedali e ricerca clinica",
        "Connettori che traducono HL7 v2 e CDA in risorse FHIR e tabelle OMOP, con la "
        "gestione del consenso, provati in due aziende ospedaliere.",
    ),
    "NEURO-IMG": (
        "Biomarcatori di risonanza magnetica per la sclerosi multipla",
        "Analisi automatica delle lesioni e dell'atrofia su immagini di risonanza per "
        "prevedere la progressione della malattia.",
    ),
    "BIOPRINT-MI": (
        "Biostampa 3D di tessuti per test preclinici",
        "Modelli di tessuto biostampati per ridurre la sperimentazione animale nei test di "
        "tossicità dei farmaci.",
    ),
    "TELE-DERM": (
        "Teledermatologia con IA per lo screening del melanoma",
        "Immagini dermatoscopiche raccolte dai medici di base e classificate da un modello "
        "di deep learning, con refertazione a distanza del dermatologo.",
    ),
    "OMOP-LOMB": (
        "Dati clinici lombardi nel modello comune OMOP",
        "Mappatura dei flussi sanitari e delle cartelle cliniche su OMOP per studi "
        "osservazionali federati tra più strutture.",
    ),
    "PHARMA-TWIN": (
        "Gemello digitale di una linea di produzione farmaceutica",
        "Sensori e modelli di processo per prevedere deviazioni di qualità e pianificare la "
        "manutenzione di una linea di riempimento asettico.",
    ),
}
MILESTONES = ("Avvio e piano di lavoro", "Prototipo e prime prove", "Validazione dei risultati")
# (acronym, call index, months since start on today, duration months, spent share of plan,
#  milestones done) – chosen so that some projects are on track and some are at risk.
PROJECTS = (
    ("SEPSI-AI", 0, 20, 30, 1.0, 2),
    ("CARDIOWATCH", 0, 22, 24, 0.3, 1),
    ("ONCOGEN-LM", 0, 18, 36, 1.1, 1),
    ("REHAB-HOME", 1, 12, 24, 1.0, 1),
    ("FHIR-BRIDGE", 1, 10, 24, 2.2, 0),
    ("NEURO-IMG", 1, 14, 30, 0.9, 0),
    ("BIOPRINT-MI", 1, 8, 24, 1.0, 1),
    ("TELE-DERM", 2, 9, 18, 1.0, 1),
    ("OMOP-LOMB", 2, 4, 24, 0.0, 0),
    ("PHARMA-TWIN", 2, 6, 24, 0.8, 0),
)


def _months(d: date, n: int) -> date:
    return d + timedelta(days=round(n * 30.44))


def seed_demo() -> dict:
    """Create the demo calls and projects once (idempotent); return counts of what was created."""
    orgs = list(
        db.session.execute(
            select(Organisation).where(Organisation.is_demo.is_(True)).order_by(Organisation.id)
        ).scalars()
    )
    if len(orgs) < 2:
        return {"demo_calls": 0, "demo_projects": 0}
    made_calls, made_projects, today = 0, 0, date.today()
    calls = []
    for code, title, budget, year in CALLS:
        call = db.session.execute(
            select(FundingCall).where(FundingCall.code == code)
        ).scalar_one_or_none()
        if call is None:
            call = FundingCall(
                programme="PR FESR Lombardia (demo)",
                code=code,
                title=title,
                budget=Decimal(budget),
                opens_on=date(year, 1, 15),
                closes_on=date(year, 4, 30),
                areas=[],
                eligible_kinds=[],
                source="portal",
                is_demo=True,
            )
            db.session.add(call)
            made_calls += 1
        calls.append(call)
    db.session.flush()
    for i, (acronym, ci, elapsed, duration, pace, done) in enumerate(PROJECTS):
        exists = db.session.execute(
            select(FundedProject.id).where(
                FundedProject.acronym == acronym, FundedProject.is_demo.is_(True)
            )
        ).first()
        if exists:
            continue
        lead, partner = orgs[i % len(orgs)], orgs[(i + 1) % len(orgs)]
        start = _months(today, -elapsed)
        end = _months(start, duration)
        cost = Decimal(400_000 + 50_000 * i)
        grant = (cost * Decimal("0.5")).quantize(Decimal("1"))
        p = FundedProject(
            call_id=calls[ci].id,
            acronym=acronym,
            is_demo=True,
            source="portal",
            title=TEXTS[acronym][0],
            abstract=TEXTS[acronym][1],
            lead_org_id=lead.id,
            total_cost=cost,
            grant_amount=grant,
            start_date=start,
            end_date=end,
            status="active",
            areas=[AREAS[i % len(AREAS)]],
        )
        p.partners = [
            ProjectPartner(
                org_id=lead.id,
                role="coordinator",
                cost_share=cost * 6 / 10,
                grant_amount=grant * 6 / 10,
            ),
            ProjectPartner(
                org_id=partner.id,
                role="participant",
                cost_share=cost * 4 / 10,
                grant_amount=grant * 4 / 10,
            ),
        ]
        for k in range(3):
            due = _months(start, (k + 1) * duration // 4)
            p.milestones.append(
                Milestone(
                    title=MILESTONES[k],
                    deliverable=f"Deliverable D{k + 1}",
                    due_date=due,
                    completed_on=due if k < done else None,
                    evidence="Verbale di verifica (demo)" if k < done else "",
                )
            )
        # one report per 6 months elapsed, spending at `pace` times the linear plan
        per_month = cost / duration * Decimal(str(pace))
        for r in range(elapsed // 6):
            ps, pe = _months(start, r * 6), _months(start, r * 6 + 6) - timedelta(days=1)
            spent = (per_month * 6).quantize(Decimal("0.01"))
            p.reports.append(
                ProgressReport(
                    period_start=ps,
                    period_end=min(pe, today),
                    status="accepted",
                    spending={
                        str(lead.id): str(spent * 6 / 10),
                        str(partner.id): str(spent * 4 / 10),
                    },
                    narrative="Relazione di avanzamento (demo).",
                    kpis={"pazienti arruolati": 10 * (r + 1)},
                )
            )
        db.session.add(p)
        made_projects += 1
    db.session.flush()
    return {"demo_calls": made_calls, "demo_projects": made_projects}
