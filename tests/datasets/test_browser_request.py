"""Browser journey: a start-up asks for restricted data through the stepper, sees the DUO
pre-check change with the purpose, and sends the request."""

from __future__ import annotations

import pytest

from app.auth import services as auth
from app.extensions import db
from app.orgs import services as orgs
from tests.browser_support import browser, live_app, live_server, page  # noqa: F401
from tests.builders import add_dist, make_dataset
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def data(live_app):  # noqa: F811
    with live_app.app_context():
        owner = auth.register_user(
            {"email": "pub@example.org", "name": "Publisher", "password": PASSWORD}
        )
        hosp = orgs.create_org(owner, {"name": "IRCCS Browser", "kind": "research_hospital"})
        ds = make_dataset(
            owner,
            hosp,
            "browser:registry",
            access_rights="restricted",
            consent_codes=["DUO:0000006", "DUO:0000018"],
        )
        add_dist(owner, ds)
        user = auth.register_user(
            {"email": "startup@example.org", "name": "Start Upper", "password": PASSWORD}
        )
        orgs.create_org(user, {"name": "Startup Browser", "kind": "startup"})
        db.session.commit()
        return ds.id


def test_request_stepper(page, live_server, data):  # noqa: F811
    base = live_server
    page.set_default_timeout(20000)
    page.goto(f"{base}/auth/login?lang=en")
    page.fill("#email", "startup@example.org")
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/my")  # login lands on the personal area
    page.goto(f"{base}/datasets/{data}")
    page.click("text=Request access")
    page.wait_for_url(f"{base}/datasets/{data}/request")
    page.select_option("#org_id", label="Startup Browser")
    page.select_option("#purpose", "innovation")
    page.wait_for_selector("#duo-check[data-status=incompatible]")
    assert "DUO:0000018" in page.inner_text("#duo-live")
    page.select_option("#purpose", "health_research")
    page.wait_for_selector("#duo-check[data-status=compatible]")
    page.click("#next-step")
    page.wait_for_url("**/step/2")
    assert page.get_attribute("li[aria-current=step]", "class").find("fw-bold") >= 0
    page.fill("#research_question", "Which patients are readmitted within 30 days?")
    page.fill("#variables", "age, sex, diagnoses, admissions")
    page.fill("#period_start", "2030-01-01")
    page.fill("#period_end", "2029-01-01")
    page.click("#next-step")
    assert "must be on or after" in page.content()  # bad input: clear message, same step
    page.fill("#period_end", "2030-12-31")
    page.click("#next-step")
    page.wait_for_url("**/step/3")
    page.click("label[for=anonymised_ok]")  # bootstrap-italia draws the box on the label
    assert page.is_checked("#anonymised_ok")
    page.select_option("#legal_basis", "scientific_research")
    page.fill("#safeguards", "Pseudonymised extract, access logs, no linkage")
    page.click("#next-step")
    page.wait_for_url("**/step/4")
    page.fill("#environment", "Hospital secure processing environment")
    page.fill("#compute", "8 CPU, 32 GB RAM")
    page.click("#next-step")
    page.wait_for_url("**/access-requests/*")
    assert page.get_attribute("#duo-check", "data-status") == "compatible"
    page.click("#send-request")
    page.wait_for_load_state()
    assert "Request sent to the publisher" in page.content()
    assert "Submitted" in page.inner_text("#history")
    page.screenshot(path="/tmp/datasets_request.png", full_page=True)
