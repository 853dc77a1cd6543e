"""Accept or decline a partnership request inside the thread; contacting a suggested partner
opens a conversation carrying the proposal's reasons."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.messaging.models import Conversation, Message
from app.notifications.models import Notification
from app.offers import services as offers
from app.orgs import services as orgs
from app.partners.models import ContactRequest, PartnershipProposal
from tests.conftest import login, post_form
from tests.messaging.conftest import api, count, recipients


def _client(app, user):
    c = app.test_client()
    assert login(c, user.email).status_code == 302
    return c


def _published_offer(eco):
    offer = offers.create_offer(
        eco.l_owner,
        eco.lab,
        {"kind": "technology_offer", "summary": "Clinical validation in intensive care"},
    )
    offers.transition_offer(eco.l_owner, offer, "submit")
    offers.transition_offer(eco.staff, offer, "approve")
    db.session.commit()
    return offer


def test_interest_in_an_offer_then_accept_inside_the_thread(app, eco):
    offer = _published_offer(eco)
    s = _client(app, eco.s_owner)
    resp = api(s, f"/api/v1/offers/{offer.id}/interest", "POST", json={"body": "We need this."})
    assert resp.status_code == 201
    cid = resp.get_json()["conversation_id"]
    thread = api(s, f"/api/v1/conversations/{cid}").get_json()
    assert thread["origin"]["type"] == "offer" and thread["request_status"] == "pending"
    assert thread["origin"]["title"] == "Clinical validation in intensive care"
    # The start-up cannot accept its own request; outsiders do not even see it.
    assert (
        api(
            s, f"/api/v1/conversations/{cid}/answer", "POST", json={"decision": "accept"}
        ).status_code
        == 403
    )
    out = _client(app, eco.outsider)
    assert (
        api(
            out, f"/api/v1/conversations/{cid}/answer", "POST", json={"decision": "accept"}
        ).status_code
        == 404
    )
    assert count(PartnershipProposal) == 0
    lab = _client(app, eco.l_member)
    page = lab.get(f"/messages/{cid}").get_data(as_text=True)
    assert "Accept the partnership" in page
    before = recipients()
    resp = post_form(
        lab, f"/messages/{cid}/answer", {"decision": "accept"}, token_from=f"/messages/{cid}"
    )
    assert resp.status_code == 302
    conv = db.session.get(Conversation, cid)
    assert conv.request_status == "accepted"
    p = db.session.scalars(select(PartnershipProposal)).one()
    assert (p.from_org_id, p.to_org_id, p.status) == (eco.startup.id, eco.lab.id, "accepted")
    assert db.session.scalars(select(Message).where(Message.kind == "accepted")).one().body == ""
    # The event reads in each reader's language: English for the member, Italian for the owner.
    assert "BioLab Milano accepted the partnership." in lab.get(f"/messages/{cid}").get_data(
        as_text=True
    )
    owner_view = api(_client(app, eco.l_owner), f"/api/v1/conversations/{cid}").get_json()
    assert owner_view["messages"][-1]["body"] == "BioLab Milano ha accettato il partenariato."
    assert recipients() == sorted([*before, "owner@startup.example"])
    again = api(lab, f"/api/v1/conversations/{cid}/answer", "POST", json={"decision": "decline"})
    assert again.status_code == 409
    # The start-up sees the lab among its partners in its personal area.
    area = api(s, "/api/v1/area").get_json()
    assert [o["slug"] for o in area["orgs"][0]["partners"]] == ["biolab-milano"]
    assert "BioLab Milano" in s.get("/my").get_data(as_text=True)


def test_decline_and_direct_threads_carry_no_request(app, eco):
    offer = _published_offer(eco)
    s = _client(app, eco.s_owner)
    cid = api(s, f"/api/v1/offers/{offer.id}/interest", "POST", json={"body": "Hello"}).get_json()[
        "conversation_id"
    ]
    lab = _client(app, eco.l_owner)
    bad = api(lab, f"/api/v1/conversations/{cid}/answer", "POST", json={"decision": "maybe"})
    assert bad.status_code == 422
    ok = api(lab, f"/api/v1/conversations/{cid}/answer", "POST", json={"decision": "decline"})
    assert ok.status_code == 200 and ok.get_json()["request_status"] == "declined"
    assert db.session.scalars(select(PartnershipProposal)).one().status == "declined"
    direct = api(s, "/api/v1/conversations", "POST", json={"to_org": "biolab-milano", "body": "Hi"})
    did = direct.get_json()["id"]
    assert (
        api(
            lab, f"/api/v1/conversations/{did}/answer", "POST", json={"decision": "accept"}
        ).status_code
        == 409
    )


def test_contact_on_a_suggestion_opens_a_conversation_with_the_reasons(app, eco, monkeypatch):
    """The real matcher: the start-up's suggestions include the lab; 'Contact' opens a thread."""
    # Through the service, as the profile form does, with the matcher on (this package's
    # fixture turns it off): the saves store the vectors the matcher reads.
    monkeypatch.setitem(app.config, "MATCHING_ENABLED", True)
    orgs.update_org(eco.s_owner, eco.startup, {"seeks": "Clinical validation of sepsis biosensors"})
    orgs.update_org(
        eco.l_owner,
        eco.lab,
        {"offers": "Clinical validation of sepsis biosensors in intensive care"},
    )
    orgs.update_org(
        eco.staff,
        eco.imported,
        {"description": "Sepsis research and intensive care biosensor studies"},
    )
    db.session.commit()
    s = _client(app, eco.s_owner)
    page = s.get("/orgs/sepsisense/partners").get_data(as_text=True)
    assert "BioLab Milano" in page
    assert "Nobody represents Università degli Studi di Milano" in page  # no form for it
    resp = post_form(
        s,
        "/orgs/sepsisense/partners/biolab-milano/contact",
        {"message": "Shall we talk?"},
        token_from="/orgs/sepsisense/partners",
    )
    assert resp.status_code == 302
    conv = db.session.scalars(select(Conversation)).one()
    assert conv.origin_type == "proposal" and conv.request_status == "pending"
    assert count(ContactRequest) == 1
    assert db.session.scalars(select(PartnershipProposal)).one().status == "contacted"
    notes = db.session.scalars(
        select(Notification).where(Notification.user_id == eco.l_member.id)
    ).all()
    assert [n.message for n in notes] == ["SepsiSense would like to get in touch: Shall we talk?"]
    lab = _client(app, eco.l_owner)
    assert "Perché questa conversazione" in lab.get(f"/messages/{conv.id}?lang=it").get_data(
        as_text=True
    )
    # Contacting the imported university (no members) sends nothing and points at the desk.
    resp = post_form(
        s,
        "/orgs/sepsisense/partners/universita-degli-studi-di-milano/contact",
        {"message": "Hello?"},
        token_from="/orgs/sepsisense/partners",
    )
    assert resp.status_code == 302 and resp.location.endswith(
        "/orgs/universita-degli-studi-di-milano/contact"
    )
    assert count(Conversation) == 1 and count(ContactRequest) == 1
    api_resp = api(
        s,
        "/api/v1/partners/orgs/sepsisense/suggestions/universita-degli-studi-di-milano",
        "POST",
        json={"action": "contact", "message": "Hello?"},
    )
    assert api_resp.status_code == 409 and "innovation desk" in api_resp.get_json()["message"]
    assert count(PartnershipProposal) == 1
