"""Who sees what: responses and their files never leak to competitors, anonymous users or
members of other organisations — by page, by API or by guessing ids."""

from __future__ import annotations

import io

import pytest
from werkzeug.datastructures import FileStorage

from app.challenges import attachments
from app.extensions import db
from tests.challenges.conftest import PDF, client_for, make_challenge, make_response


@pytest.fixture
def setup(app, eco):
    """Two open challenges; the start-up and the rival university each answered the first."""
    ch = make_challenge(eco, "open")
    other_ch = make_challenge(eco, "open", title="Another challenge")
    mine = make_response(eco, ch)
    rival = make_response(eco, ch, user=eco.rival, summary="Genomic approach")
    att = attachments.add_attachment(
        eco.solver, mine, FileStorage(io.BytesIO(PDF), filename="secret-plan.pdf")
    )
    db.session.commit()
    return ch, other_ch, mine, rival, att


def _urls(ch, resp, att):
    return [
        f"/challenges/{ch.id}/responses/{resp.id}",
        f"/challenges/{ch.id}/responses/{resp.id}/edit",
        f"/api/v1/challenges/{ch.id}/responses/{resp.id}",
        f"/api/v1/challenges/{ch.id}/responses/{resp.id}/files",
        f"/challenges/files/{att.id}",
        f"/api/v1/challenges/files/{att.id}",
    ]


def test_competitor_cannot_read_a_response_or_its_files(app, eco, setup):
    ch, _other, mine, _rival, att = setup
    client = client_for(app, eco.rival)
    for url in _urls(ch, mine, att):
        resp = client.get(url)
        assert resp.status_code == 404, url
        assert b"procalcitonin" not in resp.data and b"%PDF" not in resp.data


def test_member_of_another_org_and_outsider_cannot_read(app, eco, make_org, setup):
    ch, _other, mine, _rival, att = setup
    make_org(eco.outsider, "Outsider Clinic", "research_hospital")
    client = client_for(app, eco.outsider)
    for url in _urls(ch, mine, att):
        assert client.get(url).status_code == 404, url


def test_anonymous_cannot_read(app, eco, setup):
    ch, _other, mine, _rival, att = setup
    client = client_for(app)
    for url in _urls(ch, mine, att):
        resp = client.get(url)
        assert resp.status_code in (302, 401, 404), url
        assert b"procalcitonin" not in resp.data and b"%PDF" not in resp.data
    assert client.get(f"/challenges/files/{att.id}").status_code == 404


def test_guessing_ids_under_another_challenge_is_404(app, eco, setup):
    ch, other_ch, mine, _rival, _att = setup
    # Even the poster cannot reach a response through the wrong challenge in the URL.
    client = client_for(app, eco.poster)
    assert client.get(f"/challenges/{other_ch.id}/responses/{mine.id}").status_code == 404
    assert client.get(f"/api/v1/challenges/{other_ch.id}/responses/{mine.id}").status_code == 404
    assert client.get(f"/api/v1/challenges/{ch.id}/responses/99999").status_code == 404


def test_competitors_list_shows_only_their_own_response(app, eco, setup):
    ch, _other, mine, rival, _att = setup
    listing = client_for(app, eco.rival).get(f"/api/v1/challenges/{ch.id}/responses").json
    assert [r["id"] for r in listing] == [rival.id]
    page = client_for(app, eco.rival).get(f"/challenges/{ch.id}/responses")
    assert b"Sensy" not in page.data


def test_authors_poster_and_staff_can_read(app, eco, setup):
    ch, _other, mine, _rival, att = setup
    for user in (eco.solver, eco.poster, eco.colleague, eco.staff):
        client = client_for(app, user)
        assert client.get(f"/challenges/{ch.id}/responses/{mine.id}").status_code == 200
        assert (
            client.get(f"/api/v1/challenges/{ch.id}/responses/{mine.id}")
            .json["summary"]
            .startswith("Our microfluidic")
        )
        dl = client.get(f"/challenges/files/{att.id}")
        assert dl.status_code == 200 and dl.data == PDF
    listing = client_for(app, eco.poster).get(f"/api/v1/challenges/{ch.id}/responses").json
    assert len(listing) == 2


def test_registered_only_challenge_hidden_from_anonymous(app, eco):
    hidden = make_challenge(eco, "open", visibility="registered", title="Confidential need")
    anon = client_for(app)
    assert anon.get(f"/challenges/{hidden.id}").status_code == 404
    assert anon.get(f"/api/v1/challenges/{hidden.id}").status_code == 404
    assert b"Confidential need" not in anon.get("/challenges").data
    assert all(c["id"] != hidden.id for c in anon.get("/api/v1/challenges").json)
    member = client_for(app, eco.outsider)
    assert member.get(f"/challenges/{hidden.id}").status_code == 200
    assert b"Confidential need" in member.get("/challenges").data


@pytest.mark.parametrize("status", ["draft", "submitted", "withdrawn"])
def test_unpublished_challenges_only_for_poster_and_staff(app, eco, status):
    ch = make_challenge(eco, status, title="Secret draft")
    for user, code in ((None, 404), (eco.rival, 404), (eco.colleague, 200), (eco.staff, 200)):
        assert client_for(app, user).get(f"/challenges/{ch.id}").status_code == code
    assert b"Secret draft" not in client_for(app, eco.rival).get("/challenges").data
