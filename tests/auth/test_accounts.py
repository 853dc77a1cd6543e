"""Account journeys through the pages: register, log in / out, passwords, language, token, GDPR."""

from __future__ import annotations

import json
import re
from urllib.parse import urlparse

from app.audit.models import AuditEvent
from app.audit.services import pseudonym
from app.auth import services
from app.auth.models import User
from app.mail import outbox_messages
from app.orgs.models import Membership
from tests.auth.helpers import count, english, field_error, flashes, fresh, text_of
from tests.conftest import PASSWORD, csrf_token, login, post_form

NEW_PASSWORD = "a-brand-new-passphrase"


def _logged_in(client) -> bool:
    """Is the client logged in? (/account answers 200 only to a logged-in user)."""
    return client.get("/account").status_code == 200


# --- register ---------------------------------------------------------------------------------


def _confirm_path(to: str) -> str:
    """The confirmation link mailed to `to` (its path: the host is PORTAL_BASE_URL's)."""
    (mail,) = [m for m in outbox_messages() if m["To"] == to]
    return urlparse(re.search(r"https?://\S+/auth/confirm/\S+", mail.get_content()).group(0)).path


def test_register_mails_a_confirmation_link_that_activates_and_logs_in(client):
    resp = post_form(
        client,
        "/auth/register",
        {
            "name": "Giulia Bianchi",
            "email": "Giulia@Example.ORG",
            "password": PASSWORD,
            "locale": "en",
        },
    )
    assert resp.status_code == 302 and urlparse(resp.location).path == "/auth/login"
    assert not _logged_in(client)
    user = services.get_user_by_email("giulia@example.org")
    assert user is not None and user.name == "Giulia Bianchi" and user.locale == "en"
    assert user.role == "member" and user.email_confirmed_at is None
    assert user.password_hash.startswith("$argon2id$")
    assert login(client, "giulia@example.org").status_code == 401  # not confirmed yet
    path = _confirm_path("giulia@example.org")
    assert client.get(path).status_code == 200  # a page with a button: a GET writes nothing
    assert fresh(User, user.id).email_confirmed_at is None
    assert post_form(client, path, {}).status_code == 302
    assert _logged_in(client)
    assert "Giulia Bianchi" in text_of(client.get("/account"))


def test_registering_a_known_address_answers_the_same_and_mails_its_owner(client, make_user):
    make_user("known@example.org")
    answers = []
    for address in ("known@example.org", "new@example.org"):
        resp = post_form(
            client,
            "/auth/register",
            {"name": "Someone", "email": address, "password": PASSWORD, "locale": "en"},
        )
        answers.append((resp.status_code, flashes(client.get(resp.location))))
    assert answers[0][0] == answers[1][0] == 302
    assert [f.replace("known@", "X@") for f in answers[0][1]] == [
        f.replace("new@", "X@") for f in answers[1][1]
    ]
    known = [m for m in outbox_messages() if m["To"] == "known@example.org"]
    assert len(known) == 1 and "/auth/forgot" in known[0].get_content()
    assert count(User, User.email == "known@example.org") == 1


def test_a_bad_confirmation_link_is_refused(client):
    resp = post_form(client, "/auth/confirm/bogus", {})
    assert resp.status_code == 422


def test_register_then_login_with_the_same_credentials(client):
    post_form(
        client,
        "/auth/register",
        {"name": "Ada", "email": "ada@example.org", "password": PASSWORD, "locale": "it"},
    )
    post_form(client, _confirm_path("ada@example.org"), {})
    client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/")})
    assert not _logged_in(client)
    assert login(client, "ada@example.org").status_code == 302
    assert _logged_in(client)


# --- login / logout ---------------------------------------------------------------------------


def test_login_and_logout(client, make_user):
    make_user("lucia@example.org")
    assert not _logged_in(client)
    resp = login(client, "LUCIA@example.org")
    assert resp.status_code == 302 and urlparse(resp.location).path == "/my"  # personal area
    assert _logged_in(client)
    resp = client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/")})
    assert resp.status_code == 302
    assert not _logged_in(client)


