"""Challenge pages write money as the reader's locale does (it: 50.000 €, en: €50,000)."""

from __future__ import annotations

import re

from tests import builders
from tests.challenges.conftest import client_for


def _dd(html: str, dd_id: str) -> str:
    match = re.search(rf'<dd id="{dd_id}">([^<]*)</dd>', html)
    assert match, dd_id
    return match.group(1)


def test_budget_and_estimated_cost_in_the_readers_locale(app, eco):
    item = builders.challenge(eco.poster, eco.staff, budget="50000")
    answer = builders.response(eco.solver, item, estimated_cost="1234.50")
    builders.commit()
    anonymous = client_for(app)
    page = f"/challenges/{item.id}"
    assert _dd(anonymous.get(f"{page}?lang=it").get_data(as_text=True), "budget") == "50.000\u00a0€"
    assert _dd(anonymous.get(f"{page}?lang=en").get_data(as_text=True), "budget") == "€50,000"
    poster = client_for(app, eco.poster)
    detail = f"/challenges/{item.id}/responses/{answer.id}"
    italian = poster.get(f"{detail}?lang=it").get_data(as_text=True)
    assert _dd(italian, "estimated-cost") == "1.234,50\u00a0€"
    english = poster.get(f"{detail}?lang=en").get_data(as_text=True)
    assert _dd(english, "estimated-cost") == "€1,234.50"
