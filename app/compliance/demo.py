"""Demo content of the helpdesk (`flask compliance demo`): guidelines, assessments, a
consultation; in Italian, marked is_demo, about fictional demo organisations only."""

from __future__ import annotations

from sqlalchemy import select

from app.compliance import rules as rs
from app.compliance.models import Assessment, Consultation, ConsultationMessage, Guideline
from app.extensions import db
from app.orgs.models import Membership, Organisation

GUIDES = {
    "ai-system": (
        "Il mio prodotto è un «sistema di IA»?",
        'Is my product an "AI system"?',
        "## In breve\n\nPer l'AI Act (art. 3, punto 1) un sistema di IA è un sistema automatico "
        "che, con un certo grado di autonomia, **deduce** dai dati che riceve come generare "
        "previsioni, contenuti, raccomandazioni o decisioni.\n\n- Un modello di apprendimento "
        "automatico che classifica immagini: **sì**.\n- Un calcolatore che applica una formula "
        "scritta a mano (ad esempio un punteggio clinico): di norma **no**.\n\n"
        "Nel dubbio, documentate come funziona il sistema e chiedete agli esperti.",
        "## In short\n\nUnder the AI Act (Article 3(1)) an AI system is a machine-based system "
        "that, with some autonomy, **infers** from its input how to generate predictions, "
        "content, recommendations or decisions.\n\n- A machine-learning model that classifies "
        "images: **yes**.\n- A calculator applying a hand-written formula (such as a clinical "
        "score): usually **no**.\n\nWhen in doubt, document how the system works and ask the "
        "experts.",
    ),
    "medical-device-software": (
        "Software come dispositivo medico: la regola 11",
        "Software as a medical device: Rule 11",
        "## Quando il software è un dispositivo medico\n\nSe il fabbricante gli attribuisce uno "
        "scopo medico (diagnosi, monitoraggio, previsione, trattamento…) il software è un "
        "dispositivo medico (MDR, art. 2).\n\n## La regola 11 (allegato VIII)\n\n| il software… "
        "| classe |\n|---|---|\n| informa decisioni diagnostiche o terapeutiche | IIa |\n| "
        "decisioni che possono causare grave peggioramento o un intervento | IIb |\n| decisioni "
        "che possono causare morte o danno irreversibile | III |\n| monitora parametri vitali "
        "critici | IIb |\n| altro | I |\n\nDalla classe IIa serve un organismo notificato: per "
        "l'AI Act il sistema di IA diventa **ad alto rischio** (art. 6, par. 1).",
        "## When software is a medical device\n\nIf the manufacturer gives it a medical purpose "
        "(diagnosis, monitoring, prediction, treatment…) the software is a medical device (MDR "
        "Article 2).\n\n## Rule 11 (Annex VIII)\n\n| the software… | class |\n|---|---|\n| "
        "informs diagnostic or therapeutic decisions | IIa |\n| decisions that may cause serious "
        "deterioration or surgery | IIb |\n| decisions that may cause death or irreversible harm "
        "| III |\n| monitors critical vital parameters | IIb |\n| other | I |\n\nFrom class IIa a "
        "notified body is needed: under the AI Act the AI system is then **high-risk** (Article "
        "6(1)).",
    ),
    "health-data-gdpr": (
        "Dati sanitari e GDPR: l'articolo 9",
        "Health data and the GDPR: Article 9",
        "I dati relativi alla salute sono una **categoria particolare** (art. 9). Oltre a una base "
        "giuridica dell'art. 6 serve una delle condizioni dell'art. 9, par. 2: consenso esplicito, "
        "finalità di cura, sanità pubblica o ricerca scientifica con le garanzie dell'art. 89. "
        "Per trattamenti su larga scala o con tecnologie innovative come l'IA serve di norma una "
        "**valutazione d'impatto** (art. 35 e l'elenco del Garante).",
        "Data concerning health are a **special category** (Article 9). Besides an Article 6 "
        "legal basis you need one of the conditions of Article 9(2): explicit consent, care, "
        "public health, or scientific research with the safeguards of Article 89. Large-scale "
        "processing or innovative technologies such as AI usually need a **data protection "
        "impact assessment** (Article 35 and the Garante's list).",
    ),
    "secondary-use": (
        "Riusare dati clinici per addestrare un modello",
        "Reusing clinical data to train a model",
        "Riutilizzare per la ricerca dati raccolti per la cura è un **uso secondario**. Oggi "
        "serve una base giuridica adatta (in Italia anche l'art. 110 del Codice privacy), con "
        "minimizzazione e pseudonimizzazione. Con lo **Spazio europeo dei dati sanitari** "
        "(Reg. (UE) 2025/327) la richiesta passerà da un organismo di accesso ai dati sanitari, "
        "che autorizza l'uso in un ambiente sicuro. Sul portale potete già chiedere l'accesso ai "
        "dataset riservati.",
        "Reusing data collected for care for research is a **secondary use**. Today it needs a "
        "suitable legal basis (in Italy also Article 110 of the Privacy Code), with minimisation "
        "and pseudonymisation. With the **European Health Data Space** (Regulation (EU) "
        "2025/327) the application will go to a health data access body, which authorises use "
        "in a secure environment. On the portal you can already request access to restricted "
        "datasets.",
    ),
}

