"""Deadlines: responses are editable until the deadline, refused afterwards with the reason."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest

from app.challenges import services, workflow
from app.challenges.models import ChallengeResponse
from app.core.db import utcnow
from app.core.errors import ValidationError
from app.extensions import db
from tests.challenges.conftest import (
    PDF,
    api_post,
    client_for,
    count,
    form_post,
    future,
    make_challenge,
    make_response,
)


def _expire(challenge):
    """Move the deadline into the past (time passing)."""
    challenge.deadline = utcnow() - timedelta(minutes=1)
    db.session.commit()


def test_response_before_deadline_is_editable(app, eco, challenge):
    response = make_response(eco, challenge)
    client = client_for(app, eco.solver)
    resp = api_post(
        client,
        f"/api/v1/challenges/{challenge.id}/responses/{response.id}",
        {"timeline": "9 months"},
        method="PATCH",
    )
    assert resp.status_code == 200 and resp.json["timeline"] == "9 months"
    page = form_post(
        client,
        f"/challenges/{challenge.id}/responses/{response.id}/edit",
        {"summary": "Better summary", "timeline": "8 months"},
    )
    assert page.status_code == 302
    db.session.expire_all()
    assert db.session.get(ChallengeResponse, response.id).summary == "Better summary"


def test_after_deadline_nothing_is_accepted_and_the_message_says_why(app, eco, challenge):
    response = make_response(eco, challenge)
    _expire(challenge)
    before = count(ChallengeResponse)
    solver, rival = client_for(app, eco.solver), client_for(app, eco.rival)
    new = api_post(rival, f"/api/v1/challenges/{challenge.id}/responses", {"summary": "Late"})
    assert new.status_code == 409 and "deadline" in new.json["message"]
    assert "has passed" in new.json["message"]
    # The deadline in Rome time and the British English form, not the server's UTC default.
    assert "UTC" not in new.json["message"] and not re.search(r"\d\s*[AP]M", new.json["message"])
    page = form_post(
        rival, f"/challenges/{challenge.id}/respond", {"org_id": str(eco.uni.id), "summary": "Late"}
    )
    assert page.status_code == 409 and b"has passed" in page.data
    edit = api_post(
        solver,
        f"/api/v1/challenges/{challenge.id}/responses/{response.id}",
        {"summary": "Changed"},
        method="PATCH",
    )
    assert edit.status_code == 409 and "has passed" in edit.json["message"]
    upload = solver.post(
        f"/api/v1/challenges/{challenge.id}/responses/{response.id}/files",
        data={"file": (io.BytesIO(PDF), "late.pdf")},
        headers={"X-CSRFToken": solver.token},
        content_type="multipart/form-data",
    )
    assert upload.status_code == 409
    assert count(ChallengeResponse) == before
    db.session.expire_all()
    assert db.session.get(ChallengeResponse, response.id).summary.startswith("Our microfluidic")
    detail = rival.get(f"/challenges/{challenge.id}").get_data(as_text=True)
    assert "has passed" in detail and 'id="respond-link"' not in detail


def test_response_to_a_closed_challenge_says_it_is_not_open(app, eco):
    ch = make_challenge(eco, "evaluating")
    resp = api_post(
        client_for(app, eco.solver), f"/api/v1/challenges/{ch.id}/responses", {"summary": "Hi"}
    )
    assert resp.status_code == 409 and "not open" in resp.json["message"]
    # The status as the reader knows it, not the stored code.
    assert "(it is evaluating)" in resp.json["message"]
    italian = api_post(
        client_for(app, eco.solver),
        f"/api/v1/challenges/{ch.id}/responses?lang=it",
        {"summary": "Ciao"},
    )
    assert italian.status_code == 409 and "evaluating" not in italian.json["message"]


def test_submit_needs_a_future_deadline(eco):
    ch = make_challenge(eco, "draft", deadline="")
    with pytest.raises(ValidationError) as exc:
        workflow.transition_challenge(eco.poster, ch, "submit")
    assert exc.value.field == "deadline"
    assert ch.status == "draft"


def test_deadline_is_end_of_day_in_rome(eco):
    ch = make_challenge(eco, "draft", deadline="2099-03-10")
    local = services.as_utc(ch.deadline).astimezone(services.ROME)
    assert (local.year, local.month, local.day, local.hour, local.minute) == (2099, 3, 10, 23, 59)


def test_deadline_facets(app, eco):

    make_challenge(eco, "open", deadline=future(3), title="Soon")
    make_challenge(eco, "open", deadline=future(20), title="Month")
    make_challenge(eco, "open", deadline=future(90), title="Later")
    late = make_challenge(eco, "open", deadline=future(5), title="Gone")
    _expire(late)
    client = client_for(app)
    titles = {
        band: [c["title"] for c in client.get(f"/api/v1/challenges?deadline={band}").json]
        for band in ("week", "month", "later", "passed")
    }
    assert titles == {
        "week": ["Soon"],
        "month": ["Soon", "Month"],
        "later": ["Later"],
        "passed": ["Gone"],
    }
