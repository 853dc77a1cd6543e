"""Browser journey: a researcher requests GPU-hours linked to an approved data access; the
provider approves it."""

from __future__ import annotations

import pytest

from app.extensions import db
from tests.browser_support import browser, live_app, live_server, page  # noqa: F401
from tests.builders import approved_access
from tests.builders import compute_request_data as request_data
from tests.builders import compute_world as world
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def setup(live_app):  # noqa: F811
    with live_app.app_context():
        _staff, _provider, secure, _gpu, requester, org = world()
        approval = approved_access(requester)
        db.session.commit()
        return secure.id, approval.id, request_data(org)


def _login(pg, base, email):
    pg.goto(f"{base}/auth/login?lang=en")
    pg.fill("#email", email)
    pg.fill("#password", PASSWORD)
    pg.click("main button[type=submit]")
    pg.wait_for_url(f"{base}/my")  # login lands on the personal area


def test_request_gpu_hours_and_provider_approves(page, live_server, setup, browser):  # noqa: F811
    base = live_server
    resource_id, approval_id, data = setup
    page.set_default_timeout(20000)
    _login(page, base, "researcher@example.org")
    page.goto(f"{base}/compute/resources/{resource_id}")
    page.click("#request-btn")
    page.fill("#title", "Federated CT segmentation")
    page.fill("#purpose", "Train on the registry inside the secure environment.")
    page.fill("#gpu_hours", "300")
    page.fill("#period_start", data["period_start"])
    page.fill("#period_end", data["period_end"])
    page.click("label[for=needs_restricted_data]")
    page.select_option("#access_request_id", str(approval_id))
    page.click("main button[type=submit]")
    page.wait_for_url("**/compute/requests/*")
    page.click("#submit-btn")
    page.wait_for_load_state()
    assert "Request sent" in page.content()
    assert f"#{approval_id}" in page.inner_text("#approval")
    url = page.url
    provider = browser.new_context(locale="en-GB").new_page()
    provider.set_default_timeout(20000)
    _login(provider, base, "provider@example.org")
    provider.goto(url)
    provider.select_option("#action", "approve")
    provider.fill("#allocated_hours", "250")
    provider.click("#decide-form button[type=submit]")
    provider.wait_for_load_state()
    assert "Decision recorded" in provider.content()
    assert "Approved" in provider.inner_text("#status")
    provider.context.close()
