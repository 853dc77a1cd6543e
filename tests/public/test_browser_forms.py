"""In the browser: a failed form's error summary takes the focus and links to the field
(WCAG 3.3.1); the home search box's placeholder shows whole on a 320-390 px phone; no select
submits its form when moved with the arrow keys (WCAG 3.2.2)."""

from __future__ import annotations

import pytest

from tests.browser_support import CHROMIUM_ARGS, browser, live_app, live_server  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.fixture
def context_for(browser):  # noqa: F811
    """A browser context at a given width (mobile emulation below 500 px) and locale."""
    made = []

    def make(width: int = 1366, locale: str = "en-GB"):
        mobile = width < 500
        ctx = browser.new_context(
            viewport={"width": width, "height": 800},
            is_mobile=mobile,
            has_touch=mobile,
            locale=locale,
        )
        made.append(ctx)
        page = ctx.new_page()
        page.set_default_timeout(30000)
        return page

    yield make
    for ctx in made:
        ctx.close()


def test_error_summary_takes_the_focus_and_links_to_the_field(context_for, live_server):  # noqa: F811
    page = context_for()
    page.goto(f"{live_server}/auth/register?lang=en")
    page.evaluate("document.querySelectorAll('main form').forEach(f => f.noValidate = true)")
    page.fill("#email", "not-an-address")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    focused = page.evaluate(
        "[document.activeElement.hasAttribute('data-error-summary'),"
        " document.activeElement.getAttribute('role')]"
    )
    assert focused == [True, "alert"], focused
    first = page.locator("[data-error-summary] a").first
    target = first.get_attribute("href")[1:]
    first.click()
    assert page.evaluate("document.activeElement.id") == target
    assert page.get_attribute(f"#{target}", "aria-invalid") == "true"


@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.parametrize("lang", ["it", "en"])
def test_home_search_placeholder_is_not_clipped(context_for, live_server, width, lang):  # noqa: F811
    page = context_for(width)
    page.goto(f"{live_server}/?lang={lang}")
    box = page.locator("#home-q")
    assert box.is_visible()
    label = page.locator("label[for=home-q]")
    assert label.is_visible() and label.inner_text().strip()
    # The placeholder's width in the input's own font against the room inside its padding;
    # and the input does not scroll (scrollWidth <= clientWidth).
    fit = box.evaluate(
        """el => {
          const s = getComputedStyle(el);
          const ctx = document.createElement('canvas').getContext('2d');
          ctx.font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
          const room = el.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
          return {text: el.placeholder, needed: ctx.measureText(el.placeholder).width, room,
                  scroll: el.scrollWidth, client: el.clientWidth};
        }"""
    )
    assert fit["text"] and fit["needed"] <= fit["room"], fit
    assert fit["scroll"] <= fit["client"], fit


SELECT_PAGES = ["/challenges", "/orgs", "/datasets", "/projects", "/training", "/offers"]


def test_selects_do_not_submit_on_arrow_keys(context_for, live_server):  # noqa: F811
    page = context_for()
    navigations: list[str] = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url))
    moved = 0
    for path in SELECT_PAGES:
        url = f"{live_server}{path}?lang=en"
        page.goto(url)
        for i in range(page.locator("select:visible").count()):
            page.goto(url)
            select = page.locator("select:visible").nth(i)
            if select.locator("option").count() < 2:
                continue
            select.focus()
            navigations.clear()
            page.keyboard.press("ArrowDown")
            page.wait_for_timeout(300)
            assert navigations == [] and page.url == url, (path, i, navigations)
            moved += 1
    assert moved >= 5  # the facets and the language switch were exercised
