"""The personal area after login, with its empty states; pages and API."""

from __future__ import annotations

from sqlalchemy import select

from app.account.models import SeenProposals
from app.extensions import db
from app.offers import services as offers
from app.orgs import services as orgs
from app.partners import engine
from tests.conftest import login, post_form
from tests.messaging.conftest import api


def _client(app, user):
    c = app.test_client()
    resp = login(c, user.email)
    assert resp.status_code == 302 and resp.location.endswith("/my")  # login lands here
    return c


def test_empty_states_say_what_to_do(app, eco, monkeypatch):
    monkeypatch.setattr(engine, "get_matcher", lambda: None)  # no organisation: no proposals
    c = _client(app, eco.nobody)
    html = c.get("/my").get_data(as_text=True)
    for text in (
        "You do not belong to an organisation yet",
        "find yours and claim it",
        "No conversation yet",
        "No challenge posted or answered yet.",
        "No access request yet.",
        "No offer yet.",
    ):
        assert text in html, text
    it = c.get("/my?lang=it").get_data(as_text=True)
    assert "La mia area" in it and "Non appartieni ancora a un'organizzazione" in it
    data = api(c, "/api/v1/area").get_json()
    assert data["orgs"] == [] and data["conversations"] == [] and data["unread_conversations"] == 0
    assert "staff" not in data
    assert app.test_client().get("/my").status_code == 302
    assert api(app.test_client(), "/api/v1/area").status_code == 401


def test_owner_sees_completeness_conversations_and_staff_queues(app, eco, monkeypatch):
    monkeypatch.setattr(engine, "get_matcher", lambda: None)
    s = _client(app, eco.s_owner)
    api(s, "/api/v1/conversations", "POST", json={"to_org": "biolab-milano", "body": "Hello lab"})
    lab = _client(app, eco.l_owner)
    area = api(lab, "/api/v1/area").get_json()
    org = area["orgs"][0]
    assert org["slug"] == "biolab-milano" and org["role"] == "owner"
    assert 0 < org["completeness"] < 100 and "competences" in org["missing"]
    assert area["unread_conversations"] == 1
    assert area["conversations"][0]["subject"] == "Message from SepsiSense"
    html = lab.get("/my?lang=en").get_data(as_text=True)
    assert "Profile complete" in html and "Message from SepsiSense" in html
    staff = api(_client(app, eco.staff), "/api/v1/area").get_json()["staff"]
    assert staff == {"desk_open": 0, "claims_pending": 0, "offers_waiting": 0}


def test_new_proposals_since_the_last_visit(app, eco, monkeypatch):
    """The real matcher: the start-up's proposals are new until the page marks them seen."""
    # Through the service, as the profile form does, with the matcher on (this package's
    # fixture turns it off): the saves store the vectors the matcher reads.
    monkeypatch.setitem(app.config, "MATCHING_ENABLED", True)
    orgs.update_org(eco.s_owner, eco.startup, {"seeks": "Clinical validation of sepsis biosensors"})
    orgs.update_org(
        eco.l_owner,
        eco.lab,
        {"offers": "Clinical validation of sepsis biosensors in intensive care"},
    )
    offer = offers.create_offer(
        eco.l_owner,
        eco.lab,
        {"kind": "technology_offer", "summary": "Sepsis biosensor validation in intensive care"},
    )
    offers.transition_offer(eco.l_owner, offer, "submit")
    offers.transition_offer(eco.staff, offer, "approve")
    db.session.commit()
    s = _client(app, eco.s_owner)
    area = api(s, "/api/v1/area").get_json()["orgs"][0]
    # The engine proposes the lab's offer to the start-up it fits.
    assert [o["id"] for o in area["fitting_offers"]] == [offer.id]
    first = area["new_proposals"]
    assert "biolab-milano" in [p["slug"] for p in first]
    html = s.get("/my").get_data(as_text=True)
    assert "data-area-seen" in html and "BioLab Milano" in html
    ids = ",".join(str(p["org_id"]) for p in first)
    resp = post_form(s, "/my/seen", {"org": str(eco.startup.id), "targets": ids}, token_from="/my")
    assert resp.status_code == 204
    assert api(s, "/api/v1/area").get_json()["orgs"][0]["new_proposals"] == []
    assert db.session.scalars(select(SeenProposals)).one().user_id == eco.s_owner.id
    # Someone else's organisation cannot be marked.
    other = api(s, "/api/v1/area/seen", "POST", json={"org": eco.lab.id, "targets": ["1"]})
    assert other.status_code == 403
    bad = api(s, "/api/v1/area/seen", "POST", json={"org": eco.startup.id, "targets": ["x"]})
    assert bad.status_code == 422
