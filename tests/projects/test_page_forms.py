"""The projects pages' forms go through the one submit helper: a service error is shown on the
form (422, what was typed kept) and nothing is written; a refusal goes to the error page."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.extensions import db
from app.projects import reports
from app.projects.models import FundedProject, FundingCall, ProgressReport, ProjectOutput
from tests.conftest import login, post_form
from tests.projects import fixtures


@pytest.fixture(autouse=True)
def _no_matcher(app, monkeypatch):
    """These pages need no suggestions: keep the embedding model out."""
    monkeypatch.setitem(app.config, "MATCHING_ENABLED", False)


def _count(model) -> int:
    db.session.rollback()
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def test_a_call_with_a_taken_code_is_shown_on_the_form(app, client):
    w = fixtures.build()
    login(client, w.staff.email)
    before = (_count(FundingCall), _count(AuditEvent))
    resp = post_form(
        client,
        "/projects/calls/new?lang=en",
        {"programme": "POR FESR", "code": "CALL-A", "title": "Typed title"},
    )
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert "another call already uses this code" in html and "Typed title" in html
    assert (_count(FundingCall), _count(AuditEvent)) == before


def test_a_project_breaking_a_rule_is_shown_on_the_form(app, client):
    w = fixtures.build()
    login(client, w.staff.email)
    before = (_count(FundedProject), _count(AuditEvent))
    resp = post_form(
        client,
        "/projects/new?lang=en",
        {
            "call_id": w.call_a.id,
            "acronym": "NEWP",
            "title": "Typed project",
            "lead": w.lead.slug,
            "total_cost": "1000",
            "grant_amount": "2000",
            "start_date": "2025-01-01",
            "end_date": "2025-12-31",
            "status": "active",
        },
    )
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422, html[:2000]
    assert "exceed the total cost" in html and "Typed project" in html
    assert (_count(FundedProject), _count(AuditEvent)) == before


def test_an_output_without_its_doi_is_shown_on_the_form(app, client):
    w = fixtures.build()
    login(client, w.lead_owner.email)
    before = (_count(ProjectOutput), _count(AuditEvent))
    resp = post_form(
        client,
        f"/projects/{w.p1.id}/outputs/new?lang=en",
        {"kind": "publication", "title": "Typed paper", "doi": "not-a-doi"},
    )
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert "not a DOI" in html and "Typed paper" in html
    assert (_count(ProjectOutput), _count(AuditEvent)) == before


def test_a_review_sent_back_without_comment_says_so_and_an_accepted_one_is_409(app, client):
    w = fixtures.build()
    r2 = reports.submit_report(
        w.lead_owner,
        w.p1,
        {"period_start": "2024-07-01", "period_end": "2024-12-31", "narrative": "Second"},
    )
    db.session.commit()
    login(client, w.staff.email)
    page = f"/projects/reports/{r2.id}"
    before = (_count(AuditEvent), db.session.get(ProgressReport, r2.id).status)
    resp = post_form(
        client,
        f"/projects/reports/{r2.id}/review?lang=en",
        {"decision": "return", "comment": ""},
        token_from=page,
    )
    assert resp.status_code == 422
    assert "say what must be corrected" in resp.get_data(as_text=True)
    assert (_count(AuditEvent), db.session.get(ProgressReport, r2.id).status) == before
    again = post_form(
        client,
        f"/projects/reports/{w.r1.id}/review",
        {"decision": "return", "comment": "Why?"},
        token_from=page,
    )
    assert again.status_code == 409
    assert db.session.get(ProgressReport, w.r1.id).status == "accepted"
