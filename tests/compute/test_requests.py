"""Compute requests: transition table, 409s, the data-access approval check, usage, risk."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.compute import requests
from app.compute.models import ComputeRequest
from app.core.errors import Conflict, IllegalTransition, NotFound, PermissionDenied, ValidationError
from app.datasets import access
from app.extensions import db
from tests.builders import approved_access, commit, user
from tests.builders import compute_draft as draft
from tests.builders import compute_request_data as request_data
from tests.builders import compute_world as world


def test_every_illegal_transition_is_refused():
    states = set(requests.TRANSITIONS)
    targets = set(requests.ACTIONS.values()) | {"submitted", "expired"}
    assert targets <= states
    for s, allowed in requests.TRANSITIONS.items():
        assert allowed <= states, s
    finals = {s for s, allowed in requests.TRANSITIONS.items() if not allowed}
    assert finals == {"rejected", "closed", "expired", "revoked"}


def test_linked_approval_journey_and_provider_decision(app):
    staff, provider, secure, _gpu, requester, org = world()
    approval = approved_access(requester)
    req = draft(requester, secure, org, needs_restricted_data=True)
    with pytest.raises(ValidationError) as exc:
        requests.submit_request(requester, req)
    assert exc.value.field == "access_request_id"
    requests.update_request(requester, req, {"access_request_id": approval.id})
    requests.submit_request(requester, req)
    commit()
    assert req.status == "submitted"
    with pytest.raises(PermissionDenied):
        requests.decide_request(requester, req, "approve", {})
    # The approval is checked again at decision time, not trusted from submission.
    access.review_request(
        db.session.get(type(approval), approval.id).dataset.publisher.memberships[0].user,
        approval,
        "revoke",
        {"reason": "Misuse"},
    )
    with pytest.raises(ValidationError) as exc:
        requests.decide_request(provider, req, "approve", {})
    assert exc.value.field == "access_request_id"
    db.session.rollback()


def test_provider_approves_activates_reports_use_and_closes(app):
    staff, provider, secure, _gpu, requester, org = world()
    approval = approved_access(requester)
    req = draft(requester, secure, org, access_request_id=approval.id)
    assert req.needs_restricted_data  # linking an approval implies restricted data
    requests.submit_request(requester, req)
    requests.decide_request(provider, req, "approve", {"allocated_hours": 300, "conditions": "x"})
    assert (req.status, req.allocated_hours, req.decided_by_id) == ("approved", 300, provider.id)
    with pytest.raises(IllegalTransition):
        requests.decide_request(provider, req, "approve", {})
    with pytest.raises(Conflict):
        requests.report_usage(provider, req, {"period": "2030-01", "hours_used": 1})
    requests.decide_request(provider, req, "activate", {})
    month = req.period_start.strftime("%Y-%m")
    with pytest.raises(ValidationError):
        requests.report_usage(provider, req, {"period": "1999-01", "hours_used": 1})
    with pytest.raises(ValidationError):
        requests.report_usage(provider, req, {"period": "soon", "hours_used": 1})
    requests.report_usage(provider, req, {"period": month, "hours_used": 280})
    assert requests.risk(req) == "nearly_used"
    requests.report_usage(provider, req, {"period": month, "hours_used": 10})
    assert requests.used_hours(req) == 10 and requests.risk(req) is None
    requests.decide_request(provider, req, "close", {})
    commit()
    assert [h["status"] for h in req.history] == [
        "draft",
        "submitted",
        "approved",
        "active",
        "closed",
    ]
    with pytest.raises(IllegalTransition):
        requests.decide_request(staff, req, "revoke", {"reason": "late"})


@pytest.mark.parametrize(
    "over, field",
    [
        ({"gpu_hours": 0}, "gpu_hours"),
        ({"gpu_hours": "lots"}, "gpu_hours"),
        ({"title": ""}, "title"),
        ({"period_start": "2030-13-01"}, "period_start"),
        ({"period_end": "2000-01-01"}, "period_end"),
        ({"org_id": 999999}, "org_id"),
        ({"needs_restricted_data": "perhaps"}, "needs_restricted_data"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(app, over, field):
    _staff, _p, _secure, gpu, requester, org = world()
    commit()
    with pytest.raises(ValidationError) as exc:
        draft(requester, gpu, org, **over)
    assert exc.value.field == field
    db.session.rollback()
    assert db.session.query(ComputeRequest).count() == 0


def test_someone_elses_approval_and_a_plain_cluster_are_refused(app):
    _staff, _p, secure, gpu, requester, org = world()
    stranger = user("stranger@example.org")
    theirs = approved_access(stranger)
    req = draft(requester, secure, org, access_request_id=theirs.id)
    with pytest.raises(ValidationError, match="not one of your"):
        requests.submit_request(requester, req)
    mine = approved_access(requester, days=5)  # ends before the period does
    requests.update_request(requester, req, {"access_request_id": mine.id})
    with pytest.raises(ValidationError) as exc:
        requests.submit_request(requester, req)
    assert exc.value.field == "period_end"
    requests.update_request(requester, req, request_data(org, days=3))
    requests.submit_request(requester, req)
    on_gpu = draft(requester, gpu, org, access_request_id=mine.id, days=3)
    with pytest.raises(ValidationError, match="secure environment"):
        requests.submit_request(requester, on_gpu)


def test_visibility_expiry_and_unused_risk(app):
    staff, provider, secure, gpu, requester, org = world()
    req = draft(requester, gpu, org)
    commit()
    with pytest.raises(NotFound):
        requests.get_request(staff, req.id)  # a draft is the requester's own
    requests.submit_request(requester, req)
    assert requests.get_request(staff, req.id) is req
    with pytest.raises(NotFound):
        requests.get_request(provider, req.id)  # not the provider of the GPU cluster
    requests.decide_request(staff, req, "approve", {})
    requests.decide_request(staff, req, "activate", {})
    assert requests.risk(req, today=req.period_start + timedelta(days=31)) == "unused"
    assert requests.expire_requests(today=req.period_end + timedelta(days=1)) == 1
    assert req.status == "expired"
    with pytest.raises(IllegalTransition):
        requests.update_request(requester, req, {"gpu_hours": 10})
    assert requests.expire_requests(today=date.today() + timedelta(days=999)) == 0