def test_login_redirects_to_a_local_next_only(client, make_user):
    make_user("n@example.org")
    token = csrf_token(client, "/auth/login")
    resp = client.post(
        "/auth/login?next=/orgs",
        data={"csrf_token": token, "email": "n@example.org", "password": PASSWORD},
    )
    assert urlparse(resp.location).path == "/orgs"
    client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/")})
    token = csrf_token(client, "/auth/login")
    resp = client.post(
        "/auth/login?next=//evil.example/x",
        data={"csrf_token": token, "email": "n@example.org", "password": PASSWORD},
    )
    assert resp.status_code == 302
    assert "evil.example" not in resp.location


def test_wrong_password_is_refused_with_a_message(client, make_user):
    make_user("m@example.org")
    english(client)
    resp = login(client, "m@example.org", "not-the-password")
    assert resp.status_code == 401
    assert "Wrong e-mail or password" in text_of(resp)
    assert not _logged_in(client)


def test_unknown_account_gets_the_same_message(client):
    english(client)
    resp = login(client, "nobody@example.org", "whatever-password")
    assert resp.status_code == 401
    assert "Wrong e-mail or password" in text_of(resp)


def test_protected_page_redirects_to_login(client):
    resp = client.get("/account")
    assert resp.status_code == 302
    assert urlparse(resp.location).path == "/auth/login"


# --- change password --------------------------------------------------------------------------


def test_change_password(client, make_user, as_user):
    user = make_user("p@example.org")
    as_user(user)
    resp = post_form(
        client,
        "/account/password",
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        token_from="/account",
    )
    assert resp.status_code == 302
    assert _logged_in(client)
    client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/")})
    assert login(client, "p@example.org", PASSWORD).status_code == 401
    assert login(client, "p@example.org", NEW_PASSWORD).status_code == 302


def test_change_password_with_wrong_current_password(client, make_user, as_user):
    user = make_user("p2@example.org")
    old_hash = user.password_hash
    as_user(user)
    english(client)
    resp = post_form(
        client,
        "/account/password",
        {"current_password": "wrong-password!", "new_password": NEW_PASSWORD},
        token_from="/account",
    )
    assert resp.status_code == 422
    assert "current password is wrong" in field_error(resp, "current_password")
    assert fresh(User, user.id).password_hash == old_hash


def test_change_password_too_short(client, make_user, as_user):
    user = make_user("p3@example.org")
    old_hash = user.password_hash
    as_user(user)
    english(client)
    resp = post_form(
        client,
        "/account/password",
        {"current_password": PASSWORD, "new_password": "short"},
        token_from="/account",
    )
    assert resp.status_code == 422
    assert field_error(resp, "new_password")
    assert "12" in field_error(resp, "new_password")
    assert fresh(User, user.id).password_hash == old_hash


# --- password reset by mail -------------------------------------------------------------------


def _reset_link(app) -> str:
    messages = outbox_messages()
    assert messages, "no mail in the outbox"
    body = messages[-1].get_content()
    m = re.search(r"https?://\S+/auth/reset/\S+", body)
    assert m, body
    return urlparse(m.group(0)).path


def test_reset_password_through_the_mailed_link(app, client, make_user):
    make_user("r@example.org")
    resp = post_form(client, "/auth/forgot", {"email": "r@example.org"})
    assert resp.status_code == 302
    messages = outbox_messages()
    assert len(messages) == 1 and messages[0]["To"] == "r@example.org"
    path = _reset_link(app)
    assert client.get(path).status_code == 200
    resp = post_form(client, path, {"new_password": NEW_PASSWORD})
    assert resp.status_code == 302 and urlparse(resp.location).path == "/auth/login"
    assert login(client, "r@example.org", PASSWORD).status_code == 401
    assert login(client, "r@example.org", NEW_PASSWORD).status_code == 302


def test_reset_link_works_only_once(app, client, make_user):
    make_user("once@example.org")
    post_form(client, "/auth/forgot", {"email": "once@example.org"})
    path = _reset_link(app)
    assert post_form(client, path, {"new_password": NEW_PASSWORD}).status_code == 302
    english(client)
    resp = post_form(client, path, {"new_password": "yet-another-passphrase"})
    assert resp.status_code == 422
    assert "already been used" in text_of(resp)
    assert login(client, "once@example.org", NEW_PASSWORD).status_code == 302


def test_expired_reset_link(app, client, make_user, monkeypatch):
    user = make_user("late@example.org")
    old_hash = user.password_hash
    post_form(client, "/auth/forgot", {"email": "late@example.org"})
    path = _reset_link(app)
    monkeypatch.setattr(services, "RESET_MAX_AGE", -1)  # every link is already too old
    english(client)
    resp = post_form(client, path, {"new_password": NEW_PASSWORD})
    assert resp.status_code == 422
    assert "expired" in text_of(resp)
    assert fresh(User, user.id).password_hash == old_hash


