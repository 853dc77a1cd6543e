"""Compute pages write hours and dates as the reader's locale does (it: 1.000, 2 gen 2099)."""

from __future__ import annotations

from tests.builders import commit
from tests.builders import compute_draft as draft
from tests.builders import compute_world as world
from tests.conftest import login


def test_hours_and_period_in_the_readers_locale(app):
    _staff, _provider, secure, _gpu, requester, org = world()
    req = draft(requester, secure, org)
    req.period_start = req.period_start.replace(year=2099, month=1, day=2)
    req.period_end = req.period_end.replace(year=2099, month=2, day=3)
    commit()
    client = app.test_client()
    login(client, requester.email)
    resource = f"/compute/resources/{secure.id}"
    assert '<dd class="col-sm-8">1.000</dd>' in client.get(f"{resource}?lang=it").get_data(
        as_text=True
    )
    assert '<dd class="col-sm-8">1,000</dd>' in client.get(f"{resource}?lang=en").get_data(
        as_text=True
    )
    page = f"/compute/requests/{req.id}"
    italian = client.get(f"{page}?lang=it").get_data(as_text=True)
    english = client.get(f"{page}?lang=en").get_data(as_text=True)
    assert "2 gen 2099 – 3 feb 2099" in italian and "2 Jan 2099 – 3 Feb 2099" in english
    assert "2099-01-02" not in italian + english
