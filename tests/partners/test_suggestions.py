"""Partner suggestions through the pages and the API, with the real model and database."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.datasets import services as datasets
from app.extensions import db
from app.notifications.models import Notification
from app.partners.models import ContactRequest, Embedding, PartnershipProposal
from tests.conftest import csrf_token

SEPSIS = (
    "Wearable biosensors that detect early sepsis in intensive care patients from "
    "continuous vital signs."
)


@pytest.fixture
def ecosystem(make_user, make_org):
    """A start-up seeking clinical validation, a fitting hospital, an unrelated company."""
    owner = make_user("owner@startup.it")
    startup = make_org(
        owner,
        "SepsiSense",
        "startup",
        description=SEPSIS,
        seeks="Clinical validation of sepsis biosensors in an intensive care unit",
        trl_min=3,
        trl_max=5,
        province="MI",
    )
    h_owner = make_user("owner@hospital.it")
    hospital = make_org(
        h_owner,
        "Ospedale Demo Niguarda",
        "research_hospital",
        description="Intensive care unit running clinical studies on sepsis, "
        "septic shock and patient monitoring.",
        offers="Clinical validation of medical devices in intensive care",
        trl_min=4,
        trl_max=8,
        province="MI",
    )
    c_owner = make_user("owner@company.it")
    company = make_org(
        c_owner,
        "Logistica Demo",
        "company",
        description="Warehouse software for shipping pallets and fleet routing.",
        province="BG",
    )
    return {
        "owner": owner,
        "startup": startup,
        "hospital": hospital,
        "company": company,
        "h_owner": h_owner,
        "c_owner": c_owner,
    }


def _api(client, path, method="GET", **kw):
    headers = kw.pop("headers", {})
    if method != "GET":
        headers["X-CSRFToken"] = csrf_token(client)
    return client.open(path, method=method, headers=headers, **kw)


def _save_company_description(ecosystem, as_user, description: str):
    """The company's owner saves a new description through the API."""
    client = as_user(ecosystem["c_owner"])
    return _api(client, "/api/v1/orgs/logistica-demo", "PATCH", json={"description": description})


def test_owner_sees_explained_suggestions(ecosystem, as_user):
    client = as_user(ecosystem["owner"])
    resp = client.get("/api/v1/partners/orgs/sepsisense/suggestions")
    assert resp.status_code == 200
    items = resp.get_json()
    assert [i["slug"] for i in items][0] == "ospedale-demo-niguarda"
    best = items[0]
    assert set(best["signals"]) >= {
        "semantic",
        "offer_seek",
        "kind_complementarity",
        "trl_fit",
        "geography",
    }
    assert best["signals"]["semantic"] > items[-1]["signals"]["semantic"]
    assert best["strength"] == 1.0 and all(0 <= i["strength"] <= 1 for i in items)
    assert items[-1]["strength"] < 1.0
    assert "sepsis" in best["shared_terms"] or "intensive" in best["shared_terms"]
    page = client.get("/orgs/sepsisense/partners").get_data(as_text=True)
    assert "Ospedale Demo Niguarda" in page and "Why this suggestion" in page
    assert "<td>+0.00</td>" not in page  # a signal that moved nothing is not listed as a reason
    assert "<td>+" in page
    assert re.search(r"<td>\+\d+\.\d\d</td>", page)  # English: 1.50
    italian = client.get("/orgs/sepsisense/partners?lang=it").get_data(as_text=True)
    assert "Perché questo suggerimento" in italian
    assert re.search(r"<td>\+\d+,\d\d</td>", italian)  # decimal comma: +1,50
    assert not re.search(r"<td>[+-]?\d+\.\d\d</td>", italian)


def test_kind_filter_and_bad_kind(ecosystem, as_user):
    client = as_user(ecosystem["owner"])
    items = client.get("/api/v1/partners/orgs/sepsisense/suggestions?kind=company").get_json()
    assert {i["kind"] for i in items} <= {"company"}
    bad = client.get("/api/v1/partners/orgs/sepsisense/suggestions?kind=castle")
    assert bad.status_code == 422 and "kind" in bad.get_json()["errors"]
    assert client.get("/api/v1/partners/orgs/sepsisense/suggestions?k=0").status_code == 422


