"""Bad input on the organisation forms: a message under the field, nothing written."""

from __future__ import annotations

import pytest

from app.audit.models import AuditEvent
from app.core.errors import Conflict, NotFound, ValidationError
from app.extensions import db
from app.mail import outbox_messages
from app.orgs import members, services
from app.orgs.models import Invitation, Membership, Organisation, OrgArea
from tests.auth.helpers import count, english, field_error, flashes, fresh, text_of
from tests.conftest import post_form

VALID = {
    "name": "Valid Org",
    "kind": "startup",
    "description": "",
    "competences": "",
    "offers": "",
    "seeks": "",
    "trl_min": "",
    "trl_max": "",
    "province": "",
    "city": "",
    "website": "",
    "vat_number": "",
    "ateco_code": "",
    "founded": "",
    "size_band": "",
}

CASES = [
    ("name", {"name": ""}),
    ("name", {"name": "   "}),
    ("name", {"name": "n" * 256}),
    ("kind", {"kind": "spaceship"}),
    ("kind", {"kind": ""}),
    ("description", {"description": "d" * 5001}),
    ("offers", {"offers": "o" * 2001}),
    ("seeks", {"seeks": "s" * 2001}),
    ("competences", {"competences": "c" * 81}),
    ("competences", {"competences": ", ".join(f"skill {i}" for i in range(31))}),
    ("areas", {"areas": ["astrology"]}),
    ("trl_min", {"trl_min": "0"}),
    ("trl_min", {"trl_min": "10"}),
    ("trl_min", {"trl_min": "abc"}),
    ("trl_max", {"trl_max": "3.5"}),
    ("trl_max", {"trl_min": "6", "trl_max": "3"}),
    ("website", {"website": "ftp://files.example"}),
    ("website", {"website": "javascript:alert(1)"}),
    ("website", {"website": "not a url"}),
    ("website", {"website": "https://" + "w" * 250 + ".it"}),
    ("founded", {"founded": "999"}),
    ("founded", {"founded": "2099"}),
    ("founded", {"founded": "last year"}),
    ("size_band", {"size_band": "gigantic"}),
    ("province", {"province": "p" * 65}),
    ("city", {"city": "c" * 121}),
    ("vat_number", {"vat_number": "v" * 33}),
    ("ateco_code", {"ateco_code": "a" * 17}),
]


def test_create_bad_input(client, make_user, as_user):
    as_user(make_user("c@example.org"))
    english(client)
    events = count(AuditEvent)
    problems = []
    for field, override in CASES:
        resp = post_form(client, "/orgs/new", {**VALID, **override})
        if resp.status_code != 422 or not field_error(resp, field):
            problems.append((field, override, resp.status_code, field_error(resp, field)))
        elif "Please correct the highlighted fields." not in text_of(resp):
            problems.append((field, override, "no summary message"))
    assert problems == []
    assert count(Organisation) == 0 and count(Membership) == 0 and count(OrgArea) == 0
    assert count(AuditEvent) == events


def test_edit_bad_input_changes_nothing(client, make_user, make_org, as_user):
    owner = make_user("e@example.org")
    org = make_org(
        owner, "Stable Org", "company", city="Cremona", areas=["genomics"], trl_min=2, trl_max=4
    )
    as_user(owner)
    english(client)
    events = count(AuditEvent)
    problems = []
    for field, override in CASES:
        data = {
            **VALID,
            "name": "Stable Org",
            "kind": "company",
            "city": "Cremona",
            "areas": ["genomics"],
            "trl_min": "2",
            "trl_max": "4",
            **override,
        }
        resp = post_form(client, f"/orgs/{org.slug}/edit", data)
        if resp.status_code != 422 or not field_error(resp, field):
            problems.append((field, override, resp.status_code, field_error(resp, field)))
    assert problems == []
    org = fresh(Organisation, org.id)
    assert (org.name, org.kind, org.city) == ("Stable Org", "company", "Cremona")
    assert (org.trl_min, org.trl_max, org.area_codes) == (2, 4, ["genomics"])
    assert org.website is None and org.founded is None
    assert count(AuditEvent) == events


