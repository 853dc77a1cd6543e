"""Browser: /api/docs renders Swagger UI from the vendored assets under the portal's CSP
(no CDN, no inline script), with every operation listed."""

from __future__ import annotations

import pytest

from tests.browser_support import browser, live_app, live_server, page  # noqa: F401

pytestmark = pytest.mark.browser


def test_swagger_ui_renders_every_operation(page, live_server):  # noqa: F811
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on(
        "request",
        lambda r: problems.append(r.url) if not r.url.startswith(live_server) else None,
    )
    page.goto(f"{live_server}/api/docs")
    page.wait_for_selector("#swagger-ui .opblock-tag-section", timeout=20_000)
    tags = page.locator("#swagger-ui .opblock-tag-section").count()
    assert tags >= 10  # one section per blueprint
    page.locator("#swagger-ui .opblock-tag-section h3").first.click()
    page.wait_for_selector("#swagger-ui .opblock", timeout=10_000)
    assert page.locator("#swagger-ui .opblock").count() > 0
    assert problems == []  # no CSP violation, no request to another origin
