"""Claiming an imported profile: a link to the organisation's own domain, or staff approval;
and the likely duplicates of a new organisation."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.audit.models import AuditEvent
from app.extensions import db
from app.mail import outbox_messages
from app.messaging.models import ProfileClaim
from app.orgs.models import Membership
from tests.conftest import login, post_form
from tests.messaging.conftest import api, count

SLUG = "universita-degli-studi-di-milano"


def _client(app, user):
    c = app.test_client()
    assert login(c, user.email).status_code == 302
    return c


def test_claim_by_a_link_to_the_organisations_domain(app, eco):
    c = _client(app, eco.nobody)
    page = c.get(f"/orgs/{SLUG}/claim").get_data(as_text=True)
    assert "unimi.it" in page
    wrong = api(
        c,
        "/api/v1/claims",
        "POST",
        json={"org": SLUG, "method": "email_domain", "email": "nina@gmail.com"},
    )
    assert wrong.status_code == 422 and "email" in wrong.get_json()["errors"]
    look_alike = api(
        c,
        "/api/v1/claims",
        "POST",
        json={"org": SLUG, "method": "email_domain", "email": "nina@fakeunimi.it"},
    )
    assert look_alike.status_code == 422
    assert count(ProfileClaim) == 0 and outbox_messages() == []
    resp = post_form(
        c, f"/orgs/{SLUG}/claim", {"method": "email_domain", "email": "nina@dip.unimi.it"}
    )
    assert resp.status_code == 302
    mail = outbox_messages()[0]
    assert mail["To"] == "nina@dip.unimi.it"
    token = re.search(r"/claims/confirm/(\S+)", mail.get_content()).group(1)
    assert db.session.scalars(select(ProfileClaim)).one().token_hash != token  # only the hash
    # Someone else opening the link cannot confirm it.
    other = _client(app, eco.outsider)
    assert post_form(other, f"/claims/confirm/{token}", {}).status_code == 403
    confirm = post_form(c, f"/claims/confirm/{token}", {})
    assert confirm.status_code == 302
    m = db.session.scalars(select(Membership).where(Membership.org_id == eco.imported.id)).one()
    assert (m.user_id, m.role) == (eco.nobody.id, "owner")
    assert c.get(f"/claims/confirm/{token}").status_code == 404  # used
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.action.like("claim.%")).order_by(AuditEvent.id)
    ).all()
    assert actions == ["claim.requested", "claim.confirmed"]
    # Claimed: nobody else can claim it now.
    again = api(
        other,
        "/api/v1/claims",
        "POST",
        json={"org": SLUG, "method": "staff", "reason": "I am the rector's assistant, call me."},
    )
    assert again.status_code == 409


def test_claim_by_staff_approval(app, eco):
    c = _client(app, eco.nobody)
    short = api(c, "/api/v1/claims", "POST", json={"org": SLUG, "method": "staff", "reason": "me"})
    assert short.status_code == 422 and "reason" in short.get_json()["errors"]
    resp = api(
        c,
        "/api/v1/claims",
        "POST",
        json={
            "org": SLUG,
            "method": "staff",
            "reason": "I run the technology transfer office: +39 02 0000",
        },
    )
    assert resp.status_code == 201 and resp.get_json()["status"] == "pending"
    cid = resp.get_json()["id"]
    dup = api(
        c,
        "/api/v1/claims",
        "POST",
        json={"org": SLUG, "method": "staff", "reason": "Again, the same claim, twice"},
    )
    assert dup.status_code == 409
    assert (
        api(
            c, f"/api/v1/claims/{cid}/decide", "POST", json={"decision": "approve", "reason": "ok"}
        ).status_code
        == 403
    )
    assert (
        api(
            _client(app, eco.outsider),
            f"/api/v1/claims/{cid}/decide",
            "POST",
            json={"decision": "approve", "reason": "ok"},
        ).status_code
        == 404
    )
    staff = _client(app, eco.staff)
    assert "technology transfer office" in staff.get("/staff/claims").get_data(as_text=True)
    no_reason = api(
        staff, f"/api/v1/claims/{cid}/decide", "POST", json={"decision": "approve", "reason": ""}
    )
    assert (
        no_reason.status_code == 422
        and count(Membership, Membership.org_id == eco.imported.id) == 0
    )
    ok = post_form(
        staff,
        f"/staff/claims/{cid}/decide",
        {"decision": "approve", "reason": "Checked by phone"},
        token_from="/staff/claims",
    )
    assert ok.status_code == 302
    db.session.rollback()
    assert db.session.get(ProfileClaim, cid).status == "approved"
    assert (
        db.session.scalars(
            select(Membership.role).where(Membership.org_id == eco.imported.id)
        ).one()
        == "owner"
    )
    ev = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "claim.approved")).one()
    assert ev.detail["reason"] == "Checked by phone" and ev.actor_id == eco.staff.id
    assert (
        api(
            staff,
            f"/api/v1/claims/{cid}/decide",
            "POST",
            json={"decision": "reject", "reason": "x"},
        ).status_code
        == 409
    )


def test_likely_duplicates_before_creating_an_organisation(app, eco):
    c = _client(app, eco.nobody)
    by_name = api(c, "/api/v1/claims/duplicates?name=Universita degli Studi di Milano").get_json()
    assert [d["slug"] for d in by_name] == [SLUG] and by_name[0]["claimable"] is True
    assert "similar name" in by_name[0]["reasons"]
    by_site = api(
        c, "/api/v1/claims/duplicates?name=UniMi&website=http://unimi.it/ricerca"
    ).get_json()
    assert by_site[0]["slug"] == SLUG and "same website domain" in by_site[0]["reasons"]
    assert api(c, "/api/v1/claims/duplicates?name=Totally Different Srl").get_json() == []
    form = {"name": "Università degli Studi di Milano", "kind": "university", "size_band": ""}
    page = post_form(c, "/orgs/new", form)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and f"/orgs/{SLUG}/claim" in html, html[-3000:]
    assert count(Membership, Membership.user_id == eco.nobody.id) == 0
    anyway = post_form(c, "/orgs/new", {**form, "confirm_new": "1"})
    assert anyway.status_code == 302
    assert count(Membership, Membership.user_id == eco.nobody.id) == 1
