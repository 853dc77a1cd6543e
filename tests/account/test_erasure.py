"""GDPR erasure (issue 17 item 10): each feature's part through the one registry, the walk of
EVERY table for the person's identifiers afterwards (so a new feature cannot forget its part),
and the sole owner asked to hand over or close the organisation first (page and API)."""

from __future__ import annotations

import json
from contextlib import contextmanager
from datetime import timedelta
from io import BytesIO

import pytest
from flask import request
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from app.account import privacy
from app.audit.services import pseudonym
from app.auth import services as auth
from app.challenges import attachments, questions, responses, workflow
from app.challenges import services as challenges
from app.core import personal_data
from app.core.db import utcnow
from app.core.errors import Conflict
from app.datasets import access
from app.extensions import db
from app.notifications.services import notify_in_locale
from app.orgs import members
from app.orgs.models import Membership, Organisation
from app.partners.services import act_on_suggestion
from tests.builders import add_dist, complete_request, make_dataset
from tests.conftest import PASSWORD, csrf_token, login, post_form

NAME, EMAIL, IP = "Greta Gonelli", "gone@example.org", "198.51.100.23"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@contextmanager
def _her_ip():
    """What she does comes from IP (recorded in the audit trail); the others use their own."""
    old, request.remote_addr = request.remote_addr, IP
    try:
        yield
    finally:
        request.remote_addr = old


def _world(app, make_user, make_org):
    """Greta co-owns a company and belongs to a start-up; she requests data, posts and answers
    challenges, asks, uploads, contacts, is invited and named in others' notifications."""
    oscar = make_user("oscar@example.org", name="Oscar Owner")
    staff = make_user("staff@region.example", role="staff", name="Stefania Staff")
    paolo = make_user("paolo@uni.example", name="Paolo Publisher")
    her = make_user(EMAIL, name=NAME)
    company = make_org(oscar, "Erase Pharma", "company")
    startup = make_org(oscar, "Erase Sensors", "startup")
    uni = make_org(paolo, "Data Uni", "university")
    rival = make_org(paolo, "Rival Pharma", "company")
    db.session.add(Membership(user_id=her.id, org_id=company.id, role="owner"))
    db.session.add(Membership(user_id=her.id, org_id=startup.id, role="member"))
    db.session.commit()
    with app.test_request_context("/?lang=en", environ_base={"REMOTE_ADDR": "192.0.2.50"}):
        ds = make_dataset(paolo, uni, "erase-1", access_rights="restricted")
        add_dist(paolo, ds)
        with _her_ip():
            req = complete_request(her, ds)
            access.update_request(her, req, {"safeguards": f"kept by {NAME}, {EMAIL}"})
            access.submit_request(her, req)
        access.review_request(paolo, req, "start", {})
        deadline = (utcnow() + timedelta(days=30)).date().isoformat()
        access.review_request(
            paolo,
            req,
            "approve",
            {"conditions": f"Only {NAME} may read it.", "expires_on": deadline},
        )
        with _her_ip():
            mine = challenges.create_challenge(
                her,
                {
                    "org_id": company.id,
                    "title": "Sepsis sensor wanted",
                    "description": f"Contact {NAME} at {EMAIL} for details.",
                    "deadline": deadline,
                },
            )
        theirs = challenges.create_challenge(
            paolo,
            {
                "org_id": rival.id,
                "title": "Imaging triage",
                "description": "CT triage tools.",
                "deadline": deadline,
            },
        )
        for actor, action in ((paolo, "submit"), (staff, "approve")):
            workflow.transition_challenge(actor, theirs, action)
        with _her_ip():
            answer = responses.submit_response(
                her,
                theirs,
                {"org_id": startup.id, "summary": "Our triage model.", "team": f"{NAME} (lead)"},
            )
            attachments.add_attachment(
                her, answer, FileStorage(BytesIO(PDF), filename="gonelli-cv.pdf")
            )
            questions.ask_question(her, theirs, {"question": f"{NAME} asks: is DICOM enough?"})
            act_on_suggestion(her, startup, uni, "contact", f"Hello, {NAME} ({EMAIL}) here.")
        members.invite_member(paolo, uni, {"email": EMAIL, "role": "owner"}, lambda t: "/x")
        notify_in_locale(
            [oscar.id, paolo.id], "test.named", lambda: f"{NAME} joined a challenge.", "/x"
        )
        with _her_ip():
            auth.create_api_token(her)
        db.session.commit()
    return her, mine


def _walk(user_id: int, needles: list[str]) -> dict[str, list[str]]:
    """Every table's rows that still hold one of the needles (case-insensitive), a foreign key
    to the user, a history entry by the user, or an audit target naming the account."""
    found: dict[str, list[str]] = {}
    low = [n.lower() for n in needles]
    for table in db.metadata.sorted_tables:
        user_fks = [
            c.name
            for c in table.columns
            if any(fk.column.table.name == "users" for fk in c.foreign_keys)
        ]
        for row in db.session.execute(select(table)).mappings():
            text = json.dumps({k: str(v) for k, v in row.items()}, ensure_ascii=False).lower()
            why = [n for n in low if n in text]
            why += [c for c in user_fks if row[c] == user_id]
            if table.name == "users" and row["id"] == user_id:
                why.append("id")
            if table.name == "access_requests":
                why += ["history.by_id" for e in row["history"] or [] if e.get("by_id") == user_id]
            if table.name == "audit_events" and row["target_type"] == "user":
                why += ["target_id"] if row["target_id"] == str(user_id) else []
            if why:
                found.setdefault(table.name, []).extend(why)
    return found


