"""Browser-test support: the portal served on a real port, Playwright driving Debian's Chromium.

Use the fixtures `live_server` (base URL; app on a SQLite file database) and `page`
(a fresh Playwright page). Browser tests are marked `@pytest.mark.browser`.
"""

from __future__ import annotations

import shutil
import threading

import pytest
from werkzeug.serving import make_server

from app.extensions import db
from tests.conftest import make_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="module")
def live_app(tmp_path_factory):
    """An app with its own SQLite file database, empty at module start."""
    app = make_app(
        f"sqlite:///{tmp_path_factory.mktemp('live') / 'live.db'}",
        tmp_path_factory,
        WTF_CSRF_SSL_STRICT=False,
    )
    with app.app_context():
        db.create_all()
    return app


@pytest.fixture(scope="module")
def live_server(live_app):
    """Serve live_app on 127.0.0.1:<free port> in a thread; yields the base URL."""
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, through Playwright."""
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh browser context and page (own cookies)."""
    context = browser.new_context(locale="en-GB")
    pg = context.new_page()
    pg.set_default_timeout(90000)  # the first profile save loads the model
    yield pg
    context.close()


def axe_context(browser, width: int, mobile: bool):
    """A browser context for the accessibility walks: Italian, the given width, CSP bypassed
    (axe-core is injected as an inline script)."""
    return browser.new_context(
        viewport={"width": width, "height": 860},
        is_mobile=mobile,
        has_touch=mobile,
        locale="it-IT",
        bypass_csp=True,
    )


def login_page(page, base: str, email: str, password: str) -> None:
    """Log in through the login form and check that it worked."""
    page.goto(f"{base}/auth/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "/auth/login" not in page.url, page.inner_text("main")[:300]
