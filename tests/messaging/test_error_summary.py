"""The hand-written forms of messaging tie their error to the input (WCAG 3.3.1): an error
summary on top linking to it, the input aria-invalid and described by its error text."""

from __future__ import annotations

from tests.a11y import assert_error_tied
from tests.conftest import login, post_form
from tests.messaging.conftest import api


def _client(app, user):
    c = app.test_client()
    assert login(c, user.email).status_code == 302
    return c


def test_contact_form_with_an_empty_message(app, eco):
    s = _client(app, eco.s_owner)
    resp = post_form(s, "/orgs/biolab-milano/contact?lang=en", {"body": "  "})
    assert resp.status_code == 422
    assert_error_tied(resp.get_data(as_text=True), "contact-body")


def test_reply_with_an_empty_message(app, eco):
    s = _client(app, eco.s_owner)
    cid = api(
        s, "/api/v1/conversations", "POST", json={"to_org": "biolab-milano", "body": "Hello"}
    ).get_json()["id"]
    page = f"/messages/{cid}"
    resp = post_form(s, f"{page}/reply?lang=en", {"body": " "}, token_from=page)
    assert resp.status_code == 422
    assert_error_tied(resp.get_data(as_text=True), "reply-body")
