"""Staff create a call and a project; the lead reports; the project goes from at risk to on
track on the dashboard."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from app.extensions import db
from app.orgs import services as orgs
from tests.browser_support import browser, live_app, live_server, page  # noqa: F401
from tests.projects.fixtures import PASSWORD, user

pytestmark = pytest.mark.browser


def _login(pg, base, email):
    pg.context.clear_cookies()
    pg.goto(f"{base}/auth/login?lang=en")
    pg.fill("#email", email)
    pg.fill("#password", PASSWORD)
    pg.click("main button[type=submit]")
    pg.wait_for_url(f"{base}/my")  # login lands on the personal area


def test_call_project_report_on_track(page, live_app, live_server):  # noqa: F811

    base = live_server
    page.set_default_timeout(20000)
    with live_app.app_context():
        user("staff@journey.example", "staff")
        lead = user("lead@journey.example")
        orgs.create_org(lead, {"name": "Journey Bio", "kind": "startup"})
        db.session.commit()
    today = date.today()
    start, end = today - timedelta(days=365), today + timedelta(days=365)

    _login(page, base, "staff@journey.example")
    page.goto(f"{base}/projects/calls/new?lang=en")
    page.fill("#programme", "PR FESR")
    page.fill("#code", "JOURNEY-1")
    page.fill("#title", "Journey call")
    page.fill("#budget", "1000000")
    page.click("main button[type=submit]:has-text('Create call')")
    assert "Funding call created" in page.content()

    page.goto(f"{base}/projects/new?lang=en")
    page.fill("#acronym", "JRNY")
    page.fill("#title", "Journey project")
    page.fill("#lead", "journey-bio")
    page.fill("#total_cost", "100000")
    page.fill("#grant_amount", "50000")
    page.fill("#start_date", start.isoformat())
    page.fill("#end_date", end.isoformat())
    page.fill("#milestones-0-title", "Prototype")
    page.fill("#milestones-0-due_date", (start + timedelta(days=90)).isoformat())
    page.click("main button[type=submit]:has-text('Save project')")
    assert "Project recorded" in page.content()
    project_url = page.url

    page.goto(f"{base}/projects/dashboard?lang=en")
    row = page.locator("#projects-table tr", has_text="JRNY")
    assert "At risk" in row.inner_text()
    assert "overdue" in row.inner_text() and "no report" in row.inner_text()

    _login(page, base, "lead@journey.example")
    page.goto(project_url)
    page.click("text=Submit a progress report")
    page.fill("#period_start", start.isoformat())
    page.fill("#period_end", (today - timedelta(days=1)).isoformat())
    page.locator("input[id^=spend_]").first.fill("50000")
    page.locator("label[for$=_done]").first.click()
    assert page.locator("input[id$=_done]").first.is_checked()
    page.locator("input[id$=_on]").first.fill((start + timedelta(days=100)).isoformat())
    page.locator("input[id$=_evidence]").first.fill("Prototype test report")
    page.fill("#narrative", "Prototype built and tested.")
    page.click("#submit-report")
    assert "Report submitted" in page.content()

    _login(page, base, "staff@journey.example")
    page.goto(f"{base}/projects/dashboard?lang=en")
    row = page.locator("#projects-table tr", has_text="JRNY")
    assert "On track" in row.inner_text()
    page.goto(project_url + "?lang=en")
    assert "late" in page.inner_text("main")  # the milestone was completed after its due date

    # The charts write money as the page's language does, whatever the browser's locale
    # (en-GB here): 1.000.000 € in Italian, €1,000,000 in English.
    ticks = "Chart.getChart('chart-call').scales.y.ticks.map(t => t.label)"
    for lang, pattern in (("it", r"^\d{1,3}(\.\d{3})*\u00a0€$"), ("en", r"^€\d{1,3}(,\d{3})*$")):
        page.goto(f"{base}/projects/dashboard?lang={lang}")
        assert page.evaluate("Chart.defaults.locale") == lang
        labels = page.evaluate(ticks)
        assert labels and all(re.match(pattern, x) for x in labels), (lang, labels)
        assert any(len(x) > 6 for x in labels), labels  # thousands, so the separator shows
