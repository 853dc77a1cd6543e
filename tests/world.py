"""The shared world of the authorisation matrix: one user per role, two organisations."""

from __future__ import annotations

from types import SimpleNamespace

from app.auth import services as auth
from app.extensions import db
from app.orgs import services as orgs
from app.orgs.models import Membership

PASSWORD = "correct-horse-battery"


def build_world() -> SimpleNamespace:
    """Create users for every role and the organisations they belong to."""
    w = SimpleNamespace(users={})
    for role in ("member", "owner", "org_member", "other", "staff", "admin"):
        global_role = role if role in ("staff", "admin") else "member"
        w.users[role] = auth.register_user(
            {
                "email": f"{role}@matrix.example",
                "name": role.title(),
                "password": PASSWORD,
                "locale": "en",
            },
            role=global_role,
        )
    w.org = orgs.create_org(
        w.users["owner"],
        {"name": "Matrix Bio", "kind": "startup", "description": "Biosensors for sepsis"},
    )
    db.session.add(Membership(user_id=w.users["org_member"].id, org_id=w.org.id, role="member"))
    w.other_org = orgs.create_org(w.users["other"], {"name": "Other Lab", "kind": "university"})
    w.company = orgs.create_org(w.users["owner"], {"name": "Matrix Pharma", "kind": "company"})
    db.session.flush()
    return w
