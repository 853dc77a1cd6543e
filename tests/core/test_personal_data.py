"""Issue 17 item 10 (the part in the foundation): one registry of personal data
(app.core.personal_data) that the export and the erasure walk."""

from __future__ import annotations

import json

from sqlalchemy import select

from app.account import privacy
from app.auth import services
from app.core import personal_data
from app.extensions import db
from app.notifications.services import notify
from app.orgs import members
from tests.conftest import PASSWORD

# Tables whose features register their part (the others: see /work/notes/issue-17.md).
COVERED = {
    "users",
    "user_sessions",
    "login_throttles",
    "audit_events",
    "notifications",
    "memberships",
    "invitations",
}


def _rows_mentioning(needles: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for table in db.metadata.sorted_tables:
        if table.name not in COVERED:
            continue
        for row in db.session.execute(select(table)).mappings():
            text = json.dumps({k: str(v) for k, v in row.items()})
            if any(n in text for n in needles):
                found[table.name] = found.get(table.name, 0) + 1
    return found


def test_every_foundation_part_is_registered(app):
    assert {"activity", "notifications", "memberships", "invitations"} <= set(personal_data.parts())


def test_the_export_holds_each_part_with_the_audit_addresses(app, make_user, make_org):
    user = make_user("exp@example.org", name="Elena Esposito")
    make_org(user, "Export Lab")
    with app.test_request_context(environ_base={"REMOTE_ADDR": "203.0.113.7"}):
        notify([user.id], "test", "Hello")
        services.create_api_token(user)
        db.session.commit()
        data = privacy.export_personal_data(user)
    assert data["account"]["email"] == "exp@example.org"
    assert data["memberships"][0]["organisation"] == "Export Lab"
    assert [n["message"] for n in data["notifications"]] == ["Hello"]
    assert "203.0.113.7" in [e["ip"] for e in data["activity"]]


def test_after_erasure_no_covered_table_holds_her_identifiers(app, make_user, make_org):
    owner = make_user("own@example.org", name="Oscar Owner")
    org = make_org(owner, "Erase Lab")
    her = make_user("gone@example.org", name="Greta Gonelli")
    with app.test_request_context(environ_base={"REMOTE_ADDR": "192.0.2.1"}):
        members.invite_member(owner, org, {"email": "gone@example.org"}, lambda t: "/x")
        notify([her.id], "test", "Hello Greta")
        db.session.commit()
    with app.test_request_context(environ_base={"REMOTE_ADDR": "198.51.100.23"}):
        services.create_api_token(her)  # an audit event with her address
        db.session.commit()
        privacy.delete_account(her, {"password": PASSWORD})
        db.session.commit()
    assert _rows_mentioning(["gone@example.org", "Greta Gonelli", "198.51.100.23"]) == {}
