"""The at-risk rules, one by one (see app/projects/monitoring.py)."""

from datetime import date

from flask_babel import force_locale

from app.extensions import db
from app.projects import reports, services
from app.projects.monitoring import project_health
from tests.projects import fixtures


def _project(w, **over):
    data = {
        "call_id": w.call_a.id,
        "acronym": "RULE",
        "title": "Rule test",
        "lead": w.lead.slug,
        "total_cost": "100000",
        "grant_amount": "50000",
        "start_date": "2024-01-01",
        "end_date": "2024-12-31",
    }
    data.update(over)
    p = services.create_project(w.staff, data)
    db.session.flush()
    return p


def _report(w, p, start, end, spent, reached=()):
    return reports.submit_report(
        w.lead_owner,
        p,
        {
            "period_start": start,
            "period_end": end,
            "spending": {str(w.lead.id): spent},
            "milestones_reached": list(reached),
        },
    )


def _rules(p, today):
    return [r["rule"] for r in project_health(p, today).reasons]


def test_overdue_milestone(app):
    w = fixtures.build()
    p = _project(w, milestones=[{"title": "M1", "due_date": "2024-03-01"}])
    _report(w, p, "2024-01-01", "2024-02-28", "16000")
    assert _rules(p, date(2024, 3, 1)) == []  # due today: not yet overdue
    assert _rules(p, date(2024, 3, 2)) == ["overdue_milestones"]
    msg = project_health(p, date(2024, 3, 2)).reasons[0]["message"]
    assert "M1" in msg


def test_late_milestone_is_marked_late_and_clears_the_rule(app):
    w = fixtures.build()
    p = _project(w, milestones=[{"title": "M1", "due_date": "2024-03-01"}])
    m = p.milestones[0]
    _report(
        w,
        p,
        "2024-01-01",
        "2024-03-31",
        "25000",
        [{"id": m.id, "completed_on": "2024-03-20", "evidence": "D1"}],
    )
    assert m.is_late and m.completed_on == date(2024, 3, 20)
    assert _rules(p, date(2024, 4, 1)) == []


def test_spending_behind_plan(app):
    w = fixtures.build()
    p = _project(w)
    _report(w, p, "2024-01-01", "2024-06-30", "24000")
    # 2024-07-01: 182/365 elapsed -> planned 49,863.01; 24,000 is 48 % of it.
    assert _rules(p, date(2024, 7, 1)) == ["spending_behind"]
    # The reason names the amounts as the reader writes money (euro sign, not "EUR").
    for locale, spent, planned in (
        ("en", "€24,000 spent", "€49,863 planned"),
        ("it", "24.000\u00a0€ spesi", "49.863\u00a0€ previsti"),
    ):
        with app.test_request_context(), force_locale(locale):
            msg = project_health(p, date(2024, 7, 1)).reasons[0]["message"]
        assert spent in msg and planned in msg and "EUR" not in msg, (locale, msg)


def test_spending_within_plan_is_on_track(app):
    w = fixtures.build()
    p = _project(w)
    _report(w, p, "2024-01-01", "2024-06-30", "25000")
    assert _rules(p, date(2024, 7, 1)) == []


def test_spending_ahead_of_plan(app):
    w = fixtures.build()
    p = _project(w)
    _report(w, p, "2024-01-01", "2024-06-30", "80000")
    assert _rules(p, date(2024, 7, 1)) == ["spending_ahead"]


def test_spending_rules_wait_for_a_quarter_of_the_time(app):
    w = fixtures.build()
    p = _project(w)
    # 2024-03-01: 60/365 = 16 % elapsed, nothing spent: too early to judge.
    assert _rules(p, date(2024, 3, 1)) == []


def test_missing_report(app):
    w = fixtures.build()
    p = _project(w, end_date="2025-12-31", total_cost="0", grant_amount="0")
    assert _rules(p, date(2024, 7, 29)) == []  # 210 days after the start
    assert _rules(p, date(2024, 7, 30)) == ["missing_report"]
    _report(w, p, "2024-01-01", "2024-06-30", "0")
    assert _rules(p, date(2024, 7, 30)) == []
    assert _rules(p, date(2025, 1, 27)) == ["missing_report"]  # 211 days after 2024-06-30
    # The reason's date as the reader writes it, not ISO.
    for locale, day in (("en", "30 Jun 2024"), ("it", "30 giu 2024")):
        with app.test_request_context(), force_locale(locale):
            msg = project_health(p, date(2025, 1, 27)).reasons[0]["message"]
        assert msg.endswith(day), (locale, msg)


def test_returned_reports_do_not_count(app):
    w = fixtures.build()
    p = _project(w, end_date="2025-12-31")
    r = _report(w, p, "2024-01-01", "2024-06-30", "30000")
    reports.review_report(w.staff, r, "return", "Add the invoices.")
    assert project_health(p, date(2024, 8, 1)).spent == 0
    assert "missing_report" in _rules(p, date(2024, 8, 1))


def test_imported_and_inactive_projects_are_not_evaluated(app):
    w = fixtures.build()
    p = _project(w, status="planned")
    assert project_health(p, date(2024, 12, 1)).label == "not_monitored"
    q = _project(w)
    q.source = "cordis"
    assert project_health(q, date(2024, 12, 1)).reasons == []
