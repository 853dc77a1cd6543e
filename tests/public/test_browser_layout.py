"""The main pages at phone (390 px, with and without mobile emulation) and desktop width, Italian
and English, anonymous and logged in: no sideways scroll, a collapsed menu on the phone, no axe
violation (WCAG 2.0/2.1 A and AA), and no menu link that answers 403."""

from __future__ import annotations

import pytest

from app.challenges import services as challenges
from app.extensions import db
from app.orgs import services as orgs
from tests.a11y import axe_violations, overflow, unframed_callouts, vnu_errors
from tests.browser_support import (  # noqa: F401
    axe_context,
    browser,
    live_app,
    live_server,
    login_page,
)
from tests.conftest import login
from tests.datasets.support import make_dataset
from tests.projects import fixtures

pytestmark = pytest.mark.browser

PASSWORD = fixtures.PASSWORD
WIDTHS = [(390, True), (390, False), (1366, False)]


@pytest.fixture(scope="module")
def world(live_app):  # noqa: F811
    """Staff, a start-up owner, a company owner with a challenge, projects and a dataset."""
    live_app.config["MATCHING_ENABLED"] = False
    with live_app.app_context():
        w = fixtures.build()
        company_owner = fixtures.user("company@layout.example")
        company = orgs.create_org(
            company_owner,
            {"name": "Farmaceutica Lombarda", "kind": "company", "areas": ["genomics"]},
        )
        ch = challenges.create_challenge(
            company_owner,
            {
                "org_id": company.id,
                "title": "Tracciabilità dei campioni biologici",
                "description": "Cerchiamo una soluzione per tracciare i campioni tra laboratori.",
                "area": "genomics",
            },
        )
        ds = make_dataset(w.hosp_owner, w.hosp, "layout:1")
        db.session.commit()
        return {
            "lead_slug": w.lead.slug,
            "project": w.p1.id,
            "challenge": ch.id,
            "dataset": ds.id,
        }


def _anon_pages(w):
    return [
        "/",
        "/orgs",
        "/orgs?q=universit%C3%A0",
        "/orgs?q=zzqxjw",  # the empty state (a callout)
        f"/orgs/{w['lead_slug']}",
        "/challenges",
        "/projects",
        f"/projects/{w['project']}",
        "/datasets",
        f"/datasets/{w['dataset']}",
        "/auth/login",
        "/auth/register",
        "/privacy",
        "/accessibilita",
        "/no-such-page",
    ]


USERS = {
    "startup": ("lead@acme.example", ["/", "/account", "/notifications", "/challenges/mine"]),
    "company": ("company@layout.example", ["/challenges", "/challenges/new"]),
    "staff": (
        "staff@region.example",
        ["/", "/projects", "/projects/dashboard", "/ecosystem", "/challenges/moderation"],
    ),
}


def _context(browser, width, mobile):  # noqa: F811
    return axe_context(browser, width, mobile)


def _login(page, base, email):
    login_page(page, base, email, PASSWORD)


def _check(page, base, path, width, problems):
    for lang in ("it", "en"):
        sep = "&" if "?" in path else "?"
        page.goto(f"{base}{path}{sep}lang={lang}")
        page.wait_for_load_state()
        sw, cw = overflow(page)
        if sw > cw:
            problems.append(f"{path} [{lang}, {width}px]: {sw}px wide in {cw}px")
        for v in axe_violations(page):
            problems.append(f"{path} [{lang}, {width}px]: axe {v}")
        for title in unframed_callouts(page):
            problems.append(f"{path} [{lang}, {width}px]: callout without frame: {title}")


def _menu_links(page):
    return page.eval_on_selector_all("#main-menu a.nav-link", "els => els.map(e => e.href)")


