"""Helpers shared by the foundation's behaviour tests (accounts, organisations, API, core)."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from sqlalchemy import func, select
from werkzeug.local import LocalProxy

from app.auth import views
from app.extensions import db
from tests.conftest import csrf_token


@pytest.fixture(autouse=True)
def no_proxy_login(monkeypatch):
    """Fail cleanly (instead of a segfault that kills the test run) when a view logs in the
    `current_user` proxy itself: Flask-Login then stores the proxy in `g` and every later access
    to `current_user` recurses in C."""

    real = views.login_user

    def guarded(user, *args, **kwargs):
        assert not isinstance(user, LocalProxy), (
            "BUG: login_user() got the current_user proxy, not the User: the process crashes "
            "(segfault) on the next access to current_user"
        )
        return real(user, *args, **kwargs)

    monkeypatch.setattr(views, "login_user", guarded)


def count(model, *where) -> int:
    """Rows of `model` in the database right now (fresh read, outside any stale transaction)."""
    db.session.rollback()
    q = select(func.count()).select_from(model)
    for w in where:
        q = q.where(w)
    return db.session.execute(q).scalar_one()


def fresh(model, ident):
    """Reload one row from the database (or None)."""
    db.session.rollback()
    db.session.expire_all()
    return db.session.get(model, ident)


def text_of(resp) -> str:
    """Response body as text with HTML entities decoded."""
    return html_lib.unescape(resp.get_data(as_text=True))


def field_error(resp, field: str) -> str | None:
    """The error message rendered under form field `field` (macros/forms.html), or None."""
    m = re.search(rf'id="{re.escape(field)}-err"[^>]*>([^<]*)<', resp.get_data(as_text=True))
    return html_lib.unescape(m.group(1)).strip() if m else None


def english(client) -> None:
    """Switch the client's session to English (?lang=en persists in the session)."""
    assert client.get("/?lang=en").status_code == 200


def token_for(client, path: str = "/") -> str:
    """A CSRF token of the client's session (for the X-CSRFToken header)."""
    return csrf_token(client, path)


def flashes(resp_or_html) -> list[str]:
    """Flashed alert texts on a rendered page."""
    body = resp_or_html if isinstance(resp_or_html, str) else resp_or_html.get_data(as_text=True)
    return [
        html_lib.unescape(m).strip()
        for m in re.findall(r'<div class="alert[^"]*" role="alert">(.*?)</div>', body, re.S)
    ]
