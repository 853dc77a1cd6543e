"""The one set of test data builders: people, organisations, datasets and access requests,
challenges and responses, all made through the services, like a user would.

They flush and never commit (call :func:`commit` where a request would end). The fixtures in
``tests/conftest.py`` (``make_user``, ``make_org``), the authorisation matrix's world
(``tests/world.py``) and the packages' fixtures build on these.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from app.auth import services as auth
from app.challenges import responses, workflow
from app.challenges import services as challenges
from app.core.db import utcnow
from app.datasets import access, services
from app.extensions import db
from app.orgs import services as orgs
from app.orgs.models import Membership

PASSWORD = "correct-horse-battery"


def user(email: str = "user@example.org", role: str = "member", name: str = "Test User", **kw):
    """A confirmed account (English unless ``locale`` says otherwise)."""
    data = {"email": email, "name": name, "password": PASSWORD, "locale": "en", **kw}
    return auth.register_user(data, role=role)


def org(owner, name: str = "Acme Diagnostics", kind: str = "startup", **fields):
    """An organisation registered by ``owner`` (who becomes its owner)."""
    return orgs.create_org(owner, {"name": name, "kind": kind, **fields})


def member(person, organisation, role: str = "member") -> Membership:
    """``person`` joins ``organisation`` (as an accepted invitation would)."""
    m = Membership(user_id=person.id, org_id=organisation.id, role=role)
    db.session.add(m)
    db.session.flush()
    return m


FULL = {
    "title_en": "Heart failure registry",
    "description_it": "Registro dello scompenso.",
    "description_en": "Heart failure registry.",
    "themes": ["HEAL"],
    "keywords": ["cardiology", "registry"],
    "issued": "2024-01-10",
    "modified": "2025-02-01",
    "frequency": "ANNUAL",
    "temporal_start": "2019-01-01",
    "temporal_end": "2024-12-31",
    "spatial": "Lombardia",
    "licence": "CC-BY-4.0",
    "conforms_to": ["OMOP CDM"],
    "coding_systems": ["ICD-10"],
    "number_of_records": 1000,
    "number_of_individuals": 300,
    "personal_data": "anonymised",
    "legal_basis": "scientific_research",
    "consent_codes": ["DUO:0000006"],
    "contact_name": "Data office",
    "contact_email": "data@example.org",
    "health_categories": ["REGISTRIES"],
}


def utc_today() -> date:
    """Today's date as the services see it (UTC), whatever the machine's time zone: a test on
    date.today() fails under TZ=Pacific/Kiritimati (UTC+14) half the day."""
    return utcnow().date()


def secret_url() -> str:
    """A unique restricted URL, easy to search for in every answer."""
    return f"https://vault.example.net/secret-{secrets.token_hex(8)}/file.csv"


def make_dataset(actor, org, identifier: str, access_rights: str = "public", **extra):
    """A complete dataset (quality 100 once it has a distribution)."""
    data = {
        **FULL,
        "publisher_org_id": org.id,
        "identifier": identifier,
        "title_it": f"Dataset {identifier}",
        "access_rights": access_rights,
        **extra,
    }
    return services.create_dataset(actor, data)


def add_dist(actor, ds, url: str | None = None, fmt: str = "CSV"):
    """A distribution with a download URL."""
    return services.add_distribution(
        actor,
        ds,
        {
            "format": fmt,
            "title": "Main file",
            "download_url": url or secret_url(),
            "byte_size": 1234,
            "checksum": "sha256:" + "a" * 64,
        },
    )


def complete_request(actor, ds, purpose: str = "health_research", org_id=None):
    """A draft with every step filled."""
    req = access.create_request(actor, ds, {"purpose": purpose, "org_id": org_id})
    today = utc_today()
    access.update_request(
        actor,
        req,
        {
            "research_question": "Does drug X reduce readmissions?",
            "variables": "age, sex, diagnoses, admissions",
            "period_start": today.isoformat(),
            "period_end": (today + timedelta(days=365)).isoformat(),
            "anonymised_ok": True,
            "legal_basis": "scientific_research",
            "safeguards": "pseudonymisation, access logs",
            "environment": "secure processing environment of the hospital",
            "compute": "4 CPU, 16 GB",
        },
    )
    return req


def approve(reviewer, req, days: int = 30):
    """Take a submitted request through review to approval."""
    access.review_request(reviewer, req, "start", {})
    return access.review_request(
        reviewer,
        req,
        "approve",
        {
            "conditions": "No re-identification.",
            "expires_on": (utc_today() + timedelta(days=days)).isoformat(),
        },
    )


def future(days: int = 20) -> str:
    """An ISO date ``days`` from today (UTC)."""
    return (utc_today() + timedelta(days=days)).isoformat()


CHALLENGE = {
    "title": "Early sepsis detection at the bedside",
    "description": "We need biosensors that detect sepsis markers in blood within minutes.",
    "expected_outcome": "A validated prototype for emergency departments",
    "area": "diagnostics",
    "trl_required": 5,
    "budget": "50000",
    "visibility": "public",
    "response_requirements": "Describe the sensor and the validation plan.",
}
CHALLENGE_PATHS = {
    "draft": [],
    "submitted": ["submit"],
    "open": ["submit", "approve"],
    "evaluating": ["submit", "approve", "evaluate"],
    "closed": ["submit", "approve", "close"],
    "withdrawn": ["withdraw"],
}


def challenge(poster, staff, status: str = "open", **fields):
    """A challenge of ``poster``'s company brought to ``status`` through the workflow (staff
    approve)."""
    item = challenges.create_challenge(poster, {**CHALLENGE, "deadline": future(), **fields})
    for action in CHALLENGE_PATHS[status]:
        workflow.transition_challenge(staff if action == "approve" else poster, item, action)
    return item


def response(person, item, **fields):
    """A response to ``item`` on behalf of ``person``'s organisation."""
    data = {
        "summary": "Our microfluidic sensor detects procalcitonin in 5 minutes.",
        "approach": "Lab-on-chip",
        "team": "Five engineers",
        "trl_current": 4,
        "timeline": "12 months",
        "estimated_cost": "42000",
        **fields,
    }
    return responses.submit_response(person, item, data)


def commit():
    """Commit like the end of a request would."""
    db.session.commit()
