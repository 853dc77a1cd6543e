"""Listing (search, facets, pagination, empty states), statistics, suggestions, languages."""

from __future__ import annotations

import html
import json

import pytest

from app.challenges import suggestions
from tests.challenges.conftest import client_for, form_post, make_challenge, make_response


def test_search_facets_and_pagination(app, eco):
    make_challenge(eco, "open", title="Sepsis sensor", area="diagnostics", trl_required=5)
    make_challenge(
        eco,
        "open",
        title="Genome pipeline",
        area="genomics",
        trl_required=3,
        description="Variant calling at scale",
    )
    make_challenge(eco, "evaluating", title="Remote ECG", area="digital_health", trl_required=6)
    make_challenge(eco, "draft", title="Unpublished idea")
    client = client_for(app)
    allc = client.get("/api/v1/challenges?page_size=2")
    meta = json.loads(allc.headers["X-Pagination"])
    assert meta["total"] == 3 and meta["total_pages"] == 2 and len(allc.json) == 2
    assert [c["title"] for c in client.get("/api/v1/challenges?q=genome").json] == [
        "Genome pipeline"
    ]
    assert [c["title"] for c in client.get("/api/v1/challenges?q=variant").json] == [
        "Genome pipeline"
    ]
    assert [c["title"] for c in client.get("/api/v1/challenges?area=digital_health").json] == [
        "Remote ECG"
    ]
    assert [c["title"] for c in client.get("/api/v1/challenges?trl=5").json] == ["Sepsis sensor"]
    assert [c["title"] for c in client.get("/api/v1/challenges?status=evaluating").json] == [
        "Remote ECG"
    ]
    # Labels are escaped text in the page ("&amp;"): read the page as a user would.
    page = html.unescape(client.get("/challenges?area=genomics").get_data(as_text=True))
    assert "Genome pipeline" in page and "Sepsis sensor" not in page
    # facet counts ignore their own filter: the other areas stay offered
    assert "Diagnostics (1)" in page and "Genomics & genetic research (1)" in page
    assert "Unpublished idea" not in client.get("/challenges").get_data(as_text=True)
    paged = client.get("/challenges?per_page=1&page=2").get_data(as_text=True)
    assert "Page 2 of 3" in paged


def test_empty_states(app, eco):
    client = client_for(app)
    assert b"No challenge has been published yet." in client.get("/challenges").data
    make_challenge(eco, "open")
    assert b"No challenge matches" in client.get("/challenges?q=zzzz").data


def test_statistics_views_and_responses_by_kind(app, eco, challenge):
    make_response(eco, challenge)
    make_response(eco, challenge, user=eco.rival, summary="Genomic angle")
    for user in (None, eco.rival, eco.solver):
        client_for(app, user).get(f"/challenges/{challenge.id}")
    client_for(app, eco.poster).get(f"/challenges/{challenge.id}")  # the poster: not counted
    stats = client_for(app, eco.poster).get(f"/api/v1/challenges/{challenge.id}/stats").json
    assert stats["views"] == 3 and stats["responses"] == 2
    by_kind = {r["kind"]: r["count"] for r in stats["responses_by_kind"]}
    assert by_kind["startup"] == 1 and by_kind["university"] == 1 and by_kind["company"] == 0
    page = client_for(app, eco.colleague).get(f"/challenges/{challenge.id}/stats")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'id="responses-by-kind"' in html
    assert "<td>Start-up</td><td>1</td>" in html
    assert client_for(app, eco.solver).get(f"/challenges/{challenge.id}/stats").status_code == 403


@pytest.mark.matching
def test_suggested_solvers_with_reasons_and_invitation(app, eco, challenge):
    ranked = suggestions.suggest_solvers(eco.poster, challenge, 5)
    assert ranked[0].item.id == eco.startup.id
    reasons = " ".join(ranked[0].reasons)
    assert "Diagnostics" in reasons and "sepsis" in reasons and "TRL" in reasons
    assert all(s.item.id != eco.company.id for s in ranked)
    api = client_for(app, eco.poster).get(f"/api/v1/challenges/{challenge.id}/suggestions").json
    assert api[0]["name"] == "Sensy" and api[0]["reasons"]
    poster = client_for(app, eco.poster)
    html = poster.get(f"/challenges/{challenge.id}").get_data(as_text=True)
    assert "Suggested solvers" in html and "Sensy" in html
    resp = form_post(poster, f"/challenges/{challenge.id}/invite", {"org_id": eco.startup.id})
    assert resp.status_code == 302
    html = poster.get(f"/challenges/{challenge.id}").get_data(as_text=True)
    assert ">invited<" in html
    # competitors never see the suggestions
    assert "Suggested solvers" not in client_for(app, eco.solver).get(
        f"/challenges/{challenge.id}"
    ).get_data(as_text=True)


@pytest.mark.matching
def test_challenges_ranked_for_my_organisation(app, eco):
    make_challenge(eco, "open", title="Sepsis sensor")
    make_challenge(
        eco,
        "open",
        title="Hospital logistics",
        area="public_health",
        description="Bed management software",
        trl_required=9,
    )
    client = client_for(app, eco.solver)
    html = client.get("/challenges/for-my-organisation").get_data(as_text=True)
    assert "Sepsis sensor" in html and "Shared terms" in html
    assert "Hospital logistics" not in html
    api = client.get(f"/api/v1/challenges/for-org/{eco.startup.slug}").json
    assert [r["name"] for r in api] == ["Sepsis sensor"]
    assert client.get(f"/api/v1/challenges/for-org/{eco.uni.slug}").status_code == 403


def test_pages_in_italian_and_english(app, eco, challenge):
    anon = app.test_client()
    it = anon.get("/challenges?lang=it").get_data(as_text=True)
    assert "Sfide di open innovation" in it and "Aperta" in it
    en = anon.get("/challenges?lang=en").get_data(as_text=True)
    assert "Open-innovation challenges" in en
    detail = anon.get(f"/challenges/{challenge.id}?lang=it").get_data(as_text=True)
    assert "Descrizione del problema" in detail and "Scadenza" in detail
