"""The one set of test data builders: people, organisations, datasets and access requests,
challenges and responses, courses, compute requests and compliance assessments, all made
through the services, like a user would.

They flush and never commit (call :func:`commit` where a request would end). The fixtures in
``tests/conftest.py`` (``make_user``, ``make_org``), the authorisation matrix's world
(``tests/world.py``) and the packages' fixtures build on these.
"""

from __future__ import annotations

import itertools
import secrets
from datetime import date, timedelta
from types import SimpleNamespace

from app.auth import services as auth
from app.challenges import responses, workflow
from app.challenges import services as challenges
from app.compliance import services as compliance
from app.compute import requests as compute_requests
from app.compute import resources as compute_resources
from app.core.db import utcnow
from app.datasets import access, services
from app.extensions import db
from app.orgs import services as orgs
from app.orgs.models import Membership
from app.training import services as training

PASSWORD = "correct-horse-battery"


def user(email: str = "user@example.org", role: str = "member", name: str | None = None, **kw):
    """A confirmed account (English unless ``locale`` says otherwise), named after its e-mail
    unless ``name`` is given."""
    name = name or email.split("@")[0].title()
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


# --- training ---------------------------------------------------------------------------


def verified_provider(email: str = "provider@example.org", name: str = "Scuola Demo"):
    """A provider organisation verified by staff, and its owner."""
    owner = user(email)
    staff = user(f"staff-{email}", role="staff")
    provider = orgs.create_org(owner, {"name": name, "kind": "university"})
    orgs.set_verified(staff, provider)
    db.session.flush()
    return owner, provider


def course_data(provider, **over) -> dict:
    """Valid fields of a course starting in ten days."""
    start = (utcnow() + timedelta(days=10)).replace(microsecond=0)
    data = {
        "title": "AI for clinicians",
        "summary": "What clinical AI can do",
        "description": "A practical introduction.",
        "kind": "course",
        "topic": "ai_health",
        "audience": ["clinicians"],
        "level": "intro",
        "format": "online",
        "online_url": "https://example.org/room",
        "language": "en",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=2)).isoformat(),
        "registration_deadline": (start - timedelta(days=1)).isoformat(),
        "seats": 2,
        "provider_org_id": provider.id,
    }
    data.update(over)
    return data


def published_course(owner, provider, **over):
    """A published course of the provider."""
    course = training.create_course(owner, course_data(provider, **over))
    training.change_status(owner, course, "publish")
    db.session.flush()
    return course


# --- compute ----------------------------------------------------------------------------

_SEQ = itertools.count(1)


def compute_world():
    """Staff, a provider organisation, a secure environment it runs, a GPU cluster, and a
    requester with their start-up: ``(staff, provider_owner, secure, gpu, requester, org)``."""
    staff = user("staff@example.org", role="staff")
    provider_owner = user("provider@example.org")
    provider = orgs.create_org(provider_owner, {"name": "Secure Lab", "kind": "public_body"})
    secure = compute_resources.create_resource(
        staff,
        {
            "name": "Secure environment",
            "kind": "secure_environment",
            "provider_org_id": provider.id,
            "gpu_hours_per_quarter": 1000,
            "location": "italy",
            "restricted_data_ok": True,
            "certifications": ["iso27001"],
        },
    )
    gpu = compute_resources.create_resource(
        staff,
        {
            "name": "Nodi GPU Alfa",
            "kind": "gpu_cluster",
            "provider_name": "Demo consortium",
            "gpu_hours_per_quarter": 500,
            "location": "lombardy",
        },
    )
    requester = user("researcher@example.org")
    startup = orgs.create_org(requester, {"name": "Imaging Start-up", "kind": "startup"})
    return staff, provider_owner, secure, gpu, requester, startup


def compute_request_data(requesting_org, days: int = 20, **over) -> dict:
    """Valid fields of a compute request for the next ``days`` days."""
    today = date.today()
    data = {
        "org_id": requesting_org.id,
        "title": "CT segmentation",
        "purpose": "Train a segmentation network.",
        "gpu_hours": 400,
        "period_start": (today + timedelta(days=1)).isoformat(),
        "period_end": (today + timedelta(days=days)).isoformat(),
    }
    data.update(over)
    return data


def approved_access(requester, days: int = 60):
    """A data-access approval of ``requester`` for a restricted dataset of another hospital."""
    n = next(_SEQ)
    owner = user(f"hospital{n}@example.org")
    hospital = orgs.create_org(owner, {"name": f"IRCCS Demo {n}", "kind": "research_hospital"})
    ds = make_dataset(
        owner, hospital, f"compute:ds{n}", access_rights="restricted", personal_data="pseudonymised"
    )
    req = complete_request(requester, ds)
    access.submit_request(requester, req)
    return approve(owner, req, days=days)


def compute_draft(requester, res, requesting_org, **over):
    """A draft compute request."""
    return compute_requests.create_request(
        requester, res, compute_request_data(requesting_org, **over)
    )


# --- compliance -------------------------------------------------------------------------

IMAGING_SAAS = {
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
}


def sme(email: str = "sme@example.org", name: str = "Imaging Start-up"):
    """An owner and their start-up."""
    owner = user(email)
    startup = orgs.create_org(owner, {"name": name, "kind": "startup"})
    return owner, startup


def assessment(owner, startup, product: str = "Lung CT triage SaaS", answers=None):
    """A saved assessment of the imaging SaaS."""
    return compliance.run_assessment(
        owner, {"org_id": startup.id, "product": product, "answers": answers or IMAGING_SAAS}
    )


# --- messaging --------------------------------------------------------------------------


def messaging_world() -> SimpleNamespace:
    """Two organisations with members, an imported one nobody represents, staff, an outsider:
    startup (owner), lab (owner + member), imported (no members, website unimi.it)."""
    w = SimpleNamespace()
    w.s_owner = user("owner@startup.example", name="Sara Start")
    w.startup = org(w.s_owner, "SepsiSense", "startup", description="Sepsis biosensors")
    w.l_owner = user("owner@lab.example", name="Luca Lab")
    w.l_owner.locale = "it"
    w.lab = org(w.l_owner, "BioLab Milano", "university", description="Clinical validation")
    w.l_member = user("member@lab.example", name="Marta Member")
    member(w.l_member, w.lab)
    w.staff = user("staff@region.example", role="staff", name="Stefano Staff")
    w.outsider = user("out@other.example", name="Otto Outsider")
    w.other = org(w.outsider, "Other Co", "company")
    w.imported = orgs.create_org(
        w.staff,
        {
            "name": "Università degli Studi di Milano",
            "kind": "university",
            "website": "https://www.unimi.it",
        },
        source="cordis",
        owner=False,
    )
    w.nobody = user("nobody@example.org", name="Nina Nobody")
    db.session.flush()
    return w
