"""Builders for the training tests: data made through the services, like a user would."""

from __future__ import annotations

from datetime import timedelta

from app.auth import services as auth
from app.core.db import utcnow
from app.extensions import db
from app.orgs import services as orgs
from app.training import services

PASSWORD = "correct-horse-battery"


def user(email: str, role: str = "member"):
    """A user made through the auth service."""
    return auth.register_user(
        {"email": email, "name": email.split("@")[0].title(), "password": PASSWORD, "locale": "en"},
        role=role,
    )


def verified_provider(email: str = "provider@example.org", name: str = "Scuola Demo"):
    """A provider organisation verified by staff, and its owner."""
    owner = user(email)
    staff = user(f"staff-{email}", role="staff")
    org = orgs.create_org(owner, {"name": name, "kind": "university"})
    orgs.set_verified(staff, org)
    db.session.flush()
    return owner, org


def course_data(org, **over) -> dict:
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
        "provider_org_id": org.id,
    }
    data.update(over)
    return data


def published_course(owner, org, **over):
    """A published course of the provider."""
    course = services.create_course(owner, course_data(org, **over))
    services.change_status(owner, course, "publish")
    db.session.flush()
    return course


def commit():
    """End the test's unit of work like a request would."""
    db.session.commit()
