"""Bad input on every form and endpoint: a clear message naming the field, nothing written."""

from __future__ import annotations

import pytest

from app.audit.models import AuditEvent
from app.challenges.models import (
    Attachment,
    Challenge,
    ChallengeInvitation,
    ChallengeQuestion,
    ChallengeResponse,
)
from app.notifications.models import Notification
from tests.challenges.conftest import (
    CHALLENGE,
    api_post,
    client_for,
    count,
    form_post,
    future,
    make_challenge,
    make_response,
)

TABLES = (
    Challenge,
    ChallengeResponse,
    ChallengeQuestion,
    ChallengeInvitation,
    Attachment,
    AuditEvent,
    Notification,
)


def _snapshot():
    return {m.__name__: count(m) for m in TABLES}


def _field_message(resp, field):
    body = resp.json
    errors = body.get("errors", {})
    flat = {**errors, **errors.get("json", {}), **errors.get("files", {})}
    assert field in flat, body
    return " ".join(map(str, flat[field]))


BAD_CHALLENGES = [
    ({"title": ""}, "title", "required"),
    ({"description": " "}, "description", "required"),
    ({"deadline": "2001-01-01"}, "deadline", "future"),
    ({"deadline": "next week"}, "deadline", "YYYY-MM-DD"),
    ({"budget": "lots"}, "budget", "euro"),
    ({"budget": "-5"}, "budget", "negative"),
    ({"trl_required": 12}, "trl_required", "between"),
    ({"area": "astrology"}, "area", "not one of"),
    ({"title": "x" * 201}, "title", "at most 200"),
]


@pytest.mark.parametrize("patch,field,words", BAD_CHALLENGES)
def test_create_challenge_api_bad_input(app, eco, patch, field, words):
    client = client_for(app, eco.poster)
    before = _snapshot()
    resp = api_post(client, "/api/v1/challenges", {**CHALLENGE, "deadline": future(), **patch})
    assert resp.status_code == 422
    assert words in _field_message(resp, field)
    assert _snapshot() == before


@pytest.mark.parametrize("patch,field,words", BAD_CHALLENGES[:6])
def test_create_challenge_page_bad_input(app, eco, patch, field, words):
    client = client_for(app, eco.poster)
    before = _snapshot()
    data = {**CHALLENGE, "deadline": future(), "org_id": str(eco.company.id), **patch}
    resp = form_post(client, "/challenges/new", {k: str(v) for k, v in data.items()})
    assert resp.status_code == 422
    html = resp.get_data(as_text=True)
    assert f'id="{field}-err"' in html or "Not a valid date" in html
    assert _snapshot() == before


def test_edit_challenge_bad_input_keeps_draft(app, eco):
    ch = make_challenge(eco, "draft")
    client = client_for(app, eco.poster)
    before = _snapshot()
    resp = api_post(client, f"/api/v1/challenges/{ch.id}", {"budget": "1.2345"}, method="PATCH")
    assert resp.status_code == 422 and "two decimals" in _field_message(resp, "budget")
    resp = form_post(client, f"/challenges/{ch.id}/edit", {"title": "", "description": "d"})
    assert resp.status_code == 422 and b"title-err" in resp.data
    assert _snapshot() == before
    assert client.get(f"/api/v1/challenges/{ch.id}").json["title"] == CHALLENGE["title"]


def test_edit_published_challenge_is_409(app, eco):
    ch = make_challenge(eco, "open")
    client = client_for(app, eco.poster)
    resp = api_post(client, f"/api/v1/challenges/{ch.id}", {"title": "New"}, method="PATCH")
    assert resp.status_code == 409 and "only a draft" in resp.json["message"]


def test_question_and_answer_bad_input(app, eco, challenge):
    asker = client_for(app, eco.solver)
    before = _snapshot()
    resp = api_post(asker, f"/api/v1/challenges/{challenge.id}/questions", {"question": " "})
    assert resp.status_code == 422 and "required" in _field_message(resp, "question")
    resp = form_post(asker, f"/challenges/{challenge.id}/questions", {"question": "q" * 2001})
    assert resp.status_code == 422 and b"at most 2000" in resp.data
    assert _snapshot() == before
    api_post(asker, f"/api/v1/challenges/{challenge.id}/questions", {"question": "Budget?"})
    qid = asker.get(f"/api/v1/challenges/{challenge.id}/questions").json[0]["id"]
    poster = client_for(app, eco.poster)
    before = _snapshot()
    resp = api_post(
        poster,
        f"/api/v1/challenges/{challenge.id}/questions/{qid}/answer",
        {"answer": ""},
        method="PUT",
    )
    assert resp.status_code == 422 and "required" in _field_message(resp, "answer")
    resp = api_post(
        poster,
        f"/api/v1/challenges/{challenge.id}/questions/999/answer",
        {"answer": "Yes"},
        method="PUT",
    )
    assert resp.status_code == 404
    assert _snapshot() == before


