"""Bad input on every account form: a clear message naming the field, nothing written."""

from __future__ import annotations

import pytest

from app.audit.models import AuditEvent
from app.auth import services
from app.auth.models import User
from app.core.errors import Conflict, ValidationError
from app.mail import outbox_messages
from tests.auth.helpers import count, english, field_error, fresh, text_of
from tests.conftest import PASSWORD, post_form

GOOD = {"name": "Nora Neri", "email": "nora@example.org", "password": PASSWORD, "locale": "it"}

REGISTER_CASES = [
    ("name", {"name": ""}),
    ("name", {"name": "   "}),
    ("name", {"name": "x" * 121}),
    ("email", {"email": ""}),
    ("email", {"email": "not-an-email"}),
    ("email", {"email": "a@b"}),
    ("email", {"email": "x" * 250 + "@example.org"}),
    ("password", {"password": ""}),
    ("password", {"password": "short"}),
    ("password", {"password": "p" * 257}),
    ("locale", {"locale": "fr"}),
]


def test_register_bad_input(client):
    english(client)
    problems = []
    for field, override in REGISTER_CASES:
        resp = post_form(client, "/auth/register", {**GOOD, **override})
        if resp.status_code != 422 or not field_error(resp, field):
            problems.append((field, override, resp.status_code))
    assert problems == []
    assert count(User) == 0 and count(AuditEvent) == 0


def test_register_duplicate_email_case_insensitive(client, make_user):
    make_user("dup@example.org")
    english(client)
    resp = post_form(client, "/auth/register", {**GOOD, "email": "DUP@example.org"})
    # The page does not say that the address has an account (the mail to its owner does).
    assert resp.status_code == 302
    assert count(User) == 1
    assert [m["To"] for m in outbox_messages()] == ["dup@example.org"]


def test_register_service_validates_types_and_duplicates(app, make_user):
    with pytest.raises(ValidationError) as exc:
        services.register_user({"email": 42, "name": "N", "password": PASSWORD})
    assert exc.value.field == "email"
    with pytest.raises(ValidationError) as exc:
        services.register_user({"email": "t@example.org", "name": ["N"], "password": PASSWORD})
    assert exc.value.field == "name"
    with pytest.raises(ValidationError) as exc:
        services.register_user({"email": "t@example.org", "name": "N", "password": 12345678901})
    assert exc.value.field == "password"
    make_user("t@example.org")
    with pytest.raises(Conflict) as exc:
        services.register_user({"email": " T@Example.org", "name": "N", "password": PASSWORD})
    assert exc.value.field == "email"


@pytest.mark.parametrize(
    "field,data",
    [
        ("email", {"email": "", "password": PASSWORD}),
        ("password", {"email": "x@example.org", "password": ""}),
        ("email", {"email": "x" * 255, "password": PASSWORD}),
        ("password", {"email": "x@example.org", "password": "p" * 257}),
    ],
)
def test_login_bad_input(client, make_user, field, data):
    make_user("x@example.org")
    english(client)
    events = count(AuditEvent)
    resp = post_form(client, "/auth/login", data)
    assert resp.status_code == 401
    assert field_error(resp, field)
    assert count(AuditEvent) == events
    assert client.get("/account").status_code == 302


@pytest.mark.parametrize("value", ["", "not-an-email", "x" * 255])
def test_forgot_bad_input(app, client, value):
    english(client)
    resp = post_form(client, "/auth/forgot", {"email": value})
    assert resp.status_code == 422
    assert field_error(resp, "email")
    assert outbox_messages() == [] and count(AuditEvent) == 0


@pytest.mark.parametrize("value", ["", "short", "p" * 257])
def test_reset_bad_password_keeps_the_old_one(app, client, make_user, value):
    user = make_user("reset@example.org")
    token = services.make_reset_token(user)
    english(client)
    resp = post_form(client, f"/auth/reset/{token}", {"new_password": value})
    assert resp.status_code == 422
    assert field_error(resp, "new_password")
    assert fresh(User, user.id).password_hash == user.password_hash


@pytest.mark.parametrize(
    "data,field",
    [
        ({"current_password": "", "new_password": "a-brand-new-passphrase"}, "current_password"),
        ({"current_password": PASSWORD, "new_password": ""}, "new_password"),
        ({"current_password": PASSWORD, "new_password": "p" * 257}, "new_password"),
    ],
)
def test_change_password_bad_input(client, make_user, as_user, data, field):
    user = make_user("cp@example.org")
    as_user(user)
    english(client)
    resp = post_form(client, "/account/password", data, token_from="/account")
    assert resp.status_code == 422
    assert field_error(resp, field)
    assert fresh(User, user.id).password_hash == user.password_hash


def test_delete_account_without_password(client, make_user, as_user):
    user = make_user("del@example.org")
    as_user(user)
    english(client)
    resp = post_form(client, "/account/delete", {"password": ""}, token_from="/account")
    assert resp.status_code == 422
    assert field_error(resp, "password")
    assert fresh(User, user.id) is not None


# --- admin: roles -----------------------------------------------------------------------------


def test_admin_unknown_role_is_refused(client, make_user, as_user):
    admin = make_user("adm@example.org", role="admin")
    target = make_user("tgt@example.org")
    as_user(admin)
    english(client)
    resp = post_form(
        client, f"/admin/users/{target.id}/role", {"role": "emperor"}, token_from="/admin/users"
    )
    assert resp.status_code in (400, 422)
    assert "Unknown role" in text_of(resp)
    assert fresh(User, target.id).role == "member"
    assert count(AuditEvent, AuditEvent.action == "user.role_changed") == 0


def test_admin_role_of_unknown_user_is_404(client, make_user, as_user):
    as_user(make_user("adm2@example.org", role="admin"))
    resp = post_form(
        client, "/admin/users/999999/role", {"role": "staff"}, token_from="/admin/users"
    )
    assert resp.status_code == 404
    assert count(AuditEvent, AuditEvent.action == "user.role_changed") == 0


def test_admin_cannot_demote_themselves(client, make_user, as_user):
    admin = make_user("self@example.org", role="admin")
    as_user(admin)
    english(client)
    resp = post_form(
        client, f"/admin/users/{admin.id}/role", {"role": "member"}, token_from="/admin/users"
    )
    assert resp.status_code == 409
    assert "your own administrator role" in text_of(resp)
    assert fresh(User, admin.id).role == "admin"


@pytest.mark.parametrize("query", ["?page=0", "?page=abc", "?page=-3", "?q=" + "x" * 500])
def test_admin_user_list_odd_queries(client, make_user, as_user, query):
    as_user(make_user("adm3@example.org", role="admin"))
    assert client.get("/admin/users" + query).status_code in (200, 422)


def test_admin_user_list_shows_roles_as_words(client, make_user, as_user):
    # The role column and the select read "Personale regionale", not the stored "staff" (walk).
    make_user("colleague@example.org", role="staff")
    as_user(make_user("adm4@example.org", role="admin"))
    html = client.get("/admin/users?lang=it").get_data(as_text=True)
    assert ">Personale regionale</option>" in html and ">staff<" not in html
    assert ">Amministratore</option>" in html and ">admin</option>" not in html