def test_invalid_reset_link(client, make_user):
    english(client)
    resp = post_form(client, "/auth/reset/not-a-real-token", {"new_password": NEW_PASSWORD})
    assert resp.status_code == 422
    assert "not valid" in text_of(resp)


def test_forgot_for_unknown_address_says_the_same_and_sends_nothing(app, client):
    english(client)
    resp = post_form(client, "/auth/forgot", {"email": "ghost@example.org"})
    assert resp.status_code == 302
    page = client.get(resp.location)
    assert any("reset link is on its way" in f for f in flashes(page))
    assert outbox_messages() == []


def test_reset_logs_out_other_sessions(app, client, make_user):
    make_user("multi@example.org")
    other = app.test_client()
    assert login(other, "multi@example.org").status_code == 302
    assert _logged_in(other)
    post_form(client, "/auth/forgot", {"email": "multi@example.org"})
    post_form(client, _reset_link(app), {"new_password": NEW_PASSWORD})
    assert not _logged_in(other)


# --- language ---------------------------------------------------------------------------------


def _html_lang(resp) -> str:
    m = re.search(r'<html lang="([a-z]{2})"', resp.get_data(as_text=True))
    assert m
    return m.group(1)


NO_PREFERENCE = {"Accept-Language": ""}  # the test client otherwise asks for English


def test_italian_is_the_default_language(client):
    assert _html_lang(client.get("/", headers=NO_PREFERENCE)) == "it"
    assert _html_lang(client.get("/orgs", headers=NO_PREFERENCE)) == "it"
    assert _html_lang(client.get("/", headers={"Accept-Language": "de, fr"})) == "it"


def test_browser_preference_is_followed(client):
    assert _html_lang(client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})) == "en"
    assert _html_lang(client.get("/", headers={"Accept-Language": "it-IT,it;q=0.9"})) == "it"


def test_lang_query_switches_and_persists_in_the_session(client):
    assert _html_lang(client.get("/orgs?lang=en", headers=NO_PREFERENCE)) == "en"
    assert _html_lang(client.get("/orgs", headers=NO_PREFERENCE)) == "en"
    assert _html_lang(client.get("/auth/login", headers=NO_PREFERENCE)) == "en"
    assert _html_lang(client.get("/?lang=it")) == "it"
    assert _html_lang(client.get("/orgs")) == "it"  # even though the browser asks for English


def test_unknown_lang_query_is_ignored(client):
    resp = client.get("/?lang=xx", headers=NO_PREFERENCE)
    assert resp.status_code == 200 and _html_lang(resp) == "it"


def test_language_form_stores_the_choice_in_the_account(client, make_user, as_user):
    user = make_user("lang@example.org")
    as_user(user)
    resp = post_form(client, "/account/language", {"locale": "en", "next": "/orgs"}, token_from="/")
    assert resp.status_code == 302 and urlparse(resp.location).path == "/orgs"
    assert _html_lang(client.get("/", headers=NO_PREFERENCE)) == "en"
    assert fresh(User, user.id).locale == "en"
    # The stored preference follows the user to a new session (another device).
    other = client.application.test_client()
    login(other, "lang@example.org")
    assert _html_lang(other.get("/", headers=NO_PREFERENCE)) == "en"


def test_language_form_refuses_an_unknown_language(client, make_user, as_user):
    user = make_user("lang2@example.org")
    before = user.locale
    as_user(user)
    resp = post_form(client, "/account/language", {"locale": "de"}, token_from="/")
    assert resp.status_code == 400
    assert fresh(User, user.id).locale == before


def test_language_choice_survives_login(client, make_user):
    make_user("keep@example.org")
    client.get("/?lang=en")
    login(client, "keep@example.org")
    assert _html_lang(client.get("/", headers=NO_PREFERENCE)) == "en"


# --- API token --------------------------------------------------------------------------------


def _new_token(client) -> str:
    resp = post_form(client, "/account/token", {}, token_from="/account")
    assert resp.status_code == 200
    m = re.search(r'<code id="api-token">([^<]+)</code>', resp.get_data(as_text=True))
    assert m, "the token is shown once on the page"
    return m.group(1)


