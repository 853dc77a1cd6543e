"""Browser journey: a researcher requests GPU-hours linked to an approved data access; the
provider approves it."""

from __future__ import annotations

import re

import pytest

from app.compute import requests as compute_requests
from app.compute import resources as compute_resources
from app.extensions import db
from app.orgs import services as orgs
from tests.browser_support import browser, live_app, live_server, page  # noqa: F401
from tests.builders import approved_access, user
from tests.builders import compute_draft as draft
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


@pytest.fixture
def demand(live_app):  # noqa: F811
    """A GPU cluster with a large capacity and a sent request: the dashboard has rows."""
    with live_app.app_context():
        staff = user("staff@dashboard.example", role="staff")
        requester = user("researcher@dashboard.example")
        org = orgs.create_org(requester, {"name": "Dashboard Start-up", "kind": "startup"})
        gpu = compute_resources.create_resource(
            staff,
            {
                "name": "Cluster GPU regionale per la ricerca sanitaria",
                "kind": "gpu_cluster",
                "provider_name": "Demo consortium",
                "gpu_hours_per_quarter": 40000,
                "location": "lombardy",
            },
        )
        req = draft(requester, gpu, org, gpu_hours=3600)
        compute_requests.submit_request(requester, req)
        db.session.commit()


def test_demand_chart_plots_the_table_in_the_page_format(page, live_server, demand):  # noqa: F811
    """The walk saw bars below the table's figures, '5000' beside '10.000' on the axis, a
    sliver of a chart at 390 px and resource names broken mid-word."""
    base = live_server
    page.set_default_timeout(20000)
    _login(page, base, "staff@dashboard.example")
    page.goto(f"{base}/compute/dashboard?lang=it")
    table = page.evaluate(
        "[...document.querySelectorAll('#demand-table tbody tr')]"
        ".map(r => [Number(r.cells[2].dataset.value), Number(r.cells[5].dataset.value)])"
    )
    chart = "Chart.getChart('demand-chart')"
    plotted = page.evaluate(f"{chart}.data.datasets.map(d => d.data)")
    assert table and plotted == [[c for c, _d in table], [d for _c, d in table]]
    # What is drawn is what the data say (no bar caught part-way through an animation).
    bars = page.evaluate(
        f"{chart}.getDatasetMeta(0).data.map(b => {chart}.scales.y.getValueForPixel(b.y))"
    )
    assert all(abs(b - c) < c * 0.02 for b, (c, _d) in zip(bars, table, strict=True)), bars
    ticks = page.evaluate(f"{chart}.scales.y.ticks.map(t => t.label)")
    assert ticks and all(re.match(r"^\d{1,3}(\.\d{3})*$", t) for t in ticks), ticks
    assert any(len(t) == 5 for t in ticks), ticks  # '5.000', never '5000'
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate("document.getElementById('demand-chart').clientHeight") >= 250
    box = page.locator("#demand-table").locator("xpath=..")
    assert "table-responsive" in box.get_attribute("class")
    # The template's box scrolls from the keyboard and is named, like the ones portal.js adds.
    assert (box.get_attribute("tabindex"), box.get_attribute("role")) == ("0", "region")
    assert box.get_attribute("aria-label") == page.inner_text("#demand-table caption").strip()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    cell = page.locator("#demand-table tbody tr td").nth(1)
    words = cell.inner_text().split()
    width = cell.evaluate("c => c.clientWidth")
    longest = page.evaluate(
        "w => { const s = document.createElement('span'); s.textContent = w;"
        " document.querySelector('#demand-table td.portal-words').appendChild(s);"
        " const x = s.offsetWidth; s.remove(); return x; }",
        max(words, key=len),
    )
    assert longest <= width, (longest, width)  # the longest word fits: no break mid-word
