"""Browser journey: a company posts, staff approve, a start-up responds, the company
shortlists and accepts, and the start-up sees the outcome."""

from __future__ import annotations

import pytest

from app.auth import services as auth
from app.extensions import db
from app.orgs import services as orgs
from tests.browser_support import browser, live_app, live_server, page  # noqa: F401
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def _login(pg, base, email):
    pg.context.clear_cookies()
    pg.goto(f"{base}/auth/login?lang=en")
    pg.fill("#email", email)
    pg.fill("#password", PASSWORD)
    pg.click("main button[type=submit]")
    pg.wait_for_url(f"{base}/my")  # login lands on the personal area


def _setup(app):

    with app.test_request_context(headers={"Accept-Language": "en"}):
        people = {}
        for email, role in (
            ("poster@journey-ch.example", "member"),
            ("staff@journey-ch.example", "staff"),
            ("solver@journey-ch.example", "member"),
        ):
            people[email] = auth.register_user(
                {
                    "email": email,
                    "name": email.split("@")[0].title(),
                    "password": PASSWORD,
                    "locale": "en",
                },
                role=role,
            )
        orgs.create_org(
            people["poster@journey-ch.example"], {"name": "Journey Pharma", "kind": "company"}
        )
        orgs.create_org(
            people["solver@journey-ch.example"],
            {
                "name": "Journey Sensors",
                "kind": "startup",
                "areas": ["diagnostics"],
                "description": "Sepsis biosensors",
            },
        )
        db.session.commit()


def test_post_approve_respond_shortlist_accept(page, live_app, live_server):  # noqa: F811
    base = live_server
    page.set_default_timeout(20000)
    _setup(live_app)

    # The company drafts and submits.
    _login(page, base, "poster@journey-ch.example")
    page.goto(f"{base}/challenges/new")
    page.fill("#title", "Bedside sepsis test")
    page.fill("#description", "Detect sepsis markers in blood within minutes.")
    page.select_option("#area", "diagnostics")
    page.fill("#trl_required", "5")
    page.fill("#deadline", "2099-12-31")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/challenges/*")
    challenge_url = page.url.split("#")[0]
    page.click("button[data-action=submit]")
    page.wait_for_selector("text=Awaiting approval")

    # Region staff approve.
    _login(page, base, "staff@journey-ch.example")
    page.goto(f"{base}/challenges/moderation")
    page.click("text=Bedside sepsis test")
    page.click("button[data-action=approve]")
    page.wait_for_selector("h1 >> text=Open")

    # The start-up responds.
    _login(page, base, "solver@journey-ch.example")
    page.goto(f"{base}/challenges")
    page.click("text=Bedside sepsis test")
    page.click("#respond-link")
    page.fill("#summary", "A microfluidic chip measuring procalcitonin in five minutes.")
    page.fill("#trl_current", "4")
    page.fill("#estimated_cost", "45000")
    page.click("main form button[type=submit]")
    page.wait_for_selector("text=Response submitted")

    # The company shortlists, then accepts.
    _login(page, base, "poster@journey-ch.example")
    page.goto(challenge_url)
    page.click("text=Review responses")
    page.click("text=Journey Sensors")
    page.click("button[data-action=shortlist]")
    page.wait_for_selector("[data-response-status=shortlisted]")
    page.fill("#feedback", "Welcome aboard: let us plan the pilot.")
    page.click("button[data-action=accept]")
    page.wait_for_selector("[data-response-status=accepted]")

    # The start-up sees the outcome and the bell counts the notifications.
    _login(page, base, "solver@journey-ch.example")
    page.goto(f"{base}/challenges/mine")
    page.click("text=Bedside sepsis test")
    assert page.inner_text("#outcome").endswith("Accepted")
    assert "let us plan the pilot" in page.content()
    assert int(page.inner_text("#unread-count")) >= 2
