"""Bad input gets a clear message naming the field and writes nothing."""

import pytest
from sqlalchemy import func, select

from app.audit.services import list_events
from app.extensions import db
from app.projects.models import FundedProject, ProgressReport
from tests.a11y import assert_error_tied
from tests.conftest import csrf_token, login
from tests.projects import fixtures


def _payload(w, **over):
    data = {
        "call_id": w.call_a.id,
        "acronym": "NEW",
        "title": "New project",
        "lead": w.lead.slug,
        "total_cost": 1000,
        "grant_amount": 500,
        "start_date": "2025-01-01",
        "end_date": "2025-12-31",
    }
    data.update(over)
    return data


def _count(model):
    return db.session.execute(select(func.count(model.id))).scalar_one()


@pytest.mark.parametrize(
    "over,field,words",
    [
        ({"end_date": "2024-12-31"}, "end_date", "end after it starts"),
        ({"total_cost": -5}, "total_cost", "negative"),
        ({"grant_amount": 2000}, "grant_amount", "exceed the total cost"),
        ({"grant_amount": 950000, "total_cost": 2000000}, "grant_amount", "budget"),
        (
            {
                "partners": [
                    {"org": "acme-sensors", "cost_share": 600},
                    {"org": "uni-pavia-lab", "cost_share": 500},
                ]
            },
            "partners",
            "110%",
        ),
        ({"partners": [{"org": "nobody-here"}]}, "partners", "no organisation"),
        (
            {"milestones": [{"title": "Too late", "due_date": "2026-03-01"}]},
            "milestones",
            "outside the project",
        ),
    ],
)
def test_project_rules_via_api(app, client, over, field, words):
    w = fixtures.build()
    login(client, w.staff.email)
    before = _count(FundedProject)
    resp = client.post(
        "/api/v1/projects?lang=en",
        json=_payload(w, **over),
        headers={"X-CSRFToken": csrf_token(client, "/projects")},
    )
    assert resp.status_code == 422, resp.get_json()
    body = resp.get_json()
    assert field in body["errors"] and words in body["message"]
    assert _count(FundedProject) == before


@pytest.mark.parametrize(
    "lang,budget,milestone",
    [("it", "1.000.000\u00a0€", "1 mar 2026"), ("en", "€1,000,000", "1 Mar 2026")],
)
def test_rule_messages_write_money_and_dates_in_the_locale(app, client, lang, budget, milestone):
    """The budget and milestone messages show amounts and days as the pages do (issue 14 item 3),
    not '1000000.00 EUR' or '2026-03-01'."""
    w = fixtures.build()
    login(client, w.staff.email)
    token = csrf_token(client, "/projects")
    over = {"grant_amount": 950000, "total_cost": 2000000}
    resp = client.post(
        f"/api/v1/projects?lang={lang}", json=_payload(w, **over), headers={"X-CSRFToken": token}
    )
    message = resp.get_json()["message"]
    assert resp.status_code == 422 and budget in message and "EUR" not in message, message
    late = {"milestones": [{"title": "Too late", "due_date": "2026-03-01"}]}
    resp = client.post(
        f"/api/v1/projects?lang={lang}", json=_payload(w, **late), headers={"X-CSRFToken": token}
    )
    message = resp.get_json()["message"]
    assert resp.status_code == 422 and milestone in message and "2026-03-01" not in message, message


def test_project_form_rerenders_with_message(app, client):
    w = fixtures.build()
    login(client, w.staff.email)
    data = {
        "call_id": w.call_a.id,
        "acronym": "X",
        "title": "X",
        "lead": w.lead.slug,
        "total_cost": "100",
        "grant_amount": "200",
        "start_date": "2025-01-01",
        "end_date": "2025-12-31",
        "status": "active",
    }
    data["csrf_token"] = csrf_token(client, "/projects/new")
    resp = client.post("/projects/new?lang=en", data=data)
    assert resp.status_code == 422
    assert "the regional grant cannot exceed the total cost" in resp.get_data(as_text=True)
    assert _count(FundedProject) == 2


@pytest.mark.parametrize(
    "data,words",
    [
        ({"period_start": "2023-07-01", "period_end": "2023-12-31"}, "outside the project"),
        ({"period_start": "2024-09-01", "period_end": "2024-08-01"}, "cannot end before"),
        ({"period_start": "2024-03-01", "period_end": "2024-08-01"}, "overlaps"),
        (
            {"period_start": "2024-07-01", "period_end": "2024-12-31", "spending": {"1": "-3"}},
            "negative",
        ),
    ],
)
def test_report_rules(app, client, data, words):
    w = fixtures.build()
    if "spending" in data:
        data["spending"] = {str(w.lead.id): "-3"}
    login(client, w.lead_owner.email)
    before = _count(ProgressReport)
    resp = client.post(
        f"/api/v1/projects/{w.p1.id}/reports?lang=en",
        json=data,
        headers={"X-CSRFToken": csrf_token(client, "/projects")},
    )
    assert resp.status_code == 422 and words in resp.get_json()["message"]
    assert _count(ProgressReport) == before