BAD_RESPONSES = [
    ({"summary": ""}, "summary", "required"),
    ({"trl_current": 0}, "trl_current", "between"),
    ({"estimated_cost": "free"}, "estimated_cost", "euro"),
    ({"org_id": 99999}, "org_id", "your organisations"),
]


@pytest.mark.parametrize("patch,field,words", BAD_RESPONSES)
def test_response_api_bad_input(app, eco, challenge, patch, field, words):
    client = client_for(app, eco.solver)
    before = _snapshot()
    resp = api_post(
        client, f"/api/v1/challenges/{challenge.id}/responses", {"summary": "ok", **patch}
    )
    assert resp.status_code == 422
    assert words in _field_message(resp, field)
    assert _snapshot() == before


def test_response_page_bad_input(app, eco, challenge):
    client = client_for(app, eco.solver)
    before = _snapshot()
    resp = form_post(
        client,
        f"/challenges/{challenge.id}/respond",
        {"org_id": str(eco.startup.id), "summary": "", "estimated_cost": "x"},
    )
    assert resp.status_code == 422 and b"summary-err" in resp.data
    resp = form_post(
        client,
        f"/challenges/{challenge.id}/respond",
        {"org_id": str(eco.startup.id), "summary": "ok", "trl_current": "42"},
    )
    assert resp.status_code == 422 and b"trl_current-err" in resp.data
    assert _snapshot() == before


def test_duplicate_response_is_409(app, eco, challenge):
    make_response(eco, challenge)
    client = client_for(app, eco.solver)
    before = _snapshot()
    resp = api_post(client, f"/api/v1/challenges/{challenge.id}/responses", {"summary": "2nd"})
    assert resp.status_code == 409 and "already responded" in resp.json["message"]
    assert _snapshot() == before


def test_response_edit_and_review_bad_input(app, eco, challenge):
    response = make_response(eco, challenge)
    base = f"/challenges/{challenge.id}/responses/{response.id}"
    author = client_for(app, eco.solver)
    poster = client_for(app, eco.poster)
    before = _snapshot()
    resp = api_post(
        author,
        "/api" + base.replace("/challenges", "/v1/challenges", 1),
        {"summary": ""},
        method="PATCH",
    )
    assert resp.status_code == 422 and "required" in _field_message(resp, "summary")
    resp = form_post(author, base + "/edit", {"summary": "", "approach": "a"})
    assert resp.status_code == 422 and b"summary-err" in resp.data
    resp = form_post(poster, base + "/review", {"action": "reject", "feedback": ""})
    assert resp.status_code == 422 and b"feedback" in resp.data
    resp = form_post(poster, base + "/review", {"action": "dance"})
    assert resp.status_code == 422 and b"not one of" in resp.data
    assert _snapshot() == before


def test_invite_bad_input(app, eco, challenge):
    client = client_for(app, eco.poster)
    url = f"/api/v1/challenges/{challenge.id}/invitations"
    before = _snapshot()
    for payload, words in (
        ({"org_id": 99999}, "no such"),
        ({"org_id": eco.company.id}, "your own company"),
    ):
        resp = api_post(client, url, payload)
        assert resp.status_code == 422 and words in _field_message(resp, "org_id")
    resp = api_post(client, url, {"org_id": "abc"})
    assert resp.status_code == 422
    resp = form_post(client, f"/challenges/{challenge.id}/invite", {"org_id": "abc"})
    assert resp.status_code == 422 and b"whole number" in resp.data
    assert _snapshot() == before


def test_listing_bad_parameters(app, eco, challenge):
    client = client_for(app)
    resp = client.get("/api/v1/challenges?area=astrology&trl=99")
    assert resp.status_code == 422
    page = client.get("/challenges?area=astrology")
    assert page.status_code == 200 and b"astrology" in page.data  # the warning names it


def test_unknown_ids_are_404(app, eco):
    client = client_for(app, eco.poster)
    for url in (
        "/challenges/424242",
        "/api/v1/challenges/424242",
        "/challenges/files/9999",
        "/api/v1/challenges/424242/questions",
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("who", ["solver", "staff"])
def test_post_a_challenge_page_refuses_who_cannot_post(app, eco, who):
    # A start-up owner or staff typing the URL got the form with an empty company list and a
    # button that could only fail (page walk): now the reason, 403, and no form.
    client = client_for(app, getattr(eco, who))
    page = client.get("/challenges/new?lang=it")
    html = page.get_data(as_text=True)
    assert page.status_code == 403 and "Solo i titolari di un" in html
    assert 'name="title"' not in html
