"""The challenge and response state machines: every legal and illegal transition."""

from __future__ import annotations

import pytest

from app.audit.models import AuditEvent
from app.challenges import workflow
from app.challenges.models import CHALLENGE_STATUSES, RESPONSE_STATUSES, Challenge
from app.challenges.responses import update_response
from app.core.errors import IllegalTransition, PermissionDenied, ValidationError
from app.extensions import db
from tests.challenges.conftest import api_post, client_for, count, make_challenge, make_response

ACTIONS = list(workflow.CHALLENGE_ACTIONS)


def _force(obj, status):
    """Put an object in a given state (test set-up for the exhaustive matrix)."""
    obj.status = status
    db.session.commit()


def _actor(eco, action):
    return eco.staff if action == "approve" or action == "return" else eco.poster


def _prepare_award(eco, challenge):
    """An accepted response so that 'award' is allowed when the state permits it."""
    make_response(eco, challenge)
    resp = workflow.responses_of(challenge)[0]
    resp.status = "accepted"
    db.session.commit()


def test_challenge_transition_matrix_service(eco):
    challenge = make_challenge(eco, "open")
    _prepare_award(eco, challenge)
    for status in CHALLENGE_STATUSES:
        for action in ACTIONS:
            _force(challenge, status)
            target = workflow.CHALLENGE_ACTIONS[action][0]
            comment = "Please add the budget" if action == "return" else ""
            if target in workflow.CHALLENGE_TRANSITIONS[status]:
                workflow.transition_challenge(_actor(eco, action), challenge, action, comment)
                db.session.commit()
                assert db.session.get(Challenge, challenge.id).status == target
            else:
                with pytest.raises(IllegalTransition):
                    workflow.transition_challenge(_actor(eco, action), challenge, action, comment)
                db.session.rollback()
                assert db.session.get(Challenge, challenge.id).status == status, (status, action)


def test_challenge_transition_matrix_api(app, eco):
    challenge = make_challenge(eco, "open")
    _prepare_award(eco, challenge)
    clients = {"poster": client_for(app, eco.poster), "staff": client_for(app, eco.staff)}
    url = f"/api/v1/challenges/{challenge.id}/transitions"
    for status in CHALLENGE_STATUSES:
        for action in ACTIONS:
            _force(challenge, status)
            who = "staff" if action in ("approve", "return") else "poster"
            resp = api_post(clients[who], url, {"action": action, "comment": "Why: budget"})
            target = workflow.CHALLENGE_ACTIONS[action][0]
            db.session.expire_all()
            now = db.session.get(Challenge, challenge.id).status
            if target in workflow.CHALLENGE_TRANSITIONS[status]:
                assert resp.status_code == 200, (status, action, resp.json)
                assert resp.json["status"] == target and now == target
            else:
                assert resp.status_code == 409, (status, action, resp.json)
                assert resp.json["errors"]["status"]
                assert now == status, "an illegal transition changed the state"


def test_page_transition_illegal_is_409_with_message(app, eco):
    challenge = make_challenge(eco, "draft")
    client = client_for(app, eco.poster)
    resp = client.post(
        f"/challenges/{challenge.id}/transition",
        data={"csrf_token": client.token, "action": "evaluate"},
    )
    assert resp.status_code == 409
    assert "cannot go from" in resp.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Challenge, challenge.id).status == "draft"


def test_only_staff_approve_and_only_owners_submit(eco):
    challenge = make_challenge(eco, "draft")
    with pytest.raises(PermissionDenied):
        workflow.transition_challenge(eco.colleague, challenge, "submit")
    workflow.transition_challenge(eco.poster, challenge, "submit")
    with pytest.raises(PermissionDenied):
        workflow.transition_challenge(eco.poster, challenge, "approve")
    workflow.transition_challenge(eco.staff, challenge, "approve")
    assert challenge.status == "open" and challenge.published_at is not None


