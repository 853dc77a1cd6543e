"""Fixtures of the compliance tests."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _request_context(request):
    """Service calls made outside the test client need a request: messages are translated
    into the request's locale (English here)."""
    if "app" not in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("app")
    with app.test_request_context("/?lang=en"):
        yield
