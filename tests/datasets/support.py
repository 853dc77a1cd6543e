"""Builders for the datasets tests: data made through the services, like a user would."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from app.core.db import utcnow
from app.datasets import access, services
from app.extensions import db

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


def commit():
    """Commit like the end of a request would."""
    db.session.commit()