def test_create_service_rejects_wrong_types(app, make_user):
    owner = make_user("t@example.org")
    bad = [
        ("name", {"name": 42, "kind": "startup"}),
        ("kind", {"name": "X", "kind": ["startup"]}),
        ("competences", {"name": "X", "kind": "startup", "competences": [1, 2]}),
        ("competences", {"name": "X", "kind": "startup", "competences": {"a": 1}}),
        ("areas", {"name": "X", "kind": "startup", "areas": "nowhere"}),
        ("trl_min", {"name": "X", "kind": "startup", "trl_min": True}),
        ("trl_min", {"name": "X", "kind": "startup", "trl_min": [3]}),
        ("founded", {"name": "X", "kind": "startup", "founded": "MMXX"}),
        ("description", {"name": "X", "kind": "startup", "description": ["a"]}),
        ("slug", {"name": "X", "kind": "startup", "slug": "Not A Slug!"}),
    ]
    for field, data in bad:
        with pytest.raises(ValidationError) as exc:
            services.create_org(owner, data)
        assert exc.value.field == field, (field, exc.value.message)
        assert exc.value.message.startswith(f"{field}:")
        assert count(Organisation) == 0


def test_duplicate_slug_is_a_conflict(app, make_user, make_org):
    owner = make_user("s@example.org")
    make_org(owner, "First", slug="taken")
    with pytest.raises(Conflict) as exc:
        services.create_org(owner, {"name": "Second", "kind": "startup", "slug": "taken"})
    assert exc.value.field == "slug"
    assert count(Organisation) == 1


def test_unknown_org_is_not_found(app):
    with pytest.raises(NotFound):
        services.get_org("nobody")
    with pytest.raises(NotFound):
        services.get_org(424242)


@pytest.mark.parametrize(
    "path,method",
    [
        ("/orgs/nobody", "get"),
        ("/orgs/nobody/edit", "get"),
        ("/orgs/nobody/edit", "post"),
        ("/orgs/nobody/verify", "post"),
        ("/orgs/nobody/members/invite", "post"),
        ("/orgs/nobody/members/1/remove", "post"),
    ],
)
def test_unknown_slug_pages_are_404(client, make_user, as_user, path, method):
    as_user(make_user("staff404@example.org", role="staff"))
    english(client)
    if method == "get":
        resp = client.get(path)
    else:
        resp = post_form(
            client, path, {"name": "x", "kind": "startup", "email": "a@b.it"}, token_from="/"
        )
    assert resp.status_code == 404
    assert "Not found" in text_of(resp)


def test_remove_unknown_member_is_404(client, make_user, make_org, as_user):
    owner = make_user("u@example.org")
    org = make_org(owner, "Small Org")
    as_user(owner)
    resp = post_form(
        client, f"/orgs/{org.slug}/members/999999/remove", {}, token_from=f"/orgs/{org.slug}"
    )
    assert resp.status_code == 404
    assert count(Membership) == 1


@pytest.mark.parametrize(
    "data,expect",
    [
        ({"email": ""}, "email:"),
        ({"email": "not-an-email"}, "email:"),
        ({"email": "x" * 250 + "@example.org"}, "email:"),
        ({"email": "ok@example.org", "role": "emperor"}, "role:"),
        ({"email": "i@example.org"}, "already a member"),
    ],
)
def test_invite_bad_input(client, make_user, make_org, as_user, data, expect):
    owner = make_user("i@example.org")
    org = make_org(owner, "Invite Org")
    as_user(owner)
    english(client)
    events = count(AuditEvent)
    resp = post_form(
        client, f"/orgs/{org.slug}/members/invite", data, token_from=f"/orgs/{org.slug}"
    )
    assert resp.status_code == 302
    messages = flashes(client.get(resp.location))
    assert any(expect in m for m in messages), messages
    assert count(Invitation) == 0 and outbox_messages() == []
    assert count(AuditEvent) == events


def test_verify_without_csrf_is_refused(client, make_user, make_org, as_user):
    org = make_org(make_user("vo@example.org"), "Csrf Org")
    as_user(make_user("vs@example.org", role="staff"))
    english(client)
    resp = client.post(f"/orgs/{org.slug}/verify", data={"verified": "1"})
    assert resp.status_code == 400 and "CSRF token" in text_of(resp)
    assert fresh(Organisation, org.id).verified is False


def test_create_without_csrf_is_refused(client, make_user, as_user):
    as_user(make_user("nc@example.org"))
    english(client)
    resp = client.post("/orgs/new", data={**VALID})
    assert resp.status_code == 400 and "CSRF token" in text_of(resp)
    assert count(Organisation) == 0


def test_accept_invitation_without_csrf_is_refused(client, make_user, make_org, as_user):
    owner = make_user("ao@example.org")
    org = make_org(owner, "Csrf Invite")
    invitee = make_user("ai@example.org")
    _inv, link = members.invite_member(
        owner, org, {"email": invitee.email}, lambda t: f"/invitations/{t}"
    )
    db.session.commit()
    as_user(invitee)
    resp = client.post(link)
    assert resp.status_code == 400
    assert count(Membership, Membership.user_id == invitee.id) == 0
