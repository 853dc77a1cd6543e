"""The shared world of the authorisation matrix: one user per role, two organisations (made
with :mod:`tests.builders`)."""

from __future__ import annotations

from types import SimpleNamespace

from app.extensions import db
from tests.builders import PASSWORD, member, org, user

__all__ = ["PASSWORD", "build_world"]


def build_world() -> SimpleNamespace:
    """Create users for every role and the organisations they belong to."""
    w = SimpleNamespace(users={})
    for role in ("member", "owner", "org_member", "other", "staff", "admin"):
        global_role = role if role in ("staff", "admin") else "member"
        w.users[role] = user(f"{role}@matrix.example", role=global_role, name=role.title())
    w.org = org(w.users["owner"], "Matrix Bio", "startup", description="Biosensors for sepsis")
    member(w.users["org_member"], w.org)
    w.other_org = org(w.users["other"], "Other Lab", "university")
    w.company = org(w.users["owner"], "Matrix Pharma", "company")
    db.session.flush()
    return w
