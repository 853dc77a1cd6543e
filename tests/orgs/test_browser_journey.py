"""A new user registers, logs in, creates and edits an organisation, and finds it."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest

from app.mail import outbox_messages
from tests.browser_support import browser, live_app, live_server, page  # noqa: F401

pytestmark = pytest.mark.browser


def _confirm_path(app, to: str) -> str:
    """The path of the confirmation link mailed to `to` (issue 17: registration confirms by
    e-mail, so the page does not tell who already has an account)."""
    with app.app_context():
        (mail,) = [m for m in outbox_messages() if m["To"] == to]
    return urlparse(re.search(r"https?://\S+/auth/confirm/\S+", mail.get_content())[0]).path


def test_register_create_edit_find(page, live_server, live_app):  # noqa: F811
    base = live_server
    page.goto(f"{base}/auth/register?lang=en")
    page.fill("#name", "Giulia Rossi")
    page.fill("#email", "giulia@example.org")
    page.fill("#password", "a-long-password-1")
    page.click("button[type=submit]:has-text('Register')")
    page.wait_for_url(f"{base}/auth/login")
    assert "Check your e-mail" in page.content()
    page.goto(base + _confirm_path(live_app, "giulia@example.org"))
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")
    assert "Welcome" in page.content()

    page.click("text=Log out")
    page.goto(f"{base}/auth/login")
    page.fill("#email", "giulia@example.org")
    page.fill("#password", "a-long-password-1")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/my")  # login lands on the personal area
    assert "You are logged in" in page.content()

    page.goto(f"{base}/orgs/new")
    page.fill("#name", "Biosensori Rossi")
    page.select_option("#kind", "startup")
    page.fill("#description", "Printed biosensors for lactate monitoring in sports medicine.")
    page.fill("#competences", "biosensors, printed electronics")
    page.click("main button[type=submit]:has-text('Save')")
    page.wait_for_url(f"{base}/orgs/biosensori-rossi")
    assert "Organisation created" in page.content()
    assert "Profile completeness" in page.content()

    page.click("text=Edit profile")
    page.fill("#city", "Pavia")
    page.fill("#trl_min", "7")
    page.fill("#trl_max", "3")
    page.click("main button[type=submit]:has-text('Save')")
    assert "greater than or equal" in page.content()  # bad input: clear message, re-rendered
    page.fill("#trl_min", "3")
    page.fill("#trl_max", "6")
    page.click("main button[type=submit]:has-text('Save')")
    page.wait_for_url(f"{base}/orgs/biosensori-rossi")
    assert "Pavia" in page.content() and "Profile saved" in page.content()

    page.goto(f"{base}/orgs")
    page.fill("#q", "lactate")
    page.click("main form[role=search] button[type=submit]")
    page.wait_for_load_state()
    assert "1 organisation" in page.inner_text("#result-count")
    page.click("text=Biosensori Rossi")
    page.wait_for_url(f"{base}/orgs/biosensori-rossi")
    page.screenshot(path=str(__import__("pathlib").Path("/tmp/profile.png")))