def test_dismissed_suggestion_never_comes_back(ecosystem, as_user):
    client = as_user(ecosystem["owner"])
    resp = _api(
        client,
        "/api/v1/partners/orgs/sepsisense/suggestions/ospedale-demo-niguarda",
        "POST",
        json={"action": "dismiss"},
    )
    assert resp.status_code == 200 and resp.get_json()["status"] == "dismissed"
    slugs = [
        i["slug"] for i in client.get("/api/v1/partners/orgs/sepsisense/suggestions").get_json()
    ]
    assert "ospedale-demo-niguarda" not in slugs
    again = _api(
        client,
        "/api/v1/partners/orgs/sepsisense/suggestions/ospedale-demo-niguarda",
        "POST",
        json={"action": "accept"},
    )
    assert again.status_code == 409


def test_contact_needs_a_message_and_notifies_once(ecosystem, as_user):
    client = as_user(ecosystem["owner"])
    url = "/api/v1/partners/orgs/sepsisense/suggestions/ospedale-demo-niguarda"
    empty = _api(client, url, "POST", json={"action": "contact", "message": "  "})
    assert empty.status_code == 422 and "message" in empty.get_json()["errors"]
    assert db.session.scalar(select(func.count(PartnershipProposal.id))) == 0
    ok = _api(client, url, "POST", json={"action": "contact", "message": "Shall we talk?"})
    assert ok.status_code == 200 and ok.get_json()["status"] == "contacted"
    assert db.session.scalar(select(func.count(ContactRequest.id))) == 1
    notes = db.session.scalars(
        select(Notification).where(Notification.user_id == ecosystem["h_owner"].id)
    ).all()
    assert len(notes) == 1
    assert notes[0].message == "SepsiSense would like to get in touch: Shall we talk?"
    twice = _api(client, url, "POST", json={"action": "contact", "message": "Again"})
    assert twice.status_code == 409
    assert db.session.scalar(select(func.count(ContactRequest.id))) == 1


def test_notification_is_written_in_the_recipients_language(ecosystem, as_user):
    ecosystem["h_owner"].locale = "it"
    db.session.commit()
    client = as_user(ecosystem["owner"])  # writes in English
    url = "/api/v1/partners/orgs/sepsisense/suggestions/ospedale-demo-niguarda"
    assert _api(client, url, "POST", json={"action": "accept"}).status_code == 200
    note = db.session.scalars(
        select(Notification).where(Notification.user_id == ecosystem["h_owner"].id)
    ).one()
    assert note.message == "SepsiSense ha indicato la vostra organizzazione come partner."


def test_accepted_partnership_becomes_a_graph_edge(ecosystem, make_user, make_org, as_user):
    third_owner = make_user("owner@third.it")
    make_org(
        third_owner,
        "Terza Demo",
        "university",
        description="Machine learning for clinical time series and sepsis prediction.",
    )
    client = as_user(ecosystem["owner"])
    assert (
        _api(
            client,
            "/api/v1/partners/orgs/sepsisense/suggestions/ospedale-demo-niguarda",
            "POST",
            json={"action": "accept"},
        ).status_code
        == 200
    )
    client.post("/auth/logout", data={"csrf_token": csrf_token(client)})
    client = as_user(third_owner)
    assert (
        _api(
            client,
            "/api/v1/partners/orgs/terza-demo/suggestions/ospedale-demo-niguarda",
            "POST",
            json={"action": "accept"},
        ).status_code
        == 200
    )
    items = client.get("/api/v1/partners/orgs/terza-demo/suggestions").get_json()
    by_slug = {i["slug"]: i for i in items}
    assert "ospedale-demo-niguarda" not in by_slug  # already a partner
    assert [p["slug"] for p in by_slug["sepsisense"]["common_partners"]] == [
        "ospedale-demo-niguarda"
    ]
    assert by_slug["sepsisense"]["signals"]["common_partners"] == 1


