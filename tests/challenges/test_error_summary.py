"""A failed form says so at the top and ties each error to its input (WCAG 3.3.1): a WTForms
form's own validation, the service's error attached to its field, and a button's form."""

from __future__ import annotations

from tests.a11y import assert_error_tied
from tests.challenges.conftest import CHALLENGE, client_for, form_post, future, make_challenge


def _new(client, **patch):
    data = {**CHALLENGE, "deadline": future(), **patch}
    return form_post(client, "/challenges/new?lang=en", {k: str(v) for k, v in data.items()})


def test_wtforms_validation_error_is_tied_to_its_field(app, eco):
    data = {"org_id": str(eco.company.id), "title": ""}
    resp = _new(client_for(app, eco.poster), **data)
    assert resp.status_code == 422
    assert_error_tied(resp.get_data(as_text=True), "title")


def test_service_error_is_tied_to_the_field_it_names(app, eco):
    # "-5" passes the form; the service refuses it and names "budget".
    resp = _new(client_for(app, eco.poster), org_id=str(eco.company.id), budget="-5")
    assert resp.status_code == 422
    html = resp.get_data(as_text=True)
    assert_error_tied(html, "budget")
    assert "negative" in html


def test_button_form_error_is_tied_to_its_comment(app, eco):
    challenge = make_challenge(eco, "submitted")
    staff = client_for(app, eco.staff)
    url = f"/challenges/{challenge.id}/transition?lang=en"
    resp = form_post(staff, url, {"action": "return", "comment": ""})
    assert resp.status_code == 422
    html = resp.get_data(as_text=True)
    assert_error_tied(html, "comment-return")
    assert 'id="action-error"' in html
