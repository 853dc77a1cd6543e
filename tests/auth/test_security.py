"""Security basics: sessions, password hashes, rate limits, CSRF, audit trail of accounts."""

from __future__ import annotations

import pytest
from argon2 import Type, extract_parameters

from app.audit.models import AuditEvent
from app.auth import services
from app.auth.models import User
from app.extensions import db, limiter
from tests.auth.helpers import count, english, fresh, text_of
from tests.conftest import PASSWORD, csrf_token, login, make_app, post_form

NEW_PASSWORD = "a-brand-new-passphrase"


def _session_cookie(client) -> str | None:
    cookie = client.get_cookie("session")
    return cookie.value if cookie else None


def _logged_in(client) -> bool:
    return client.get("/account").status_code == 200


# --- sessions ---------------------------------------------------------------------------------


def test_session_is_renewed_at_login(app, client, make_user):
    make_user("s@example.org")
    before_token = csrf_token(client, "/auth/login")
    before = _session_cookie(client)
    assert before, "an anonymous visitor with a form already has a session"
    assert login(client, "s@example.org").status_code == 302
    after = _session_cookie(client)
    assert after and after != before
    # The pre-login CSRF token belonged to the old session: it is no longer accepted.
    resp = client.post("/account/token", data={"csrf_token": before_token})
    assert resp.status_code == 400


def test_fixated_session_is_not_the_logged_in_session(app, client, make_user):
    """An attacker plants a session cookie before the victim logs in: it stays anonymous."""
    make_user("victim@example.org")
    csrf_token(client, "/auth/login")
    planted = _session_cookie(client)
    attacker = app.test_client()
    attacker.set_cookie("session", planted)
    assert login(client, "victim@example.org").status_code == 302
    assert _logged_in(client)
    assert _session_cookie(client) != planted
    assert not _logged_in(attacker)


def test_logout_needs_post(client, make_user, as_user):
    as_user(make_user("g@example.org"))
    assert client.get("/auth/logout").status_code == 405
    assert _logged_in(client)


def test_logout_without_csrf_token_is_refused(client, make_user, as_user):
    as_user(make_user("g2@example.org"))
    assert client.post("/auth/logout").status_code == 400
    assert _logged_in(client)


def test_logout_invalidates_the_session(app, client, make_user, as_user):
    """A copy of the session cookie taken before logout must not work after it."""
    as_user(make_user("copy@example.org"))
    stolen = _session_cookie(client)
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert _logged_in(thief)
    client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/")})
    assert not _logged_in(client)
    assert not _logged_in(thief), "the session cookie still works after logout"


def test_password_change_ends_other_sessions_and_keeps_this_one(app, client, make_user, as_user):
    as_user(make_user("two@example.org"))
    other = app.test_client()
    assert login(other, "two@example.org").status_code == 302
    assert _logged_in(other)
    resp = post_form(
        client,
        "/account/password",
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        token_from="/account",
    )
    assert resp.status_code == 302
    assert _logged_in(client)
    assert not _logged_in(other)


def test_role_change_ends_the_users_sessions(app, client, make_user, as_user):
    """A demoted user must not keep the old role in an open session."""
    staff = make_user("staffer@example.org", role="staff")
    admin = make_user("boss@example.org", role="admin")
    staff_client = app.test_client()
    assert login(staff_client, staff.email).status_code == 302
    as_user(admin)
    post_form(
        client, f"/admin/users/{staff.id}/role", {"role": "member"}, token_from="/admin/users"
    )
    assert fresh(User, staff.id).role == "member"
    assert not _logged_in(staff_client)


# --- password hashes --------------------------------------------------------------------------


def test_passwords_are_hashed_with_argon2id(app, make_user, monkeypatch):
    # The production cost (the test configuration lowers it to keep the suite quick).
    monkeypatch.setitem(app.config, "ARGON2_TIME_COST", None)
    monkeypatch.setitem(app.config, "ARGON2_MEMORY_COST", None)
    user = make_user("hash@example.org")
    stored = fresh(User, user.id).password_hash
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored
    params = extract_parameters(stored)
    assert params.type is Type.ID
    # OWASP minimum for argon2id: 19 MiB of memory, 2 iterations (or more memory, fewer passes).
    assert params.memory_cost >= 19 * 1024 and params.time_cost >= 2


def test_same_password_gives_different_hashes(app, make_user):
    a = make_user("salt1@example.org")
    b = make_user("salt2@example.org")
    assert a.password_hash != b.password_hash


# --- rate limiting ----------------------------------------------------------------------------


@pytest.fixture
def limited_client(tmp_path_factory):
    """A separate app with rate limiting on (the shared limiter is switched back afterwards)."""
    was_enabled = limiter.enabled
    url = f"sqlite:///{tmp_path_factory.mktemp('ratelimit') / 'rl.db'}"
    rl_app = make_app(
        url,
        tmp_path_factory,
        RATELIMIT_ENABLED=True,
        RATELIMIT_STRATEGY="moving-window",
        LOGIN_RATE_LIMIT="10 per minute",
    )
    with rl_app.app_context():
        db.create_all()
        services.register_user({"email": "rl@example.org", "name": "RL", "password": PASSWORD})
        db.session.commit()
    try:
        yield rl_app.test_client()
    finally:
        limiter.enabled = was_enabled
        with rl_app.app_context():
            db.session.remove()
            db.engine.dispose()


def _assert_429(resp):
    assert resp.status_code == 429
    assert "frame-ancestors" in resp.headers["Content-Security-Policy"]
    assert resp.headers["X-Content-Type-Options"] == "nosniff"


