"""The service figures write hours as the reader's locale does (it: 2,5; en: 2.5)."""

from __future__ import annotations

from datetime import timedelta

from tests.builders import commit, sme, user
from tests.compliance.test_consultations import _ask
from tests.conftest import login


def test_median_hours_in_the_readers_locale(app):
    owner, org = sme()
    staff = user("staff@example.org", role="staff")
    c = _ask(owner, org)
    c.first_reply_at = c.created_at + timedelta(hours=2, minutes=30)
    c.closed_at = c.created_at + timedelta(hours=26, minutes=15)
    c.status = "closed"
    commit()
    client = app.test_client()
    login(client, staff.email)
    italian = client.get("/compliance/figures?lang=it").get_data(as_text=True)
    english = client.get("/compliance/figures?lang=en").get_data(as_text=True)
    assert "<td>2,5</td><td>26,2</td>" in italian, italian[italian.find("<tbody") :][:400]
    assert "<td>2.5</td><td>26.2</td>" in english
