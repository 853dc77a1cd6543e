"""Nu HTML checker (npm vnu-jar) on the pages two clicks deep from the menus: from each menu
page, one page of each kind (ids generalised) it links to, and one of each kind those link to;
anonymous, as a start-up owner and as region staff, in Italian. Through the test client (no
browser): the HTML the server sends is what the checker reads."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from app.challenges import services as challenges
from app.extensions import db
from app.orgs import services as orgs
from tests.a11y import vnu_errors
from tests.conftest import login, post_form
from tests.datasets.support import make_dataset
from tests.projects import fixtures

ROLES = {"anon": None, "startup": "lead@acme.example", "staff": "staff@region.example"}
NOT_PAGES = re.compile(
    r"(\.(csv|xlsx|json|jsonld|ttl|rdf|xml|n3|pdf|ics|ico|svg|png)$)|^/api|^/static/|/logout$"
    r"|/download|/export|/files/|^/catalog|^/dataset/"
)
MAX_PER_ROLE = 100


class _Links(HTMLParser):
    """The hrefs of a page: those of the menus (header, footer) and those inside <main>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.menu: list[str] = []
        self.main: list[str] = []
        self._in_main = 0

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self._in_main += 1
        href = dict(attrs).get("href") if tag == "a" else None
        if href:
            (self.main if self._in_main else self.menu).append(href)

    def handle_endtag(self, tag):
        if tag == "main":
            self._in_main -= 1


def _links(html: str) -> _Links:
    parsed = _Links()
    parsed.feed(html)
    return parsed


def _portal_path(href: str) -> str | None:
    parts = urlsplit(href)
    if parts.netloc or not parts.path.startswith("/") or NOT_PAGES.search(parts.path):
        return None
    return parts.path


def _kind(path: str) -> str:
    return re.sub(r"/\d+(?=/|$)", "/{id}", path)


def _world():
    """The projects fixture, a company with a challenge, a dataset."""
    w = fixtures.build()
    company_owner = fixtures.user("company@deep.example")
    company = orgs.create_org(
        company_owner, {"name": "Farmaceutica Lombarda", "kind": "company", "areas": ["genomics"]}
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
    make_dataset(w.hosp_owner, w.hosp, "deep:1")
    db.session.commit()
    return w


def _crawl(client) -> dict[str, str]:
    """Menu pages, then one page per kind linked from their <main>, then from those."""
    get = lambda path: client.get(path, headers={"Accept-Language": "it"})  # noqa: E731
    home = get("/").get_data(as_text=True)
    level = list(dict.fromkeys(p for h in _links(home).menu if (p := _portal_path(h))))
    pages: dict[str, str] = {}
    seen = {_kind(p) for p in level}
    for _depth in range(3):  # the menu pages, one click further, two clicks further
        following: list[str] = []
        for path in level:
            if len(pages) >= MAX_PER_ROLE:
                break
            resp = get(path)
            if resp.status_code == 302:
                continue  # log in first, or "create or join an organisation first"
            assert resp.status_code == 200, (path, resp.status_code)
            if not resp.content_type.startswith("text/html"):
                continue
            html = resp.get_data(as_text=True)
            pages[path] = html
            for href in _links(html).main:
                nxt = _portal_path(href)
                if nxt and _kind(nxt) not in seen:
                    seen.add(_kind(nxt))
                    following.append(nxt)
        level = following
    return pages


def test_pages_two_clicks_from_the_menus_are_valid_html(app, tmp_path):
    app.config["MATCHING_ENABLED"] = False
    w = _world()
    documents = {}
    counts = {}
    for role, email in ROLES.items():
        client = app.test_client()
        if email:
            assert login(client, email, fixtures.PASSWORD).status_code == 302
        pages = _crawl(client)
        counts[role] = len(pages)
        for path, html in pages.items():
            name = role + "_" + (re.sub(r"[^A-Za-z0-9]+", "_", path.strip("/")) or "home")
            documents[name] = html
    assert all(n >= 15 for n in counts.values()), counts
    # Failed forms too: the error summary and the inputs tied to their errors.
    startup = app.test_client()
    login(startup, ROLES["startup"], fixtures.PASSWORD)
    for name, client, path, data in (
        ("failed_register", app.test_client(), "/auth/register", {"email": "x"}),
        (
            "failed_project_report",
            startup,
            f"/projects/{w.p1.id}/reports/new",
            {"period_start": "2030-01-01", "period_end": "2030-02-01"},  # outside the project
        ),
        ("failed_contact", startup, f"/orgs/{w.uni.slug}/contact", {"body": " "}),
    ):
        resp = post_form(client, path + "?lang=it", data, token_from=path)
        assert resp.status_code == 422, (path, resp.status_code)
        assert "data-error-summary" in resp.get_data(as_text=True), path
        documents[name] = resp.get_data(as_text=True)
    errors = vnu_errors(documents, tmp_path)
    assert not errors, "\n".join(errors)
    print(f"Nu HTML checker: {len(documents)} pages, {counts}, 0 errors")
