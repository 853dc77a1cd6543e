"""Builders for the compute tests: data made through the services."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from app.compute import requests, resources
from app.datasets import access
from app.orgs import services as orgs
from tests.datasets.support import approve, complete_request, make_dataset
from tests.training.support import commit, user

_SEQ = itertools.count(1)
__all__ = ["commit", "user", "world", "request_data", "approved_access"]


def world():
    """Staff, a provider organisation, a secure environment it runs, a GPU cluster, and a
    requester with their start-up."""
    staff = user("staff@example.org", role="staff")
    provider_owner = user("provider@example.org")
    provider = orgs.create_org(provider_owner, {"name": "Secure Lab", "kind": "public_body"})
    secure = resources.create_resource(
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
    gpu = resources.create_resource(
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
    org = orgs.create_org(requester, {"name": "Imaging Start-up", "kind": "startup"})
    return staff, provider_owner, secure, gpu, requester, org


def request_data(org, days: int = 20, **over) -> dict:
    """Valid fields of a request for the next `days` days."""
    today = date.today()
    data = {
        "org_id": org.id,
        "title": "CT segmentation",
        "purpose": "Train a segmentation network.",
        "gpu_hours": 400,
        "period_start": (today + timedelta(days=1)).isoformat(),
        "period_end": (today + timedelta(days=days)).isoformat(),
    }
    data.update(over)
    return data


def approved_access(requester, days: int = 60):
    """A data-access approval of `requester` for a restricted dataset of another hospital."""
    n = next(_SEQ)
    owner = user(f"hospital{n}@example.org")
    hospital = orgs.create_org(owner, {"name": f"IRCCS Demo {n}", "kind": "research_hospital"})
    ds = make_dataset(
        owner, hospital, f"compute:ds{n}", access_rights="restricted", personal_data="pseudonymised"
    )
    req = complete_request(requester, ds)
    access.submit_request(requester, req)
    return approve(owner, req, days=days)


def draft(requester, res, org, **over):
    """A draft compute request."""
    return requests.create_request(requester, res, request_data(org, **over))
