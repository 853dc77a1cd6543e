"""Browser journey: a clinician registers for a course and downloads its .ics."""

from __future__ import annotations

import pytest

from app.extensions import db
from tests.browser_support import browser, live_app, live_server, page  # noqa: F401
from tests.builders import published_course, user, verified_provider
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def course_id(live_app):  # noqa: F811
    with live_app.app_context():
        owner, org = verified_provider("academy@example.org", "Academy Browser")
        course = published_course(owner, org, title="Imaging AI for clinicians", seats=1)
        user("clinician@example.org")
        db.session.commit()
        return course.id


def test_register_and_get_the_ics(page, live_server, course_id):  # noqa: F811
    base = live_server
    page.set_default_timeout(20000)
    page.goto(f"{base}/auth/login?lang=en")
    page.fill("#email", "clinician@example.org")
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/my")  # login lands on the personal area
    page.goto(f"{base}/training?topic=ai_health")
    page.click("text=Imaging AI for clinicians")
    page.wait_for_url(f"**/training/courses/{course_id}")
    assert "0 of 1 taken" in page.inner_text("#seats")
    page.click("#register-btn")
    page.wait_for_load_state()
    assert "You are registered" in page.content()
    assert "Confirmed" in page.inner_text("#my-status")
    with page.expect_download() as info:
        page.click("#ics-link")
    path = info.value.path()
    body = open(path, encoding="utf-8").read()
    assert body.startswith("BEGIN:VCALENDAR") and "SUMMARY:Imaging AI for clinicians" in body
    page.goto(f"{base}/training/mine")
    assert "Imaging AI for clinicians" in page.content()
