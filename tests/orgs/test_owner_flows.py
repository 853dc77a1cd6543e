"""Owners create and edit organisations, invite and remove members; staff verify; admin roles."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlparse

import pytest

from app.audit.models import AuditEvent
from app.auth.models import User
from app.extensions import db
from app.mail import outbox_messages
from app.orgs import members
from app.orgs.models import Invitation, Membership, Organisation
from tests.auth.helpers import count, english, flashes, fresh, text_of
from tests.conftest import csrf_token, login, post_form


def _membership(org_id, user_id):
    db.session.rollback()
    return Membership.query.filter_by(org_id=org_id, user_id=user_id).one_or_none()


def _logout(client):
    client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/")})


# --- create and edit --------------------------------------------------------------------------


def test_create_org_by_page_makes_the_creator_owner(client, make_user, as_user):
    user = make_user("creator@example.org")
    as_user(user)
    resp = post_form(
        client,
        "/orgs/new",
        {
            "name": "Nuova Salute",
            "kind": "startup",
            "description": "Telemedicine for the Alps",
            "competences": "telemedicine, FHIR",
            "areas": ["digital_health"],
            "trl_min": "4",
            "trl_max": "7",
            "province": "SO",
            "city": "Sondrio",
            "website": "https://nuova.example",
            "founded": "2021",
            "size_band": "micro",
        },
    )
    assert resp.status_code == 302
    assert urlparse(resp.location).path == "/orgs/nuova-salute"
    db.session.rollback()
    org = Organisation.query.filter_by(slug="nuova-salute").one()
    assert org.kind == "startup" and org.competences == ["telemedicine", "FHIR"]
    assert org.area_codes == ["digital_health"] and (org.trl_min, org.trl_max) == (4, 7)
    assert org.website == "https://nuova.example" and org.founded == 2021
    assert _membership(org.id, user.id).role == "owner"
    assert count(AuditEvent, AuditEvent.action == "org.created") == 1
    assert "Nuova Salute" in text_of(client.get(resp.location))


def test_same_name_gets_a_distinct_slug(make_user, make_org):
    owner = make_user("twice@example.org")
    a = make_org(owner, "Twin Lab")
    b = make_org(owner, "Twin Lab")
    assert a.slug == "twin-lab" and b.slug == "twin-lab-2"


def test_anonymous_cannot_create(client):
    assert client.get("/orgs/new").status_code == 302
    resp = post_form(
        client, "/orgs/new", {"name": "Ghost", "kind": "startup"}, token_from="/auth/login"
    )
    assert resp.status_code == 302 and urlparse(resp.location).path == "/auth/login"
    assert count(Organisation) == 0


def test_owner_edits_the_profile(client, make_user, make_org, as_user):
    owner = make_user("own@example.org")
    org = make_org(owner, "Edit Me", "company", city="Lodi")
    as_user(owner)
    form = client.get(f"/orgs/{org.slug}/edit")
    assert form.status_code == 200 and 'value="Lodi"' in form.get_data(as_text=True)
    resp = post_form(
        client,
        f"/orgs/{org.slug}/edit",
        {
            "name": "Edited",
            "kind": "company",
            "description": "New text",
            "competences": "a, b",
            "areas": ["genomics", "ai_imaging"],
            "trl_min": "2",
            "trl_max": "5",
            "province": "LO",
            "city": "Lodi",
            "website": "",
            "founded": "",
            "size_band": "small",
        },
    )
    assert resp.status_code == 302
    org = fresh(Organisation, org.id)
    assert org.name == "Edited" and org.slug == "edit-me"  # the address does not move
    assert org.description == "New text" and org.competences == ["a", "b"]
    assert org.area_codes == ["ai_imaging", "genomics"] and org.size_band == "small"
    assert count(AuditEvent, AuditEvent.action == "org.updated") == 1


@pytest.mark.parametrize("who,status", [("member", 403), ("outsider", 403), ("staff", 200)])
def test_who_may_edit(client, make_user, make_org, who, status):
    owner = make_user("o@example.org")
    org = make_org(owner, "Guarded")
    user = make_user(f"{who}@example.org", role="staff" if who == "staff" else "member")
    if who == "member":
        db.session.add(Membership(user_id=user.id, org_id=org.id, role="member"))
        db.session.commit()
    login(client, user.email)
    assert client.get(f"/orgs/{org.slug}/edit").status_code == status
    resp = post_form(
        client,
        f"/orgs/{org.slug}/edit",
        {"name": "Hacked", "kind": "startup", "size_band": ""},
        token_from="/",
    )
    assert resp.status_code == (302 if status == 200 else 403)
    assert (fresh(Organisation, org.id).name == "Hacked") == (status == 200)


# --- invitations ------------------------------------------------------------------------------


def _invite(client, org, email, role="member"):
    return post_form(
        client,
        f"/orgs/{org.slug}/members/invite",
        {"email": email, "role": role},
        token_from=f"/orgs/{org.slug}",
    )


def _invite_path() -> str:
    body = outbox_messages()[-1].get_content()
    m = re.search(r"https?://\S+(/invitations/\S+)", body)
    assert m, body
    return m.group(1)


def test_invite_by_link_and_accept(app, client, make_user, make_org, as_user):
    owner = make_user("boss@example.org", name="Bea Boss")
    org = make_org(owner, "Invite Co")
    invitee = make_user("new@example.org")
    as_user(owner)
    english(client)
    resp = _invite(client, org, "NEW@example.org")
    assert resp.status_code == 302
    shown = flashes(client.get(resp.location))
    assert any("/invitations/" in f for f in shown), shown
    mails = outbox_messages()
    assert len(mails) == 1 and mails[0]["To"] == "new@example.org"
    assert "Invite Co" in mails[0]["Subject"]
    path = _invite_path()
    assert (
        count(Invitation) == 1 and count(AuditEvent, AuditEvent.action == "membership.invited") == 1
    )
    _logout(client)
    # The invitee opens the link, logs in and accepts.
    page = client.get(path)
    assert page.status_code == 200 and "Invite Co" in text_of(page)
    anon_post = client.post(path, data={"csrf_token": csrf_token(client, path)})
    assert anon_post.status_code == 302 and "/auth/login" in anon_post.location
    login(client, invitee.email)
    resp = post_form(client, path, {})
    assert resp.status_code == 302 and urlparse(resp.location).path == f"/orgs/{org.slug}"
    assert _membership(org.id, invitee.id).role == "member"
    assert (
        count(
            AuditEvent, AuditEvent.action == "membership.joined", AuditEvent.actor_id == invitee.id
        )
        == 1
    )
    # Used twice: a clear message, no second membership.
    english(client)
    again = client.get(path)
    assert again.status_code == 409
    assert "already been used" in text_of(again)
    assert client.post(path, data={"csrf_token": csrf_token(client, "/")}).status_code == 409
    assert count(Membership, Membership.org_id == org.id) == 2


def test_invite_as_owner(client, make_user, make_org, as_user):
    owner = make_user("b2@example.org")
    org = make_org(owner, "Co-owned")
    second = make_user("second@example.org")
    as_user(owner)
    _invite(client, org, second.email, role="owner")
    path = _invite_path()
    _logout(client)
    login(client, second.email)
    post_form(client, path, {})
    assert _membership(org.id, second.id).role == "owner"


def test_wrong_invitation_token_is_404(client, make_user, as_user):
    as_user(make_user("w@example.org"))
    english(client)
    resp = client.get("/invitations/not-a-token")
    assert resp.status_code == 404
    assert "does not exist" in text_of(resp)


def test_expired_invitation(client, make_user, make_org, as_user):
    owner = make_user("exp@example.org")
    org = make_org(owner, "Late Co")
    invitee = make_user("late@example.org")
    as_user(owner)
    _invite(client, org, invitee.email)
    path = _invite_path()
    db.session.rollback()
    inv = Invitation.query.one()

    inv.expires_at = inv.created_at - timedelta(days=1)
    db.session.commit()
    _logout(client)
    login(client, invitee.email)
    english(client)
    resp = post_form(client, path, {}, token_from="/")
    assert resp.status_code == 409 and "expired" in text_of(resp)
    assert _membership(org.id, invitee.id) is None


def test_only_owners_and_staff_invite(client, make_user, make_org):
    owner = make_user("own2@example.org")
    org = make_org(owner, "Closed Co")
    member = make_user("mem2@example.org")
    db.session.add(Membership(user_id=member.id, org_id=org.id, role="member"))
    db.session.commit()
    login(client, member.email)
    resp = _invite(client, org, "friend@example.org")
    assert resp.status_code == 403
    assert count(Invitation) == 0 and outbox_messages() == []


# --- removing members -------------------------------------------------------------------------


def test_owner_removes_a_member(client, make_user, make_org, as_user):
    owner = make_user("rm-owner@example.org")
    org = make_org(owner, "Trim Co")
    member = make_user("rm-member@example.org")
    db.session.add(Membership(user_id=member.id, org_id=org.id, role="member"))
    db.session.commit()
    as_user(owner)
    resp = post_form(
        client, f"/orgs/{org.slug}/members/{member.id}/remove", {}, token_from=f"/orgs/{org.slug}"
    )
    assert resp.status_code == 302
    assert _membership(org.id, member.id) is None
    assert fresh(User, member.id) is not None  # the account stays
    events = AuditEvent.query.filter_by(action="membership.removed").all()
    assert len(events) == 1 and events[0].actor_id == owner.id
    assert events[0].detail["user"] == member.id


def test_last_owner_cannot_be_removed(client, make_user, make_org):
    owner = make_user("last@example.org")
    org = make_org(owner, "Solo Co")
    staff = make_user("st@example.org", role="staff")
    for actor in (owner, staff):
        login(client, actor.email)
        english(client)
        resp = post_form(
            client,
            f"/orgs/{org.slug}/members/{owner.id}/remove",
            {},
            token_from=f"/orgs/{org.slug}",
        )
        assert resp.status_code == 302
        assert any("last owner cannot be removed" in f for f in flashes(client.get(resp.location)))
        assert _membership(org.id, owner.id).role == "owner"
        _logout(client)
    assert count(AuditEvent, AuditEvent.action == "membership.removed") == 0


def test_one_of_two_owners_can_be_removed(make_user, make_org):
    a = make_user("a@example.org")
    b = make_user("b@example.org")
    org = make_org(a, "Duo Co")
    db.session.add(Membership(user_id=b.id, org_id=org.id, role="owner"))
    db.session.commit()
    members.remove_member(a, org, b.id)
    db.session.commit()
    assert _membership(org.id, b.id) is None


def test_member_cannot_remove_others(client, make_user, make_org):
    owner = make_user("o3@example.org")
    org = make_org(owner, "Flat Co")
    m1 = make_user("m1@example.org")
    m2 = make_user("m2@example.org")
    for m in (m1, m2):
        db.session.add(Membership(user_id=m.id, org_id=org.id, role="member"))
    db.session.commit()
    login(client, m1.email)
    resp = post_form(client, f"/orgs/{org.slug}/members/{m2.id}/remove", {}, token_from="/")
    assert resp.status_code == 403
    assert _membership(org.id, m2.id) is not None


# --- staff verification -----------------------------------------------------------------------


def test_staff_verifies_and_withdraws(client, make_user, make_org):
    org = make_org(make_user("v-owner@example.org"), "Verify Me")
    staff = make_user("v-staff@example.org", role="staff")
    login(client, staff.email)
    english(client)
    assert "Mark as verified" in text_of(client.get(f"/orgs/{org.slug}"))
    resp = post_form(
        client, f"/orgs/{org.slug}/verify", {"verified": "1"}, token_from=f"/orgs/{org.slug}"
    )
    assert resp.status_code == 302
    assert fresh(Organisation, org.id).verified is True
    assert "verified" in text_of(client.get(f"/orgs/{org.slug}"))
    post_form(client, f"/orgs/{org.slug}/verify", {"verified": "0"}, token_from=f"/orgs/{org.slug}")
    assert fresh(Organisation, org.id).verified is False
    actions = [e.action for e in AuditEvent.query.order_by(AuditEvent.id)]
    assert "org.verified" in actions and "org.unverified" in actions


@pytest.mark.parametrize("who", ["owner", "member"])
def test_non_staff_cannot_verify(client, make_user, make_org, who):
    owner = make_user("nv-owner@example.org")
    org = make_org(owner, "Self Verify")
    actor = owner if who == "owner" else make_user("nv@example.org")
    login(client, actor.email)
    assert "Mark as verified" not in text_of(client.get(f"/orgs/{org.slug}"))
    resp = post_form(client, f"/orgs/{org.slug}/verify", {"verified": "1"}, token_from="/")
    assert resp.status_code == 403
    assert fresh(Organisation, org.id).verified is False


# --- admin: roles -----------------------------------------------------------------------------


def test_admin_changes_a_role(client, make_user):
    admin = make_user("root@example.org", role="admin")
    target = make_user("promote@example.org", name="Pia Promoted")
    login(client, admin.email)
    listing = client.get("/admin/users?q=promote")
    assert listing.status_code == 200 and "Pia Promoted" in text_of(listing)
    resp = post_form(
        client, f"/admin/users/{target.id}/role", {"role": "staff"}, token_from="/admin/users"
    )
    assert resp.status_code == 302
    assert fresh(User, target.id).role == "staff"


@pytest.mark.parametrize("role", ["member", "staff"])
def test_only_admin_changes_roles(client, make_user, role):
    actor = make_user("notadmin@example.org", role=role)
    target = make_user("t@example.org")
    login(client, actor.email)
    assert client.get("/admin/users").status_code == 403
    resp = post_form(client, f"/admin/users/{target.id}/role", {"role": "admin"}, token_from="/")
    assert resp.status_code == 403
    assert fresh(User, target.id).role == "member"
    assert count(AuditEvent, AuditEvent.action == "user.role_changed") == 0
