"""Demo courses for `flask training demo` (fictional, in Italian, marked is_demo)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.core.db import utcnow
from app.extensions import db
from app.orgs.models import Organisation
from app.training.models import Course

DEMO = [
    dict(
        title="Intelligenza artificiale in sanità: le basi per i clinici",
        summary="Cosa sa fare (e cosa non sa fare) un modello di IA clinica.",
        kind="course",
        topic="ai_health",
        audience=["clinicians"],
        level="intro",
        format="online",
        days=10,
        hours=3,
        seats=40,
        language="it",
    ),
    dict(
        title="Webinar: consenso informato e riuso dei dati sanitari",
        summary="Il consenso, le sue alternative e i codici DUO, spiegati ai cittadini.",
        kind="webinar",
        topic="consent",
        audience=["citizens"],
        level="intro",
        format="online",
        days=4,
        hours=1,
        seats=200,
        language="it",
    ),
    dict(
        title="GDPR e AI Act per le PMI della salute",
        summary="Obblighi, valutazione d'impatto e documentazione tecnica in pratica.",
        kind="course",
        topic="data_protection",
        audience=["smes", "researchers"],
        level="intermediate",
        format="in_person",
        place="Milano, sala dimostrativa",
        days=21,
        hours=6,
        seats=2,
        language="it",
    ),
    dict(
        title="Lo Spazio europeo dei dati sanitari (EHDS) in una mattina",
        summary="Uso secondario, organismi di accesso e ambienti sicuri di trattamento.",
        kind="event",
        topic="ehds",
        audience=["researchers", "smes", "clinicians"],
        level="intermediate",
        format="hybrid",
        place="Pavia, aula dimostrativa",
        days=35,
        hours=4,
        seats=60,
        language="it",
    ),
    dict(
        title="Data sharing for multicentre AI studies",
        summary="Federated analysis and pseudonymisation for research consortia.",
        kind="webinar",
        topic="data_sharing",
        audience=["researchers"],
        level="advanced",
        format="online",
        days=14,
        hours=2,
        seats=80,
        language="en",
    ),
]


def seed_demo() -> dict:
    """Create the demo courses once (idempotent); return how many were created."""
    orgs = list(
        db.session.execute(
            select(Organisation).where(Organisation.is_demo.is_(True)).order_by(Organisation.id)
        ).scalars()
    )
    if not orgs:
        return {"demo_courses": "skipped (no demo organisations)"}
    existing = set(
        db.session.execute(select(Course.title).where(Course.is_demo.is_(True))).scalars()
    )
    start = utcnow().replace(hour=9, minute=0, second=0, microsecond=0)
    created = 0
    for i, e in enumerate(DEMO):
        if e["title"] in existing:
            continue
        starts = start + timedelta(days=e["days"])
        course = Course(
            title=e["title"],
            summary=e["summary"],
            description=e["summary"] + " Contenuto dimostrativo (fittizio) del portale.",
            kind=e["kind"],
            topic=e["topic"],
            audience=e["audience"],
            level=e["level"],
            format=e["format"],
            place=e.get("place", ""),
            online_url=None if e["format"] == "in_person" else "https://example.org/demo-webinar",
            language=e["language"],
            starts_at=starts,
            ends_at=starts + timedelta(hours=e["hours"]),
            registration_deadline=starts - timedelta(days=1),
            seats=e["seats"],
            provider_org_id=orgs[i % len(orgs)].id,
            status="published",
            is_demo=True,
        )
        db.session.add(course)
        created += 1
    db.session.flush()
    return {"demo_courses": created}
