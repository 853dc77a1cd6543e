"""No page with several forms repeats an element id (issue 14: every `{{ form.csrf_token }}`
rendered `id="csrf_token"`, so two forms on a page gave two elements with one id)."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

import pytest
from flask import url_for

from app.extensions import db
from tests.conftest import login
from tests.test_authz_matrix import built_world


class _Ids(HTMLParser):
    """Counts the forms and the ids of a page."""

    def __init__(self):
        super().__init__()
        self.forms = 0
        self.ids: Counter[str] = Counter()

    def handle_starttag(self, tag, attrs):
        if tag == "form":
            self.forms += 1
        for name, value in attrs:
            if name == "id" and value:
                self.ids[value] += 1


def duplicate_ids(html: str) -> tuple[int, list[str]]:
    """(number of forms, ids used more than once) of a page."""
    parser = _Ids()
    parser.feed(html)
    return parser.forms, sorted(i for i, n in parser.ids.items() if n > 1)


def test_the_checker_finds_a_duplicate():
    two = '<form><input type="hidden" id="csrf_token"></form><form><input id="csrf_token"></form>'
    assert duplicate_ids(two) == (2, ["csrf_token"])
    assert duplicate_ids('<form><input id="a"></form><form><input id="b"></form>') == (2, [])


@pytest.mark.parametrize("role", ["owner", "other", "staff"])
def test_pages_with_several_forms_have_unique_ids(app, role):
    """Every HTML page the role may open (from the authorisation matrix) with two forms or
    more: no id twice."""
    routes, world = built_world()
    client = app.test_client()
    assert login(client, world.users[role].email).status_code == 302
    checked, wrong = 0, []
    for (endpoint, method), variants in sorted(routes.items()):
        if method != "GET" or endpoint.startswith("api"):
            continue
        for route in variants:
            if route.expected(role) != 200:
                continue
            with app.test_request_context():
                url = url_for(endpoint, **route.args(world)) + route.query
            resp = client.get(url)
            db.session.rollback()
            if resp.status_code != 200 or resp.mimetype != "text/html":
                continue
            forms, dups = duplicate_ids(resp.get_data(as_text=True))
            if forms >= 2:
                checked += 1
                if dups:
                    wrong.append(f"{url} ({forms} forms): {', '.join(dups)}")
    assert checked >= 5, f"only {checked} pages with several forms were checked"
    assert not wrong, f"role {role}, duplicate ids:\n" + "\n".join(wrong)