def test_login_is_rate_limited(limited_client):
    token = csrf_token(limited_client, "/auth/login")
    for i in range(10):  # ten accounts: the per-address limit, not the per-account one
        resp = limited_client.post(
            "/auth/login",
            data={"csrf_token": token, "email": f"rl{i}@example.org", "password": "wrong-pw"},
        )
        assert resp.status_code == 401
    resp = limited_client.post(
        "/auth/login", data={"csrf_token": token, "email": "rl@example.org", "password": PASSWORD}
    )
    _assert_429(resp)
    # Pages are not limited, only the POST.
    assert limited_client.get("/auth/login").status_code == 200


def test_forgot_is_rate_limited(limited_client):
    token = csrf_token(limited_client, "/auth/forgot")
    for _ in range(10):
        resp = limited_client.post(
            "/auth/forgot", data={"csrf_token": token, "email": "rl@example.org"}
        )
        assert resp.status_code == 302
    resp = limited_client.post(
        "/auth/forgot", data={"csrf_token": token, "email": "rl@example.org"}
    )
    _assert_429(resp)


def test_reset_is_rate_limited(limited_client):
    token = csrf_token(limited_client, "/auth/forgot")
    for _ in range(10):
        resp = limited_client.post(
            "/auth/reset/guess", data={"csrf_token": token, "new_password": NEW_PASSWORD}
        )
        assert resp.status_code == 422
    resp = limited_client.post(
        "/auth/reset/guess", data={"csrf_token": token, "new_password": NEW_PASSWORD}
    )
    _assert_429(resp)


# --- CSRF -------------------------------------------------------------------------------------


CSRF_FORMS = [
    ("/auth/register", {"name": "X", "email": "x@example.org", "password": PASSWORD}),
    ("/auth/login", {"email": "x@example.org", "password": PASSWORD}),
    ("/auth/forgot", {"email": "x@example.org"}),
]


@pytest.mark.parametrize("path,data", CSRF_FORMS)
def test_post_without_csrf_token_is_400_and_writes_nothing(app, client, path, data):
    english(client)
    events = count(AuditEvent)
    users = count(User)
    resp = client.post(path, data=data)
    assert resp.status_code == 400
    assert "CSRF token" in text_of(resp)
    assert count(User) == users and count(AuditEvent) == events


@pytest.mark.parametrize("path,data", CSRF_FORMS)
def test_post_with_tampered_csrf_token_is_400(app, client, path, data):
    english(client)
    token = csrf_token(client, path)
    tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    resp = client.post(path, data={**data, "csrf_token": tampered})
    assert resp.status_code == 400
    assert "CSRF token" in text_of(resp)
    assert count(User) == 0


def test_csrf_token_of_another_session_is_refused(app, client, make_user, as_user):
    user = make_user("csrf@example.org")
    other = app.test_client()
    foreign = csrf_token(other, "/auth/login")
    as_user(user)
    resp = client.post("/account/delete", data={"csrf_token": foreign, "password": PASSWORD})
    assert resp.status_code == 400
    assert fresh(User, user.id) is not None


def test_logged_in_forms_refuse_missing_csrf(client, make_user, as_user):
    user = make_user("csrf2@example.org")
    as_user(user)
    old_hash = user.password_hash
    resp = client.post(
        "/account/password", data={"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    )
    assert resp.status_code == 400
    assert fresh(User, user.id).password_hash == old_hash
    assert client.post("/account/delete", data={"password": PASSWORD}).status_code == 400
    assert fresh(User, user.id) is not None
    assert client.post("/account/token").status_code == 400
    assert fresh(User, user.id).api_token_hash is None


# --- audit trail ------------------------------------------------------------------------------


def test_login_success_is_audited(client, make_user):
    user = make_user("audit@example.org")
    login(client, "audit@example.org")
    assert count(AuditEvent, AuditEvent.action == "auth.login", AuditEvent.actor_id == user.id) == 1


def test_login_failure_is_audited(client, make_user):
    """A failed login answers 401, yet its audit event must be kept (not rolled back)."""
    user = make_user("fail@example.org")
    assert login(client, "fail@example.org", "wrong-password").status_code == 401
    assert (
        count(
            AuditEvent,
            AuditEvent.action == "auth.login_failed",
            AuditEvent.target_id == str(user.id),
        )
        == 1
    )
    assert login(client, "unknown@example.org", "wrong-password").status_code == 401
    assert count(AuditEvent, AuditEvent.action == "auth.login_failed") == 2


def test_password_change_is_audited(client, make_user, as_user):
    user = make_user("pwaudit@example.org")
    as_user(user)
    post_form(
        client,
        "/account/password",
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        token_from="/account",
    )
    assert (
        count(
            AuditEvent, AuditEvent.action == "auth.password_changed", AuditEvent.actor_id == user.id
        )
        == 1
    )


def test_role_change_is_audited_with_old_and_new_role(client, make_user, as_user):
    admin = make_user("admin@example.org", role="admin")
    target = make_user("target@example.org")
    as_user(admin)
    resp = post_form(
        client, f"/admin/users/{target.id}/role", {"role": "staff"}, token_from="/admin/users"
    )
    assert resp.status_code == 302
    db.session.rollback()
    events = AuditEvent.query.filter_by(action="user.role_changed").all()
    assert len(events) == 1
    assert events[0].actor_id == admin.id and events[0].target_id == str(target.id)
    assert events[0].detail["old"] == "member" and events[0].detail["new"] == "staff"
