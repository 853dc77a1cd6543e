"""`app.core.forms.submit_form`, the one form-submit path of the pages: what it answers for a
valid, an invalid and a refused submit, and that a failed button writes nothing and sends
nothing, whether it re-renders its page (4xx) or flashes and redirects (rolled back first).

Through real pages (the 4xx answer rolling the request back): tests/offers/test_page_actions.py,
tests/compute/test_page_actions.py and the challenges' and datasets' bad-input tests."""

from __future__ import annotations

import pytest
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import StringField
from wtforms.validators import Length

from app.audit.models import AuditEvent
from app.core.errors import Conflict, PermissionDenied, ValidationError
from app.core.forms import ACTION_ERRORS, form_message, submit_form
from app.core.txn import on_commit
from app.extensions import db


class _Form(FlaskForm):
    class Meta:
        csrf = False

    name = StringField("Name", validators=[Length(max=5)])


def _events() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent))


def _write_then(exc, sent: list):
    """An action that writes a row and queues a mail, then fails."""

    def action():
        db.session.add(AuditEvent(action="test.write", target_type="test", target_id=1))
        db.session.flush()
        on_commit(lambda: sent.append("mail"))
        raise exc

    return action


def test_valid_submit_goes_to_on_success(app):
    with app.test_request_context("/", method="POST", data={"name": "ok"}):
        form = _Form()
        answer = submit_form(form, lambda: 7, lambda n: ("done", n * 6), lambda: "page")
    assert answer == ("done", 42)


def test_invalid_form_renders_422_with_the_labelled_message(app):
    with app.test_request_context("/?lang=en", method="POST", data={"name": "too long"}):
        form = _Form()
        called = []
        body, status = submit_form(form, lambda: called.append(1), lambda r: r, lambda: "page")
        assert (body, status, called) == ("page", 422, [])
        assert form_message(form).startswith("Name: ")


def test_a_shown_error_renders_its_status_and_message(app):
    with app.test_request_context("/", method="POST", data={"name": "ok"}):
        form = _Form()
        fail = Conflict("status: the challenge cannot go from draft to awarded.", "status")
        body, status = submit_form(
            form, _raise(fail), lambda r: r, lambda: form_message(form), shown=ACTION_ERRORS
        )
    assert status == 409 and body == fail.message  # the whole message, field named


def test_a_refusal_propagates(app):
    with app.test_request_context("/", method="POST", data={"name": "ok"}):
        with pytest.raises(PermissionDenied):
            submit_form(
                _Form(),
                _raise(PermissionDenied("no")),
                lambda r: r,
                lambda: "page",
                shown=ACTION_ERRORS,
            )


def test_a_get_renders_200(app):
    with app.test_request_context("/"):
        assert submit_form(_Form(), lambda: 1, lambda r: r, lambda: "page") == ("page", 200)


def test_a_flashed_failure_rolls_back_what_the_action_wrote(app):
    before, sent = _events(), []
    with app.test_request_context("/", method="POST", data={"name": "ok"}):
        answer = submit_form(
            _Form(),
            _write_then(ValidationError("name: no.", "name"), sent),
            lambda r: r,
            shown=ACTION_ERRORS,
            on_error=lambda message: ("flashed", message),
        )
        assert answer == ("flashed", "name: no.")
        db.session.commit()  # what the request's end does for an answer below 400
    assert _events() == before and sent == []


def _raise(exc):
    def action():
        raise exc

    return action