def test_the_export_holds_every_features_part(app, make_user, make_org):
    her, _mine = _world(app, make_user, make_org)
    with app.test_request_context("/?lang=en"):
        data = privacy.export_personal_data(her)
    assert data["access_requests"][0]["status"] == "approved"
    assert [e["by"] for e in data["access_requests"][0]["history"]][:2] == [NAME, NAME]
    assert data["challenges"][0]["title"] == "Sepsis sensor wanted"
    assert data["challenge_responses"][0]["team"] == f"{NAME} (lead)"
    assert data["challenge_questions"][0]["question"].startswith(NAME)
    assert data["uploaded_files"][0]["filename"] == "gonelli-cv.pdf"
    assert data["contact_messages"][0]["message"].startswith("Hello")
    assert data["invitations"][0]["role"] == "owner"
    assert IP in {e["ip"] for e in data["activity"]}
    assert {"training", "compute", "compliance", "messages"} <= set(personal_data.parts())


def test_after_erasure_no_table_holds_her_identifiers(app, make_user, make_org):
    her, mine = _world(app, make_user, make_org)
    her_id, before = her.id, _walk(her.id, [NAME, EMAIL, IP])
    # The world reaches the tables the test is about (else the walk proves nothing).
    for table in (
        "access_requests",
        "challenges",
        "challenge_responses",
        "challenge_questions",
        "attachments",
        "contact_requests",
        "invitations",
        "notifications",
        "audit_events",
        "memberships",
    ):
        assert table in before, table
    with app.test_request_context("/?lang=en"):
        privacy.delete_account(her, {"password": PASSWORD})
        db.session.commit()
    assert _walk(her_id, [NAME, EMAIL, IP]) == {}
    # What the organisations keep stays, without her.
    db.session.expire_all()
    kept = db.session.get(type(mine), mine.id)
    assert (
        kept.description
        == f"Contact {personal_data.REDACTED} at {personal_data.REDACTED} for details."
    )
    erased = db.session.execute(
        select(db.metadata.tables["audit_events"]).where(
            db.metadata.tables["audit_events"].c.target_id == pseudonym(her_id)
        )
    ).first()
    assert erased is not None


def test_a_sole_owner_hands_over_or_closes_first(app, make_user, make_org):
    her = make_user(EMAIL, name=NAME)
    colleague = make_user("col@example.org", name="Carla Colleague")
    shared = make_org(her, "Shared Lab", "university")
    alone = make_org(her, "Alone Lab", "startup")
    db.session.add(Membership(user_id=colleague.id, org_id=shared.id, role="member"))
    db.session.commit()
    alone_id, shared_id = alone.id, shared.id
    with app.test_request_context("/?lang=it"):
        with pytest.raises(Conflict) as refused:
            privacy.delete_account(her, {"password": PASSWORD})
    assert "Alone Lab, Shared Lab" in refused.value.message
    assert refused.value.message.startswith("Prima di cancellare")  # Italian by default
    client = app.test_client()
    login(client, EMAIL)
    page = client.get("/account").get_data(as_text=True)
    assert 'id="sole-owner"' in page and "Carla Colleague" in page
    resp = post_form(client, "/account/delete", {"password": PASSWORD}, token_from="/account")
    assert resp.status_code == 409 and "hand over or close" in resp.get_data(as_text=True)
    resp = post_form(
        client,
        f"/account/organisations/{alone.id}/close",
        {"confirm": "wrong"},
        token_from="/account",
    )
    assert resp.status_code == 422
    api = {"X-CSRFToken": _token(client)}
    wrong = client.post(
        f"/api/v1/me/organisations/{shared.id}/hand-over", json={"user_id": 99999}, headers=api
    )
    assert wrong.status_code == 422 and "user_id" in wrong.get_data(as_text=True)
    ok = client.post(
        f"/api/v1/me/organisations/{shared.id}/hand-over",
        json={"user_id": colleague.id},
        headers=api,
    )
    assert ok.status_code == 200 and ok.get_json()["new_owner"] == colleague.id
    refused = client.delete("/api/v1/me", json={"password": PASSWORD}, headers=api)
    assert refused.status_code == 409 and "Alone Lab" in refused.get_data(as_text=True)
    resp = post_form(
        client,
        f"/account/organisations/{alone_id}/close",
        {"confirm": "alone lab"},
        token_from="/account",
    )
    assert resp.status_code == 302
    assert client.delete("/api/v1/me", json={"password": PASSWORD}, headers=api).status_code == 204
    db.session.expire_all()
    assert db.session.get(Organisation, alone_id) is None  # a portal profile is deleted
    roles = db.session.execute(
        select(Membership.role).where(Membership.org_id == shared_id)
    ).scalars()
    assert list(roles) == ["owner"]  # the colleague, never an ownerless organisation


def _token(client) -> str:
    return csrf_token(client, "/account")
