"""The whole access workflow: stepper, pre-check, review, approval, expiry, revocation,
illegal transitions (409), audit, history and notifications."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.core.errors import IllegalTransition, NotFound, PermissionDenied, ValidationError
from app.datasets import access
from app.datasets.cli import datasets_cli
from app.datasets.models import AccessRequest
from app.extensions import db
from app.notifications.models import Notification
from tests.builders import (
    add_dist,
    approve,
    commit,
    complete_request,
    make_dataset,
    utc_today,
)
from tests.conftest import csrf_token, login, post_form


@pytest.fixture
def setup(make_user, make_org):
    owner = make_user("owner@example.org")
    org = make_org(owner, "IRCCS Demo", kind="research_hospital")
    ds = make_dataset(owner, org, "wf:restricted", access_rights="restricted")
    url = "https://vault.example.net/wf-secret.csv"
    dist = add_dist(owner, ds, url)
    requester = make_user("req@example.org")
    commit()
    return owner, ds, dist, url, requester


def _notes(user):
    return list(
        db.session.execute(
            select(Notification.kind)
            .where(Notification.user_id == user.id)
            .order_by(Notification.id)
        ).scalars()
    )


def _actions(ds_req_id):
    return list(
        db.session.execute(
            select(AuditEvent.action)
            .where(
                AuditEvent.target_type == "access_request", AuditEvent.target_id == str(ds_req_id)
            )
            .order_by(AuditEvent.id)
        ).scalars()
    )


def test_full_workflow_through_pages(client, as_user, setup, app):
    owner, ds, dist, url, requester = setup
    as_user(requester)
    access_url = f"/datasets/{ds.id}/distributions/{dist.id}/access"
    assert client.get(access_url).status_code == 403
    denied = db.session.execute(
        select(AuditEvent).where(AuditEvent.action == "distribution.access_denied")
    ).scalar_one()
    assert denied.actor_id == requester.id and denied.detail["distribution"] == dist.id
    r = post_form(
        client, f"/datasets/{ds.id}/request", {"org_id": "", "purpose": "health_research"}
    )
    assert r.status_code == 302
    req = db.session.execute(select(AccessRequest)).scalar_one()
    assert r.headers["Location"].endswith(f"/access-requests/{req.id}/step/2")
    steps = {
        2: {
            "research_question": "Readmissions?",
            "variables": "age, sex",
            "period_start": "2030-01-01",
            "period_end": "2030-12-31",
        },
        3: {"anonymised_ok": "y", "legal_basis": "scientific_research", "safeguards": "SPE"},
        4: {"environment": "hospital SPE", "compute": "8 CPU"},
    }
    for n, data in steps.items():
        r = post_form(client, f"/access-requests/{req.id}/step/{n}", data)
        assert r.status_code == 302, r.get_data(as_text=True)[:300]
    r = post_form(
        client, f"/access-requests/{req.id}/submit", {}, token_from=f"/access-requests/{req.id}"
    )
    assert r.status_code == 302
    db.session.expire_all()
    assert req.status == "submitted" and req.anonymised_ok is True
    assert "access_request.submitted" in _notes(owner)
    # publisher reviews
    client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/")})
    as_user(owner)
    token_page = f"/access-requests/{req.id}"
    assert (
        post_form(
            client, f"/access-requests/{req.id}/review", {"action": "start"}, token_from=token_page
        ).status_code
        == 302
    )
    expires = (utc_today() + timedelta(days=10)).isoformat()
    r = post_form(
        client,
        f"/access-requests/{req.id}/review",
        {"action": "approve", "conditions": "No linkage.", "expires_on": expires},
        token_from=token_page,
    )
    assert r.status_code == 302
    db.session.expire_all()
    assert req.status == "approved" and req.conditions == "No linkage."
    assert client.get(access_url).status_code == 403  # the publisher holds no approval
    audit = client.get(f"/datasets/{ds.id}/audit").get_data(as_text=True)
    assert "access_request.approved" in audit
    # requester downloads
    client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/")})
    as_user(requester)
    r = client.get(access_url)
    assert r.status_code == 302 and r.headers["Location"] == url
    assert (
        db.session.execute(
            select(AuditEvent).where(
                AuditEvent.action == "distribution.downloaded", AuditEvent.actor_id == requester.id
            )
        )
        .scalar_one()
        .detail["request"]
        == req.id
    )
    assert "access_request.approved" in _notes(requester)
    page = client.get(f"/access-requests/{req.id}?lang=en").get_data(as_text=True)
    table = page[page.index('id="history"') :]
    for label in ("Draft", "Submitted", "Under review", "Approved"):
        assert label in table
    assert [h["status"] for h in req.history] == ["draft", "submitted", "under_review", "approved"]


def test_expiry_by_cli(app, setup):
    owner, ds, dist, url, requester = setup
    req = complete_request(requester, ds)
    access.submit_request(requester, req)
    approve(owner, req, days=5)
    commit()
    client = app.test_client()

    login(client, requester.email)
    access_url = f"/datasets/{ds.id}/distributions/{dist.id}/access"
    assert client.get(access_url).status_code == 302
    runner = app.test_cli_runner()
    later = (utc_today() + timedelta(days=6)).isoformat()
    result = runner.invoke(datasets_cli, ["expire", "--today", utc_today().isoformat()])
    assert "expired: 0" in result.output
    result = runner.invoke(datasets_cli, ["expire", "--today", later])
    assert result.exit_code == 0 and "expired: 1" in result.output
    db.session.expire_all()
    assert req.status == "expired"
    assert client.get(access_url).status_code == 403
    assert "access_request.expired" in _actions(req.id)
    assert "access_request.expired" in _notes(requester)
    assert runner.invoke(datasets_cli, ["expire", "--today", "nope"]).exit_code != 0


def test_past_expiry_closes_access_even_before_the_cli(app, setup):
    owner, ds, dist, _url, requester = setup
    req = complete_request(requester, ds)
    access.submit_request(requester, req)
    approve(owner, req, days=5)
    req.expires_on = utc_today() - timedelta(days=1)
    commit()
    assert access.active_approval(requester, ds) is None


def test_revocation(client, as_user, setup):
    owner, ds, dist, _url, requester = setup
    req = complete_request(requester, ds)
    access.submit_request(requester, req)
    approve(owner, req)
    with pytest.raises(ValidationError):
        access.review_request(owner, req, "revoke", {"reason": ""})
    access.review_request(owner, req, "revoke", {"reason": "Breach of conditions"})
    commit()
    as_user(requester)
    assert client.get(f"/datasets/{ds.id}/distributions/{dist.id}/access").status_code == 403
    assert req.status == "revoked" and req.decision_reason == "Breach of conditions"
    assert "access_request.revoked" in _notes(requester)


def test_changes_requested_and_reject(setup):
    owner, ds, _dist, _url, requester = setup
    req = complete_request(requester, ds)
    access.submit_request(requester, req)
    access.review_request(owner, req, "start", {})
    access.review_request(owner, req, "changes", {"reason": "Narrow the variables"})
    assert req.status == "changes_requested"
    access.update_request(requester, req, {"variables": "age only"})
    assert req.status == "draft"
    access.submit_request(requester, req)
    access.review_request(owner, req, "start", {})
    access.review_request(owner, req, "reject", {"reason": "Out of scope"})
    assert req.status == "rejected"
    assert _actions(req.id)[-1] == "access_request.rejected"
    with pytest.raises(IllegalTransition):
        access.review_request(
            owner, req, "approve", {"expires_on": (utc_today() + timedelta(days=3)).isoformat()}
        )


@pytest.mark.parametrize(
    "status,action",
    [
        ("submitted", "revoke"),
        ("under_review", "start"),
        ("under_review", "revoke"),
    ],
)
def test_illegal_transitions_are_409_in_the_api(client, as_user, setup, status, action):
    owner, ds, _dist, _url, requester = setup
    req = complete_request(requester, ds)
    access.submit_request(requester, req)
    if status == "under_review":
        access.review_request(owner, req, "start", {})
    commit()
    as_user(owner)
    token = csrf_token(client, "/")
    r = client.post(
        f"/api/v1/datasets/access-requests/{req.id}/transitions",
        json={"action": action, "reason": "x", "expires_on": "2099-01-01"},
        headers={"X-CSRFToken": token},
    )
    assert r.status_code == 409
    assert r.get_json()["status"] == "Conflict"
    db.session.expire_all()
    assert req.status == status


def test_approving_a_new_request_opens_its_review_on_the_way(client, as_user, setup):
    """Issue 17 item 11: "Approva" on a request just submitted is a decision, not a 409."""
    owner, ds, _dist, _url, requester = setup
    req = complete_request(requester, ds)
    access.submit_request(requester, req)
    commit()
    as_user(owner)
    page = f"/access-requests/{req.id}"
    expires = (utc_today() + timedelta(days=30)).isoformat()
    data = {"action": "approve", "conditions": "Only aggregated tables.", "expires_on": expires}
    resp = post_form(client, f"{page}/review", data, token_from=page)
    assert resp.status_code == 302
    db.session.expire_all()
    assert req.status == "approved" and req.conditions == "Only aggregated tables."
    assert [e["status"] for e in req.history][-2:] == ["under_review", "approved"]
    # Deciding again (someone else already did): said on the form, in Italian, text kept.
    again = {**data, "action": "reject", "reason": "Il mio motivo dettagliato"}
    resp = post_form(client, f"{page}/review?lang=it", again, token_from=page)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 409
    assert "Il mio motivo dettagliato" in html  # what was typed is still there
    assert "Richiesta di accesso: non è possibile passare da" in html  # no raw state names
    db.session.expire_all()
    assert req.status == "approved"


def test_api_workflow_and_resubmit_conflict(client, as_user, setup):
    owner, ds, _dist, _url, requester = setup
    as_user(requester)
    token = csrf_token(client, "/")
    h = {"X-CSRFToken": token}
    r = client.post(
        f"/api/v1/datasets/{ds.id}/access-requests",
        headers=h,
        json={
            "purpose": "health_research",
            "research_question": "Q",
            "variables": "v",
            "period_start": "2030-01-01",
            "period_end": "2030-02-01",
            "legal_basis": "consent",
            "safeguards": "s",
            "environment": "e",
        },
    )
    assert r.status_code == 201, r.get_json()
    rid = r.get_json()["id"]
    r = client.post(
        f"/api/v1/datasets/access-requests/{rid}/transitions", headers=h, json={"action": "submit"}
    )
    assert r.status_code == 200 and r.get_json()["status"] == "submitted"
    r = client.post(
        f"/api/v1/datasets/access-requests/{rid}/transitions", headers=h, json={"action": "submit"}
    )
    assert r.status_code == 409
    r = client.patch(f"/api/v1/datasets/access-requests/{rid}", headers=h, json={"compute": "more"})
    assert r.status_code == 409
    mine = client.get("/api/v1/datasets/access-requests").get_json()["mine"]
    assert [m["id"] for m in mine] == [rid]


def test_permissions(setup, make_user):
    owner, ds, _dist, _url, requester = setup
    stranger = make_user("stranger@example.org")
    with pytest.raises(PermissionDenied):
        access.create_request(owner, ds, {"purpose": "research"})  # own dataset
    req = complete_request(requester, ds)
    with pytest.raises(NotFound):
        access.get_request(stranger, req.id)
    with pytest.raises(NotFound):
        access.get_request(owner, req.id)  # drafts are private
    access.submit_request(requester, req)
    assert access.get_request(owner, req.id) is req
    with pytest.raises(PermissionDenied):
        access.review_request(requester, req, "start", {})
    with pytest.raises(PermissionDenied):
        access.submit_request(stranger, req)


def test_approval_needs_future_expiry(setup):
    owner, ds, _dist, _url, requester = setup
    req = complete_request(requester, ds)
    access.submit_request(requester, req)
    access.review_request(owner, req, "start", {})
    for bad in ({}, {"expires_on": "2000-01-01"}, {"expires_on": "soon"}):
        with pytest.raises(ValidationError) as exc:
            access.review_request(owner, req, "approve", bad)
        assert exc.value.field == "expires_on"
    assert req.status == "under_review"


def test_submit_needs_every_step(setup):
    _owner, ds, _dist, _url, requester = setup
    req = access.create_request(requester, ds, {"purpose": "health_research"})
    with pytest.raises(ValidationError) as exc:
        access.submit_request(requester, req)
    assert exc.value.field == "research_question"