def test_report_form_outside_period_rerenders(app, client):
    w = fixtures.build()
    login(client, w.lead_owner.email)
    path = f"/projects/{w.p1.id}/reports/new"
    resp = client.post(
        path + "?lang=en",
        data={
            "csrf_token": csrf_token(client, path),
            "period_start": "2026-01-01",
            "period_end": "2026-02-01",
            "narrative": "kept",
        },
    )
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422 and "outside the project" in html and "kept" in html
    assert_error_tied(html, "period_start")  # the service names period_start
    assert _count(ProgressReport) == 1


def test_report_form_does_not_echo_a_non_date_into_a_date_input(app, client):
    # A hand-made POST (a browser's date input cannot send it) typed "31/02/2024": the form
    # comes back with the error and an empty date input, not value="31/02/2024" (invalid HTML).
    w = fixtures.build()
    login(client, w.lead_owner.email)
    path = f"/projects/{w.p1.id}/reports/new"
    resp = client.post(
        path + "?lang=it",
        data={
            "csrf_token": csrf_token(client, path),
            "period_start": "31/02/2024",
            "period_end": "2024-12-31",
            "narrative": "kept",
        },
    )
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422 and "kept" in html
    start = html.split('id="period_start"', 1)[1].split(">", 1)[0]
    end = html.split('id="period_end"', 1)[1].split(">", 1)[0]
    assert 'value=""' in start and "31/02/2024" not in start
    assert 'value="2024-12-31"' in end
    assert _count(ProgressReport) == 1


def test_state_changes_are_explicit_and_audited(app, client):
    w = fixtures.build()
    login(client, w.staff.email)
    token = csrf_token(client, "/projects")
    h = {"X-CSRFToken": token}
    # an accepted report cannot be accepted or returned again
    resp = client.post(
        f"/api/v1/projects/reports/{w.r1.id}/review",
        json={"decision": "return", "comment": "x"},
        headers=h,
    )
    assert resp.status_code == 409
    resp = client.put(f"/api/v1/projects/{w.p1.id}/status", json={"status": "completed"}, headers=h)
    assert resp.status_code == 200 and resp.get_json()["status"] == "completed"
    resp = client.put(f"/api/v1/projects/{w.p1.id}/status", json={"status": "active"}, headers=h)
    assert resp.status_code == 409
    actions = [e.action for e in list_events("funded_project", w.p1.id)]
    assert "project.status" in actions and "project.created" in actions
    assert [e.action for e in list_events("progress_report", w.r1.id)] == [
        "report.accepted",
        "report.submitted",
    ]


def test_outputs(app, client):
    w = fixtures.build()
    login(client, w.lead_owner.email)
    h = {"X-CSRFToken": csrf_token(client, "/projects")}
    url = f"/api/v1/projects/{w.p1.id}/outputs"
    bad = client.post(url, json={"kind": "publication", "title": "Paper", "doi": "nope"}, headers=h)
    assert bad.status_code == 422 and "doi" in bad.get_json()["errors"]
    bad = client.post(url, json={"kind": "dataset", "title": "Data", "dataset_id": 999}, headers=h)
    assert bad.status_code == 422 and "dataset_id" in bad.get_json()["errors"]
    ok = client.post(
        url,
        json={
            "kind": "publication",
            "title": "Paper",
            "doi": "https://doi.org/10.1000/xyz123",
            "trl_reached": 5,
        },
        headers=h,
    )
    assert ok.status_code == 201 and ok.get_json()["doi"] == "10.1000/xyz123"
    assert "10.1000/xyz123" in client.get(f"/projects/{w.p1.id}").get_data(as_text=True)
    client2 = app.test_client()
    login(client2, w.uni_owner.email)  # a partner, not the lead
    resp = client2.post(
        url,
        json={"kind": "product", "title": "P"},
        headers={"X-CSRFToken": csrf_token(client2, "/projects")},
    )
    assert resp.status_code == 403


def test_new_status_select_starts_at_the_current_status(app, client):
    """The staff's 'New status' select showed 'Programmato' for a project in progress."""
    w = fixtures.build()
    login(client, w.staff.email)
    html = client.get(f"/projects/{w.p1.id}?lang=it").get_data(as_text=True)
    select_html = html.split('name="status"', 1)[1].split("</select>", 1)[0]
    selected = [o for o in select_html.split("<option")[1:] if "selected" in o]
    assert w.p1.status != "planned"  # the first choice, preset before
    assert len(selected) == 1 and f'value="{w.p1.status}"' in selected[0], selected