def test_api_token_authenticates_on_me(app, client, make_user, as_user):
    user = make_user("tok@example.org", name="Tok User")
    as_user(user)
    token = _new_token(client)
    anon = app.test_client()
    assert anon.get("/api/v1/me").status_code == 401
    resp = anon.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert resp.status_code == 200
    assert resp.get_json()["email"] == "tok@example.org"
    assert resp.get_json()["name"] == "Tok User"
    stored = fresh(User, user.id).api_token_hash
    assert stored and token not in stored  # only a digest is kept


def test_new_api_token_replaces_the_old_one(app, client, make_user, as_user):
    as_user(make_user("tok2@example.org"))
    first = _new_token(client)
    second = _new_token(client)
    anon = app.test_client()
    assert anon.get("/api/v1/me", headers={"Authorization": f"Bearer {first}"}).status_code == 401
    assert anon.get("/api/v1/me", headers={"Authorization": f"Bearer {second}"}).status_code == 200


def test_wrong_bearer_token_is_401_json(client):
    resp = client.get("/api/v1/me", headers={"Authorization": "Bearer nope"})
    assert resp.status_code == 401
    assert resp.is_json and "Bearer" in resp.get_json()["message"]


# --- GDPR: export and erasure -----------------------------------------------------------------


def test_export_contains_own_data_and_not_others(client, make_user, make_org, as_user):
    me = make_user("me@example.org", name="Maria Rossi")
    other = make_user("other@example.org", name="Otto Verdi")
    make_org(me, name="Mine Bio")
    make_org(other, name="Theirs Lab")
    as_user(me)
    resp = client.get("/account/export.json")
    assert resp.status_code == 200
    assert "attachment" in resp.headers["Content-Disposition"]
    data = json.loads(resp.get_data(as_text=True))
    assert data["account"]["email"] == "me@example.org"
    assert data["account"]["name"] == "Maria Rossi"
    assert [m["organisation"] for m in data["memberships"]] == ["Mine Bio"]
    assert any(a["action"] == "auth.login" for a in data["activity"])
    raw = resp.get_data(as_text=True)
    assert "other@example.org" not in raw and "Otto Verdi" not in raw
    assert "Theirs Lab" not in raw
    assert "password" not in json.dumps(data["account"]).lower()


def test_erase_account(app, client, make_user, make_org, as_user):
    user = make_user("bye@example.org")
    make_user("stay@example.org")
    org = make_org(user, name="Bye Bio")  # an audit event with the user as actor
    uid = user.id
    as_user(user)
    assert count(AuditEvent, AuditEvent.actor_id == uid) >= 2
    # Her organisation is closed first (the sole owner is asked to: tests/account/test_erasure.py)
    path = f"/account/organisations/{org.id}/close"
    assert post_form(client, path, {"confirm": "Bye Bio"}, token_from="/account").status_code == 302
    resp = post_form(client, "/account/delete", {"password": PASSWORD}, token_from="/account")
    assert resp.status_code == 302
    assert fresh(User, uid) is None
    assert services.get_user_by_email("bye@example.org") is None
    assert services.get_user_by_email("stay@example.org") is not None
    assert count(Membership, Membership.user_id == uid) == 0
    # The trail is kept, pseudonymous: no actor id, a reference that is not the e-mail.
    assert count(AuditEvent, AuditEvent.actor_id == uid) == 0

    ref = pseudonym(uid)
    assert count(AuditEvent, AuditEvent.actor_ref == ref) >= 3  # registered, created, erased
    erased = [e for e in AuditEvent.query.filter_by(action="user.erased")]
    assert len(erased) == 1 and erased[0].actor_id is None and erased[0].actor_ref == ref
    assert "bye@example.org" not in json.dumps(erased[0].detail)
    assert not _logged_in(client)
    assert login(client, "bye@example.org").status_code == 401


def test_erase_account_needs_the_right_password(client, make_user, as_user):
    user = make_user("keepme@example.org")
    as_user(user)
    english(client)
    resp = post_form(
        client, "/account/delete", {"password": "not-my-password"}, token_from="/account"
    )
    assert resp.status_code == 422
    assert "password is wrong" in field_error(resp, "password")
    assert fresh(User, user.id) is not None
    assert count(AuditEvent, AuditEvent.action == "user.erased") == 0
