"""Words that must stay on one line at desktop width (1366 px), Italian and English: the
ecosystem and dashboard filters' "Apply" buttons, and the project acronyms and percentages of
the monitoring dashboard's tables (they broke as "Appli|ca" and "CARDIOWAT|CH")."""

from __future__ import annotations

import pytest

from app.extensions import db
from tests.browser_support import browser, live_app, live_server  # noqa: F401
from tests.projects import fixtures

pytestmark = pytest.mark.browser

# How many line boxes the text of each element takes (a Range over its contents has one client
# rectangle per line).
LINES = """els => els.map(e => {
    const r = document.createRange(); r.selectNodeContents(e);
    const rects = [...r.getClientRects()].filter(x => x.width > 0);
    const tops = new Set(rects.map(x => Math.round(x.top)));
    return [e.textContent.trim(), tops.size];
})"""


@pytest.fixture(scope="module")
def world(live_app):  # noqa: F811
    live_app.config["MATCHING_ENABLED"] = False
    with live_app.app_context():
        w = fixtures.build()
        # A long acronym beside a long list of reasons: the case that broke letter by letter.
        w.p1.acronym = "CARDIOWATCH"
        w.p2.acronym = "NEUROGENOMICS"
        db.session.commit()
    return True


def _staff_page(browser, base):  # noqa: F811
    ctx = browser.new_context(viewport={"width": 1366, "height": 900}, locale="it-IT")
    page = ctx.new_page()
    page.goto(f"{base}/auth/login")
    page.fill("#email", "staff@region.example")
    page.fill("#password", fixtures.PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    return ctx, page


@pytest.mark.parametrize("lang", ["it", "en"])
def test_one_line_words_at_desktop_width(browser, live_server, world, lang):  # noqa: F811
    ctx, page = _staff_page(browser, live_server)
    page.goto(f"{live_server}/ecosystem?lang={lang}")
    button = page.eval_on_selector_all("main form button[type=submit]", LINES)
    assert button and all(n == 1 for _t, n in button), button
    page.goto(f"{live_server}/projects/dashboard?lang={lang}")
    button = page.eval_on_selector_all("main form button[type=submit]", LINES)
    assert button and all(n == 1 for _t, n in button), button
    acronyms = page.eval_on_selector_all("#projects-table tbody td:first-child a", LINES)
    assert {t for t, _n in acronyms} >= {"CARDIOWATCH", "NEUROGENOMICS"}
    assert all(n == 1 for _t, n in acronyms), acronyms
    figures = page.eval_on_selector_all("#projects-table tbody td.text-end", LINES)
    assert figures and all(n == 1 for _t, n in figures), figures
    if lang == "it":  # the locale's decimal comma
        assert any("," in t for t, _n in figures), figures
    ctx.close()