def test_outsiders_are_refused(ecosystem, as_user, client):
    assert client.get("/api/v1/partners/orgs/sepsisense/suggestions").status_code == 401
    other = as_user(ecosystem["c_owner"])
    assert other.get("/api/v1/partners/orgs/sepsisense/suggestions").status_code == 403
    assert other.get("/orgs/sepsisense/partners").status_code == 403
    resp = _api(
        other,
        "/api/v1/partners/orgs/sepsisense/suggestions/logistica-demo",
        "POST",
        json={"action": "accept"},
    )
    assert resp.status_code == 403


def test_similar_organisations_are_public(ecosystem, client):
    items = client.get("/api/v1/partners/orgs/sepsisense/similar").get_json()
    assert items[0]["slug"] == "ospedale-demo-niguarda"
    frag = client.get("/orgs/sepsisense/similar", headers={"HX-Request": "true"})
    assert "Ospedale Demo Niguarda" in frag.get_data(as_text=True)
    assert "<html" not in frag.get_data(as_text=True)


def test_empty_state_without_text_or_partners(make_user, make_org, as_user, ecosystem):
    owner = make_user("owner@empty.it")
    make_org(owner, "Vuota Demo", "startup")
    client = as_user(owner)
    page = client.get("/orgs/vuota-demo/partners").get_data(as_text=True)
    assert "No suggestion yet" in page and "Complete the profile" in page
    assert client.get("/api/v1/partners/orgs/vuota-demo/suggestions").get_json() == []


def test_saving_a_profile_updates_its_vector_at_once(ecosystem, as_user):
    before = db.session.scalar(
        select(Embedding.text_hash).where(
            Embedding.entity_id == ecosystem["company"].id, Embedding.field == "profile"
        )
    )
    resp = _save_company_description(
        ecosystem, as_user, "Sterile logistics of surgical instruments for hospitals."
    )
    assert resp.status_code == 200
    db.session.expire_all()
    after = db.session.scalar(
        select(Embedding.text_hash).where(
            Embedding.entity_id == ecosystem["company"].id, Embedding.field == "profile"
        )
    )
    assert before and after and before != after


def test_datasets_relevant_to_the_organisation(ecosystem, as_user):
    owner = ecosystem["h_owner"]
    for ident, title, text in [
        (
            "icu-vitals",
            "ICU vital signs of sepsis patients",
            "Continuous vital signs and lactate of septic patients in intensive care.",
        ),
        ("bike-lanes", "Bicycle lanes of Milan", "Geometry of the cycling network of the city."),
    ]:
        datasets.create_dataset(
            owner,
            {
                "identifier": ident,
                "title_it": title,
                "title_en": title,
                "description_it": text,
                "description_en": text,
                "publisher_org_id": ecosystem["hospital"].id,
                "access_rights": "public",
                "personal_data": "none",
                "themes": ["HEAL"],
            },
        )
    db.session.commit()
    client = as_user(ecosystem["owner"])
    items = client.get("/api/v1/partners/orgs/sepsisense/datasets").get_json()
    assert [i["title"] for i in items][0] == "ICU vital signs of sepsis patients"
    assert items[0]["score"] > items[-1]["score"]
    page = client.get("/orgs/sepsisense/partners").get_data(as_text=True)
    assert "Datasets relevant to you" in page and "ICU vital signs" in page


def test_a_saved_profile_reaches_the_lexical_documents(ecosystem, as_user):
    """The lexical documents are fitted as a whole: after a text change the worker's matcher
    is refitted (its stamp is left behind), so the new words count at the next request."""

    def company_lexical():
        resp = as_user(ecosystem["owner"]).get("/api/v1/partners/orgs/sepsisense/suggestions?k=10")
        items = resp.get_json()
        assert resp.status_code == 200, items
        by_slug = {i["slug"]: i for i in items}
        assert all("best_project" in i for i in items)
        return by_slug.get("logistica-demo", {}).get("signals", {}).get("lexical", 0.0)

    assert company_lexical() == 0.0  # shipping pallets: not a word in common
    resp = _save_company_description(
        ecosystem, as_user, "Sterile logistics of sepsis biosensors for intensive care units."
    )
    assert resp.status_code == 200
    assert company_lexical() > 0.0
