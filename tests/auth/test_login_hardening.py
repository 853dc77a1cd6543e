"""Issue 17, items 2-5: per-account throttling shared by workers, the same work for unknown
accounts, the password policy, API tokens revoked with the password."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from app.auth import services
from app.auth.models import LoginThrottle, User
from app.core.errors import ValidationError
from app.extensions import db
from tests.auth.helpers import count, fresh
from tests.conftest import PASSWORD, csrf_token, make_app


def _try(client, email, password, token=None):
    token = token or csrf_token(client, "/auth/login")
    return client.post(
        "/auth/login", data={"csrf_token": token, "email": email, "password": password}
    )


def test_an_account_is_locked_after_five_failures_even_with_the_right_password(client, make_user):
    make_user("victim@example.org")
    for _ in range(5):
        assert _try(client, "victim@example.org", "wrong-password-x").status_code == 401
    resp = _try(client, "victim@example.org", PASSWORD)
    assert resp.status_code == 429
    assert "Too many failed attempts" in resp.get_data(as_text=True)
    row = db.session.get(LoginThrottle, next(iter(_keys())))
    assert row.failures == 5 and row.locked_until is not None


def _keys():
    db.session.rollback()
    return [k for (k,) in db.session.execute(db.select(LoginThrottle.key))]


def test_the_counter_is_shared_by_every_worker(base_app, app, make_user, tmp_path_factory):
    """A second app on the same database (another gunicorn worker, another host) sees it."""
    make_user("shared@example.org")
    other = make_app(base_app.config["SQLALCHEMY_DATABASE_URI"], tmp_path_factory)
    clients = [base_app.test_client(), other.test_client()]
    for i in range(5):
        c = clients[i % 2]
        c.environ_base["REMOTE_ADDR"] = f"10.0.0.{i}"  # and from different addresses
        assert _try(c, "shared@example.org", "wrong-password-x").status_code == 401
    assert _try(clients[1], "shared@example.org", PASSWORD).status_code == 429
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def test_success_clears_the_counter_and_unknown_addresses_are_throttled_alike(client, make_user):
    make_user("ok@example.org")
    for _ in range(3):
        _try(client, "ok@example.org", "wrong-password-x")
    assert _try(client, "ok@example.org", PASSWORD).status_code == 302
    assert count(LoginThrottle) == 0
    for _ in range(5):
        assert _try(client, "nobody@example.org", "wrong-password-x").status_code == 401
    assert _try(client, "nobody@example.org", "wrong-password-x").status_code == 429


def test_an_unknown_account_costs_one_hash_verification_like_a_known_one(
    app, make_user, monkeypatch
):
    make_user("known@example.org")
    calls = []
    real = PasswordHasher.verify

    def spy(self, hash_, password):
        calls.append(hash_[:9])
        return real(self, hash_, password)

    monkeypatch.setattr(PasswordHasher, "verify", spy)
    for address in ("known@example.org", "unknown@example.org"):
        with pytest.raises(ValidationError) as err:
            services.authenticate({"email": address, "password": "wrong-password-x"})
        assert err.value.message == "Wrong e-mail or password."
    assert calls == ["$argon2id", "$argon2id"]


@pytest.mark.parametrize(
    "password",
    ["password12", "1234567890", "qwertyuiop", "qwertyuiop12", "password1234", "x" * 129],
)
def test_weak_passwords_are_refused(app, password):
    with pytest.raises(ValidationError) as err:
        services.register_user({"email": "w@example.org", "name": "Wanda", "password": password})
    assert err.value.field == "password"
    assert count(User) == 0


@pytest.mark.parametrize("password", ["wanda.rossi@example.org", "my-name-is-wanda-rossi"])
def test_a_password_containing_the_e_mail_or_the_name_is_refused(app, password):
    with pytest.raises(ValidationError, match="e-mail address or your name"):
        services.register_user(
            {"email": "wanda.rossi@example.org", "name": "Wanda Rossi", "password": password}
        )


def test_a_long_uncommon_passphrase_is_accepted(app):
    user = services.register_user(
        {"email": "p@example.org", "name": "Pia", "password": "tram 9 verso piazza duomo"}
    )
    assert user.id


def test_changing_the_password_revokes_the_api_token(app, make_user, client):
    user = make_user("tok@example.org")
    token = services.create_api_token(user)
    db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    services.change_password(
        fresh(User, user.id),
        {"current_password": PASSWORD, "new_password": "another long passphrase"},
    )
    db.session.commit()
    assert fresh(User, user.id).api_token_hash is None
    assert client.get("/api/v1/me", headers=headers).status_code == 401
