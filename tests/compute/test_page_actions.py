"""The compute request page's buttons through `submit_form`: a refused send or decision answers
422 on the request page with the message, and writes nothing and mails nobody."""

from __future__ import annotations

from app.audit.models import AuditEvent
from app.compute.models import ComputeRequest
from app.extensions import db
from app.mail import outbox_messages
from app.notifications.models import Notification
from tests.auth.helpers import count
from tests.builders import commit
from tests.builders import compute_draft as draft
from tests.builders import compute_world as world
from tests.conftest import login, post_form


def _snapshot() -> dict:
    return {
        "notifications": count(Notification),
        "audit": count(AuditEvent),
        "mail": len(outbox_messages()),
    }


def test_send_without_the_needed_approval_writes_nothing(app):
    _staff, _provider, secure, _gpu, requester, org = world()
    req = draft(requester, secure, org, needs_restricted_data=True)
    commit()
    client = app.test_client()
    login(client, requester.email)
    page = f"/compute/requests/{req.id}"
    before = _snapshot()
    resp = post_form(client, f"{page}/submit?lang=en", {}, token_from=page)
    assert resp.status_code == 422
    html = resp.get_data(as_text=True)
    assert 'id="submit-error"' in html and "access_request_id" in html
    assert _snapshot() == before
    db.session.expire_all()
    assert db.session.get(ComputeRequest, req.id).status == "draft"


def test_reject_without_reason_writes_nothing(app):
    _staff, _provider, _secure, gpu, requester, org = world()
    req = draft(requester, gpu, org)
    commit()
    client = app.test_client()
    login(client, requester.email)
    page = f"/compute/requests/{req.id}"
    assert post_form(client, f"{page}/submit", {}, token_from=page).status_code == 302
    boss = app.test_client()
    login(boss, "staff@example.org")
    before = _snapshot()
    bad = post_form(
        boss, f"{page}/decide?lang=en", {"action": "reject", "reason": ""}, token_from=page
    )
    assert bad.status_code == 422 and "reason" in bad.get_data(as_text=True)
    assert _snapshot() == before
    db.session.expire_all()
    assert db.session.get(ComputeRequest, req.id).status == "submitted"
