"""The weekly digest: off by default, sent only to users who opted in, signed unsubscribe."""

from __future__ import annotations

import re

from app.account.cli import digest_cli
from app.account.digest import is_subscribed
from app.extensions import db
from app.mail import outbox_messages
from app.offers import services as offers
from app.partners import engine
from tests.conftest import login, post_form


def _client(app, user):
    c = app.test_client()
    assert login(c, user.email).status_code == 302
    return c


def _publish_offer(eco):
    offer = offers.create_offer(
        eco.l_owner, eco.lab, {"kind": "technology_offer", "summary": "ICU validation service"}
    )
    offers.transition_offer(eco.l_owner, offer, "submit")
    offers.transition_offer(eco.staff, offer, "approve")
    db.session.commit()


def _digests():
    return [m for m in outbox_messages() if "weekly digest" in m["Subject"]]


def _send(app):
    result = app.test_cli_runner().invoke(digest_cli, ["send"])
    assert result.exit_code == 0, result.output
    return result.output


def test_digest_only_for_those_who_opted_in_and_unsubscribe(app, eco, monkeypatch):
    monkeypatch.setattr(engine, "get_matcher", lambda: None)  # offers and challenges only
    _publish_offer(eco)
    assert "sent=0" in _send(app) and _digests() == []  # off by default
    s = _client(app, eco.s_owner)
    assert "Turn the weekly digest on" in s.get("/my?lang=en").get_data(as_text=True)
    assert post_form(s, "/my/digest", {"on": "1"}, token_from="/my").status_code == 302
    assert "Turn the weekly digest off" in s.get("/my?lang=en").get_data(as_text=True)
    out = _send(app)
    assert "sent=1" in out
    mail = _digests()[0]
    assert mail["To"] == "owner@startup.example"
    body = mail.get_content()
    assert "New collaboration offer: ICU validation service" in body
    # A second run within the week sends nothing more.
    assert "sent=0" in _send(app) and len(_digests()) == 1
    link = re.search(r"https?://\S+/digest/unsubscribe/(\S+)", body)
    assert link, body
    token = link.group(1)
    anon = app.test_client()
    assert anon.get(f"/digest/unsubscribe/{token}x").status_code == 404  # tampered
    page = anon.get(f"/digest/unsubscribe/{token}?lang=en")
    assert page.status_code == 200 and "Stop the weekly digest for owner@startup.example" in (
        page.get_data(as_text=True)
    )
    done = post_form(
        anon, f"/digest/unsubscribe/{token}", {}, token_from=f"/digest/unsubscribe/{token}"
    )
    assert done.status_code == 200 and 'id="unsubscribed"' in done.get_data(as_text=True)
    db.session.rollback()

    assert not is_subscribed(eco.s_owner)