def test_return_needs_a_comment_and_goes_back_to_draft(app, eco):
    challenge = make_challenge(eco, "submitted")
    with pytest.raises(ValidationError) as exc:
        workflow.transition_challenge(eco.staff, challenge, "return", "")
    assert exc.value.field == "comment"
    db.session.rollback()
    workflow.transition_challenge(eco.staff, challenge, "return", "Add a budget, please")
    db.session.commit()
    assert challenge.status == "draft" and challenge.review_comment == "Add a budget, please"
    page = client_for(app, eco.poster).get(f"/challenges/{challenge.id}")
    assert "Add a budget, please" in page.get_data(as_text=True)


def test_award_needs_an_accepted_response(app, eco):
    challenge = make_challenge(eco, "evaluating")
    resp = api_post(
        client_for(app, eco.poster),
        f"/api/v1/challenges/{challenge.id}/transitions",
        {"action": "award"},
    )
    assert resp.status_code == 409
    assert "Accept at least one response" in resp.json["message"]


def test_unknown_action_is_422(app, eco):
    challenge = make_challenge(eco, "draft")
    resp = api_post(
        client_for(app, eco.poster),
        f"/api/v1/challenges/{challenge.id}/transitions",
        {"action": "explode"},
    )
    assert resp.status_code == 422 and "action" in resp.json["errors"]


REVIEWS = list(workflow.REVIEW_ACTIONS)


def test_response_transition_matrix_service_and_api(app, eco):
    challenge = make_challenge(eco, "open")
    response = make_response(eco, challenge)
    client = client_for(app, eco.poster)
    url = f"/api/v1/challenges/{challenge.id}/responses/{response.id}/review"
    for status in RESPONSE_STATUSES:
        for action in REVIEWS:
            target = workflow.REVIEW_ACTIONS[action]
            legal = target in workflow.RESPONSE_TRANSITIONS[status]
            # service
            _force(response, status)
            if legal:
                workflow.review_response(eco.poster, response, action, "Because")
                db.session.commit()
                assert response.status == target
            else:
                with pytest.raises(IllegalTransition):
                    workflow.review_response(eco.poster, response, action, "Because")
                db.session.rollback()
                assert response.status == status
            # API
            _force(response, status)
            resp = api_post(client, url, {"action": action, "feedback": "Because"})
            db.session.expire_all()
            assert resp.status_code == (200 if legal else 409), (status, action, resp.json)
            assert response.status == (target if legal else status)


def test_reject_needs_feedback_and_writes_nothing(app, eco):
    challenge = make_challenge(eco, "open")
    response = make_response(eco, challenge)
    client = client_for(app, eco.poster)
    events = count(AuditEvent)
    resp = api_post(
        client,
        f"/api/v1/challenges/{challenge.id}/responses/{response.id}/review",
        {"action": "reject", "feedback": "  "},
    )
    assert resp.status_code == 422 and "feedback" in resp.json["errors"]
    db.session.expire_all()
    assert response.status == "submitted"
    assert count(AuditEvent) == events


def test_responder_answering_info_request_resubmits(eco):
    challenge = make_challenge(eco, "open")
    response = make_response(eco, challenge)
    workflow.review_response(eco.poster, response, "request_info", "Which markers?")

    update_response(eco.solver, response, {"approach": "PCT and IL-6"})
    assert response.status == "submitted" and response.approach == "PCT and IL-6"


def test_moderation_queue_and_mine_via_api(app, eco):
    ch = make_challenge(eco, "submitted")
    staff = client_for(app, eco.staff)
    assert [c["id"] for c in staff.get("/api/v1/challenges/moderation").json] == [ch.id]
    assert client_for(app, eco.poster).get("/api/v1/challenges/moderation").status_code == 403
    assert [
        c["status"] for c in client_for(app, eco.colleague).get("/api/v1/challenges/mine").json
    ] == ["submitted"]
    assert client_for(app, eco.rival).get("/api/v1/challenges/mine").json == []
