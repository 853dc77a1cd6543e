"""Offer pages write the expiry date as the reader's locale does, not ISO."""

from __future__ import annotations

from datetime import date

from tests.offers.test_offers import _client, _offer


def test_expiry_date_in_the_readers_locale(app, eco):
    lab = _client(app, eco.l_owner)
    oid = _offer(lab, expires_on="2099-03-07").get_json()["id"]
    italian = lab.get(f"/offers/{oid}?lang=it").get_data(as_text=True)
    english = lab.get(f"/offers/{oid}?lang=en").get_data(as_text=True)
    assert "fino al 7 mar 2099" in italian and "until 7 Mar 2099" in english
    assert date(2099, 3, 7).isoformat() not in italian + english