@pytest.mark.parametrize("width,mobile", WIDTHS)
def test_anonymous_pages(browser, live_server, world, width, mobile):  # noqa: F811
    ctx = _context(browser, width, mobile)
    page = ctx.new_page()
    problems: list[str] = []
    for path in _anon_pages(world):
        _check(page, live_server, path, width, problems)
    page.goto(f"{live_server}/?lang=it")
    if width < 992:
        # The menu starts collapsed behind its button and opens on a tap.
        assert not page.is_visible("#main-menu a.nav-link")
        page.click("button.custom-navbar-toggler")
        page.wait_for_selector("#main-menu a.nav-link", state="visible")
    for href in _menu_links(page):
        assert page.request.get(href).status == 200, href
    assert "ecosystem" not in " ".join(_menu_links(page))
    ctx.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", sorted(USERS))
@pytest.mark.parametrize("width,mobile", [(390, True), (1366, False)])
def test_logged_in_pages(browser, live_server, world, role, width, mobile):  # noqa: F811
    email, paths = USERS[role]
    ctx = _context(browser, width, mobile)
    page = ctx.new_page()
    _login(page, live_server, email)
    problems: list[str] = []
    for path in paths:
        _check(page, live_server, path, width, problems)
    # No menu entry and no action button of the challenge list leads to "access denied".
    page.goto(f"{live_server}/challenges?lang=it")
    hrefs = _menu_links(page) + page.eval_on_selector_all(
        "main a.btn", "els => els.map(e => e.href)"
    )
    for href in hrefs:
        status = page.request.get(href).status
        assert status == 200, (role, href, status)
    links = " ".join(hrefs)
    assert ("/ecosystem" in links) == (role == "staff")
    assert ("/challenges/new" in links) == (role == "company")
    assert ("/challenges/for-my-organisation" in links) == (role != "staff")
    ctx.close()
    assert not problems, "\n".join(problems)


def _client_html(app, paths, email=None):
    client = app.test_client()
    if email:
        login(client, email, PASSWORD)
    out = {}
    for path in paths:
        resp = client.get(path, headers={"Accept-Language": "it"})
        assert resp.status_code in (200, 404), (path, resp.status_code)
        out[path] = resp.get_data(as_text=True)
    return out


def test_key_pages_are_valid_html(live_app, world, tmp_path):  # noqa: F811
    """Nu HTML checker (npm vnu-jar): no error on the key pages, anonymous and logged in."""
    pages = {}
    anon = _anon_pages(world)
    for who, email, paths in (
        ("anon", None, anon),
        ("owner", "hosp@mi.example", ["/account", f"/datasets/{world['dataset']}"]),
        ("staff", "staff@region.example", ["/projects/new", "/projects/dashboard", "/ecosystem"]),
    ):
        with live_app.app_context():
            html = _client_html(live_app, paths, email)
        for path, body in html.items():
            name = who + "_" + (path.strip("/").replace("/", "_").replace("?", "_") or "home")
            pages[name.replace("%", "")] = body
    errors = vnu_errors(pages, tmp_path)
    assert not errors, "\n".join(errors)


BADGES = [
    "bg-success",
    "bg-secondary",
    "bg-warning text-dark",
    "bg-info text-dark",
    "bg-primary",
    "bg-dark",
    "bg-danger",
    "bg-light text-dark",
    "badge-demo",
]


def test_every_badge_colour_reads_at_4_5_to_1(browser, live_server):  # noqa: F811
    """The badge colours the templates use, on the portal's CSS (axe colour-contrast)."""
    page = browser.new_page(bypass_csp=True)
    page.goto(f"{live_server}/healthz")
    css = [
        f"{live_server}/static/vendor/bootstrap-italia/css/bootstrap-italia.min.css",
        f"{live_server}/static/css/portal.css",
    ]
    links = "".join(f"<link rel='stylesheet' href='{href}'>" for href in css)
    spans = "".join(f"<p>x <span class='badge {c}'>{c} 12</span></p>" for c in BADGES)
    # Only the badges on a plain page: the header's images would leave axe undecided.
    page.set_content(f"<html lang='en'><head><title>b</title>{links}</head><main>{spans}</main>")
    page.wait_for_load_state("networkidle")
    problems = [v for v in axe_violations(page) if v.startswith("color-contrast")]
    page.close()
    assert not problems, problems
