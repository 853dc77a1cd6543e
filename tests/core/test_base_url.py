"""Issue 17 item 1: every absolute URL comes from PORTAL_BASE_URL, never from the Host header;
untrusted hosts are refused; production refuses to start without the settings."""

from __future__ import annotations

import re

import pytest

from app import create_app
from app.config import TestConfig, check_production
from app.extensions import db
from app.mail import outbox_messages
from app.notifications.services import notify
from tests.conftest import make_app


def test_a_reset_link_ignores_a_forged_host_header(client, make_user):
    make_user("victim@example.org")
    evil = {"Host": "evil.example"}
    html = client.get("/auth/forgot", headers=evil).get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    resp = client.post(
        "/auth/forgot",
        data={"csrf_token": token, "email": "victim@example.org"},
        headers=evil,
    )
    assert resp.status_code == 302
    (mail,) = outbox_messages()
    body = mail.get_content()
    assert "evil.example" not in body
    assert "https://portale.test/auth/reset/" in body


def test_notification_mail_links_are_absolute_under_the_base_url(app, make_user):

    user = make_user("n@example.org")
    notify([user.id], "test", "Something happened", "/orgs/acme")
    db.session.commit()
    assert "https://portale.test/orgs/acme" in outbox_messages()[-1].get_content()


def test_untrusted_hosts_are_refused(tmp_path_factory):
    app = make_app(
        f"sqlite:///{tmp_path_factory.mktemp('th') / 't.db'}",
        tmp_path_factory,
        TRUSTED_HOSTS=["portale.test"],
    )
    c = app.test_client()
    assert c.get("/auth/login", headers={"Host": "evil.example"}).status_code == 400
    assert c.get("/auth/login", headers={"Host": "portale.test"}).status_code == 200


def _cfg(**extra):
    cfg = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    cfg.update(PORTAL_ENV="production", SECRET_KEY="a-real-secret-from-the-environment")
    cfg.update(extra)
    return cfg


@pytest.mark.parametrize(
    "base", ["http://localhost:5000", "http://portale.example.it", "", "https://localhost"]
)
def test_production_refuses_to_start_without_a_public_https_base_url(base):
    with pytest.raises(RuntimeError, match="PORTAL_BASE_URL"):
        create_app(_cfg(PORTAL_BASE_URL=base))


def test_production_trusts_the_base_url_host_and_secures_cookies():
    cfg = check_production(_cfg(PORTAL_BASE_URL="https://portale.example.it", TRUSTED_HOSTS=None))
    assert cfg["TRUSTED_HOSTS"] == ["portale.example.it"]
    assert cfg["SESSION_COOKIE_SECURE"] is True


def test_production_needs_a_secret_key():
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        check_production(_cfg(PORTAL_BASE_URL="https://portale.example.it", SECRET_KEY=""))
