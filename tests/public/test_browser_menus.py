"""Every page the menus lead to, for each role: the main menu, the header's personal links and the
footer, walked in Chromium, Italian and English, at desktop (1366 px) and phone (390 px, mobile
emulation) width. Each page answers 200, does not scroll sideways and has no axe-core violation
(WCAG 2.0/2.1 A and AA). Then one click further: one page of each kind (path with its ids
generalised) that the menu pages link to, at 1366 px.

Set PORTAL_SCREENSHOTS=<folder> to keep a full-page screenshot of each page (role, width,
language) for looking at them.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from app.challenges import services as challenges
from app.extensions import db
from app.orgs import services as orgs
from tests.a11y import axe_violations, overflow
from tests.browser_support import (  # noqa: F401
    axe_context,
    browser,
    live_app,
    live_server,
    login_page,
)
from tests.datasets.support import make_dataset
from tests.projects import fixtures

pytestmark = pytest.mark.browser

PASSWORD = fixtures.PASSWORD
MENU_LINKS = "#main-menu a.nav-link, .it-header-slim-wrapper a[href], footer a[href]"
# role -> the account it logs in with (None: anonymous).
ROLES = {
    "anonymous": None,
    "no-organisation": "out@else.example",  # a registered user who belongs to no organisation
    "startup": "lead@acme.example",
    "research": "uni@pv.example",
    "company": "company@menus.example",
    "staff": "staff@region.example",
    "admin": "admin@menus.example",
}
SHOTS = os.environ.get("PORTAL_SCREENSHOTS")
# Not pages: downloads, machine formats, the API, logging out.
NOT_PAGES = re.compile(
    r"(\.(csv|xlsx|json|jsonld|ttl|rdf|xml|n3|pdf|ico|svg|png)$)|^/api/|^/static/|/logout$"
    r"|/download|/export|/files/"
)


@pytest.fixture(scope="module")
def world(live_app):  # noqa: F811
    """Staff, an admin, a start-up, a university, a company with a challenge, a dataset."""
    live_app.config["MATCHING_ENABLED"] = False
    with live_app.app_context():
        w = fixtures.build()
        fixtures.user("admin@menus.example", "admin")
        company_owner = fixtures.user("company@menus.example")
        company = orgs.create_org(
            company_owner,
            {"name": "Farmaceutica Lombarda", "kind": "company", "areas": ["genomics"]},
        )
        challenges.create_challenge(
            company_owner,
            {
                "org_id": company.id,
                "title": "Tracciabilità dei campioni biologici",
                "description": "Cerchiamo una soluzione per tracciare i campioni tra laboratori.",
                "area": "genomics",
            },
        )
        make_dataset(w.hosp_owner, w.hosp, "menus:1")
        db.session.commit()
    return True


def _context(browser, width, mobile):  # noqa: F811
    return axe_context(browser, width, mobile)


def _login(page, base, email):
    login_page(page, base, email, PASSWORD)


def _menu_paths(page, base) -> list[str]:
    """The portal paths the menus link to (other sites and the skip link left out)."""
    hrefs = page.eval_on_selector_all(MENU_LINKS, "els => els.map(e => e.href)")
    paths = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != base or not parts.path:
            continue
        query = "&".join(q for q in parts.query.split("&") if q and not q.startswith("lang="))
        path = parts.path + (f"?{query}" if query else "")
        if path not in paths:
            paths.append(path)
    return paths


def _main_links(page, base) -> list[str]:
    hrefs = page.eval_on_selector_all("main a[href]", "els => els.map(e => e.href)")
    out = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" == base and not NOT_PAGES.search(parts.path):
            out.append(parts.path)
    return out


def _kind(path: str) -> str:
    return re.sub(r"/\d+(?=/|$)", "/{id}", path)


def _shot(page, role, width, lang, path) -> None:
    if not SHOTS:
        return
    name = re.sub(r"[^A-Za-z0-9]+", "_", path.strip("/")) or "home"
    folder = Path(SHOTS)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{role}-{width}-{lang}-{name}.png"), full_page=True)


@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize("width,mobile", [(1366, False), (390, True)])
def test_every_menu_page_is_accessible(browser, live_server, world, role, width, mobile):  # noqa: F811
    ctx = _context(browser, width, mobile)
    page = ctx.new_page()
    if ROLES[role]:
        _login(page, live_server, ROLES[role])
    page.goto(f"{live_server}/?lang=it")
    paths = _menu_paths(page, live_server)
    # The walk covers the menus: the five public sections and the footer's pages for everyone.
    assert {"/orgs", "/challenges", "/projects", "/datasets", "/accessibilita"} <= set(paths)
    assert ("/ecosystem" in paths) == (role in ("staff", "admin"))
    assert ("/account" in paths) == (role != "anonymous")
    problems: list[str] = []
    # Phone width in Italian only (its labels are the longer ones; the suite's time is bounded):
    # the desktop walk covers both languages.
    langs = ("it", "en") if width > 600 else ("it",)
    for path in ["/", *paths]:
        for lang in langs:
            sep = "&" if "?" in path else "?"
            resp = page.goto(f"{live_server}{path}{sep}lang={lang}")
            page.wait_for_load_state()
            where = f"{path} [{role}, {lang}, {width}px]"
            if resp is None or resp.status != 200:
                problems.append(f"{where}: status {resp.status if resp else None}")
                continue
            sw, cw = overflow(page)
            if sw > cw:
                problems.append(f"{where}: {sw}px wide in {cw}px")
            problems += [f"{where}: axe {v}" for v in axe_violations(page)]
            _shot(page, role, width, lang, path)
    ctx.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", list(ROLES))
def test_pages_one_click_from_the_menus(browser, live_server, world, role):  # noqa: F811
    ctx = _context(browser, 1366, False)
    page = ctx.new_page()
    if ROLES[role]:
        _login(page, live_server, ROLES[role])
    page.goto(f"{live_server}/?lang=it")
    menu = ["/", *_menu_paths(page, live_server)]
    seen = {_kind(p.split("?")[0]) for p in menu}
    further: list[str] = []
    for path in menu:
        page.goto(f"{live_server}{path}")
        for link in _main_links(page, live_server):
            if _kind(link) not in seen:
                seen.add(_kind(link))
                further.append(link)
    assert len(further) >= 3, further  # detail pages at least (an organisation, a project, ...)
    print(f"menus walk, {role}: {len(menu)} menu pages, {len(further)} pages one click further")
    problems: list[str] = []
    # One language per page, alternating, so both languages are walked in half the time.
    for n, path in enumerate(further):
        for lang in (("it", "en")[n % 2],):
            resp = page.goto(f"{live_server}{path}?lang={lang}")
            page.wait_for_load_state()
            where = f"{path} [{role}, {lang}, 1366px]"
            if resp is None or resp.status != 200:
                problems.append(f"{where}: status {resp.status if resp else None}")
                continue
            problems += [f"{where}: axe {v}" for v in axe_violations(page)]
            _shot(page, role, 1366, lang, path)
    ctx.close()
    assert not problems, "\n".join(problems)