DEMO_ANSWERS = {
    "Refertazione TC torace assistita (demo)": {
        "is_ai": "yes",
        "prohibited": "no",
        "gpai": "no",
        "medical_purpose": "yes",
        "ivd": "no",
        "rule11": "decisions",
        "annex_iii": "no",
        "interacts": "no",
        "personal_data": "yes",
        "health_data": "yes",
        "art9_condition": "care",
        "large_scale": "yes",
        "secondary_use": "yes",
    },
    "Assistente conversazionale per il benessere (demo)": {
        "is_ai": "yes",
        "prohibited": "no",
        "gpai": "no",
        "medical_purpose": "no",
        "annex_iii": "no",
        "interacts": "yes",
        "personal_data": "yes",
        "health_data": "yes",
        "art9_condition": "consent",
        "large_scale": "no",
        "secondary_use": "no",
    },
}


def seed_demo() -> dict:
    """Create the demo guidelines, assessments and one consultation once (idempotent)."""
    stats = {"demo_guidelines": 0, "demo_assessments": 0, "demo_consultations": 0}
    for slug, (t_it, t_en, b_it, b_en) in GUIDES.items():
        if db.session.execute(select(Guideline.id).where(Guideline.slug == slug)).first():
            continue
        db.session.add(
            Guideline(
                slug=slug, title_it=t_it, title_en=t_en, body_it=b_it, body_en=b_en, is_demo=True
            )
        )
        stats["demo_guidelines"] += 1
    org = (
        db.session.execute(
            select(Organisation)
            .where(Organisation.is_demo.is_(True), Organisation.kind == "startup")
            .order_by(Organisation.id)
        )
        .scalars()
        .first()
    )
    if org is None:
        db.session.flush()
        return stats
    owner_id = (
        db.session.execute(select(Membership.user_id).where(Membership.org_id == org.id))
        .scalars()
        .first()
    )
    rules = rs.load_rules()
    first = None
    for product, answers in DEMO_ANSWERS.items():
        found = (
            db.session.execute(
                select(Assessment).where(Assessment.org_id == org.id, Assessment.product == product)
            )
            .scalars()
            .first()
        )
        if found:
            first = first or found
            continue
        a = Assessment(
            org_id=org.id,
            created_by_id=owner_id,
            product=product,
            version=1,
            rules_version=rules["version"],
            answers=answers,
            result=rs.evaluate(rules, rs.clean_answers(rules, answers)).as_dict(),
            is_demo=True,
        )
        db.session.add(a)
        db.session.flush()
        first = first or a
        stats["demo_assessments"] += 1
    subject = "Il nostro software di refertazione è ad alto rischio? (demo)"
    if (
        first
        and not db.session.execute(
            select(Consultation.id).where(Consultation.subject == subject)
        ).first()
    ):
        c = Consultation(
            org_id=org.id,
            requester_id=owner_id,
            assessment_id=first.id,
            topic="ai_act",
            urgency="normal",
            subject=subject,
            status="open",
            is_demo=True,
        )
        db.session.add(c)
        db.session.flush()
        db.session.add(
            ConsultationMessage(
                consultation_id=c.id,
                author_id=owner_id,
                body="Il software evidenzia i noduli sospetti al radiologo: rientra nella "
                "classe IIa e quindi nell'allegato I dell'AI Act? (richiesta dimostrativa)",
            )
        )
        stats["demo_consultations"] += 1
    db.session.flush()
    return stats
