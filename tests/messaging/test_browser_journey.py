"""Browser journey: a start-up contacts a suggested university lab; the lab's owner (another
browser context) sees the unread badge, replies and accepts; the start-up sees the partnership.
And a claim of an imported profile through staff approval. Screenshots go to
$PORTAL_SCREENSHOTS (default /tmp/i13shots) for the closing note."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.auth import services as auth
from app.extensions import db
from app.orgs import services as orgs
from tests.a11y import axe_violations
from tests.browser_support import browser, live_app, live_server  # noqa: F401
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser
SHOTS = Path(os.environ.get("PORTAL_SCREENSHOTS", "/tmp/i13shots"))


def _setup(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        people = {}
        for email, role in (
            ("sara@startup.example", "member"),
            ("luca@lab.example", "member"),
            ("nina@unimi.example", "member"),
            ("stefano@region.example", "staff"),
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
            people["sara@startup.example"],
            {
                "name": "SepsiSense",
                "kind": "startup",
                "province": "MI",
                "description": "Wearable biosensors that detect early sepsis in intensive care.",
                "seeks": "Clinical validation of sepsis biosensors in an intensive care unit",
            },
        )
        orgs.create_org(
            people["luca@lab.example"],
            {
                "name": "Intensive Care Lab",
                "kind": "university",
                "province": "MI",
                "description": "University lab running clinical studies on sepsis and monitoring.",
                "offers": "Clinical validation of medical devices in intensive care",
            },
        )
        orgs.create_org(
            people["stefano@region.example"],
            {
                "name": "Istituto Importato",
                "kind": "university",
                "website": "https://importato.example",
            },
            source="cordis",
            owner=False,
        )
        db.session.commit()


def _login(pg, base, email):
    pg.goto(f"{base}/auth/login?lang=en")
    pg.fill("#email", email)
    pg.fill("#password", PASSWORD)
    pg.click("main button[type=submit]")
    pg.wait_for_url(f"{base}/my")


def _shoot(pg, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, label in ((1366, "desktop"), (390, "phone")):
        pg.set_viewport_size({"width": width, "height": 900})
        pg.screenshot(path=str(SHOTS / f"{name}-{label}.png"), full_page=True)
    pg.set_viewport_size({"width": 1366, "height": 900})


def test_contact_reply_accept_and_claim(browser, live_app, live_server):  # noqa: F811
    _setup(live_app)
    base = live_server
    startup = browser.new_context(locale="en-GB").new_page()
    # bypass_csp: axe is injected as an inline script (tests/a11y.py)
    lab = browser.new_context(locale="en-GB", bypass_csp=True).new_page()
    for pg in (startup, lab):
        pg.set_default_timeout(90000)  # the first suggestions page loads the model

    _login(startup, base, "sara@startup.example")
    startup.goto(f"{base}/orgs/sepsisense/partners?lang=en")
    card = startup.locator(".proposal[data-org=intensive-care-lab]")
    card.locator("textarea").fill("We would like to validate our sensor in your ICU.")
    card.locator("button:has-text('Contact')").click()
    startup.wait_for_url(f"{base}/messages/*")
    assert "Message sent" in startup.content() and "Why this conversation" in startup.content()
    _shoot(startup, "thread-startup-en")

    _login(lab, base, "luca@lab.example")
    assert lab.inner_text("#messages-unread") == "1"
    _shoot(lab, "area-lab-en")
    lab.click("header a:has-text('Messages')")
    lab.wait_for_url(f"{base}/messages")
    _shoot(lab, "inbox-lab-en")
    lab.click("text=Partnership proposal: SepsiSense and Intensive Care Lab")
    lab.wait_for_selector("text=Accept the partnership")
    lab.fill("#reply-body", "Gladly: see https://example.org/icu-studies for our studies.")
    lab.click("form button:has-text('Send')")
    lab.wait_for_selector("text=Message sent.")
    assert lab.locator(".message-body a[rel~=nofollow]").count() == 1
    lab.click("button:has-text('Accept the partnership')")
    lab.wait_for_selector("text=Partnership accepted.")
    assert lab.inner_text("#messages-unread") == "0"
    _shoot(lab, "thread-lab-en")
    lab.goto(lab.url.split("?")[0] + "?lang=it")
    _shoot(lab, "thread-lab-it")

    startup.goto(f"{base}/my?lang=en")
    assert startup.inner_text("#messages-unread") == "1"
    assert "Intensive Care Lab" in startup.inner_text(".area-partners")
    _shoot(startup, "area-startup-en")
    startup.goto(f"{base}/my?lang=it")
    _shoot(startup, "area-startup-it")

    # The lab's owner leaves the thread, then chooses the digest of unread messages.
    thread_url = lab.url.split("?")[0]
    lab.goto(f"{thread_url}?lang=en")
    lab.click("button:has-text('Leave the conversation')")
    lab.wait_for_url(f"{base}/messages")
    assert "It comes back to your inbox if a new message arrives" in lab.content()
    assert lab.locator(".conversation-list li").count() == 0
    lab.click("a.nav-link:has-text('Left')")
    assert lab.locator(".conversation-list li").count() == 1
    assert axe_violations(lab) == []
    startup.goto(f"{thread_url}?lang=en")
    assert "Luca (Intensive Care Lab) left the conversation." in startup.content()
    lab.click("#messaging-settings-link")
    lab.click("label[for=mode-digest]")  # bootstrap-italia draws the radio on the label
    lab.click("main button:has-text('Save')")
    lab.wait_for_selector("text=Your e-mail choice is saved.")
    assert lab.is_checked("#mode-digest") and axe_violations(lab) == []
    _shoot(lab, "settings-lab-en")

    # Nobody home: the imported institute has no members.
    startup.goto(f"{base}/orgs/istituto-importato/contact?lang=en")
    assert startup.is_visible("#nobody-home")
    _shoot(startup, "nobody-home-en")

    # A claim through staff approval.
    claimant = browser.new_context(locale="en-GB").new_page()
    _login(claimant, base, "nina@unimi.example")
    _shoot(claimant, "area-empty-en")
    claimant.goto(f"{base}/orgs/istituto-importato/claim?lang=en")
    claimant.fill("#claim-reason", "I direct the institute's technology transfer office.")
    claimant.click("button:has-text('Ask region staff')")
    claimant.wait_for_selector("text=Your claim is with region staff")
    staff = browser.new_context(locale="en-GB").new_page()
    _login(staff, base, "stefano@region.example")
    staff.goto(f"{base}/staff/claims?lang=en")
    _shoot(staff, "claims-staff-en")
    staff.fill("textarea[name=reason]", "Checked with the institute's switchboard.")
    staff.click("button:has-text('Approve')")
    staff.wait_for_selector("text=Claim approved.")
    claimant.goto(f"{base}/orgs/istituto-importato?lang=en")
    assert claimant.is_visible("text=Edit profile")
    for pg in (startup, lab, claimant, staff):
        pg.context.close()
