"""Builders for the compliance tests: data made through the services."""

from __future__ import annotations

from app.compliance import services
from app.orgs import services as orgs
from tests.compliance.test_rules import IMAGING_SAAS
from tests.training.support import commit, user

__all__ = ["IMAGING_SAAS", "commit", "sme", "assessment", "user"]


def sme(email: str = "sme@example.org", name: str = "Imaging Start-up"):
    """An owner and their start-up."""
    owner = user(email)
    org = orgs.create_org(owner, {"name": name, "kind": "startup"})
    return owner, org


def assessment(owner, org, product: str = "Lung CT triage SaaS", answers=None):
    """A saved assessment of the imaging SaaS."""
    return services.run_assessment(
        owner, {"org_id": org.id, "product": product, "answers": answers or IMAGING_SAAS}
    )
