"""The data.europa.eu MQA score: datasets scored by hand, indicator by indicator."""

from __future__ import annotations

import pytest

from app.datasets import services
from app.datasets.mqa import INDICATORS, MAX_POINTS, catalogue_mqa, mqa_of, rating_for
from tests.auth.helpers import text_of
from tests.datasets.support import add_dist, commit, make_dataset

# The FULL dataset of tests/datasets/support.py with one CSV file on another site (byte size
# given), by hand: findability 30+30+20+20; accessibility 0 (access URL not verified) + 20
# (download URL given) + 0 (not verified); interoperability 20+10+10+20+20+30; reusability
# 10+5+20+10+20+10; contextuality 5 (dct:rights on the distribution) + 5 + 5 + 5.
PUBLIC_ONE_CSV = {
    "findability": 100,
    "accessibility": 20,
    "interoperability": 110,
    "reusability": 75,
    "contextuality": 20,
}


@pytest.fixture
def owner_org(make_user, make_org):
    owner = make_user("mqa@example.org")
    return owner, make_org(owner, "MQA Hospital", kind="research_hospital")


def test_weights_are_the_mqa_ones():
    by_dim: dict[str, int] = {}
    for i in INDICATORS:
        by_dim[i.dimension] = by_dim.get(i.dimension, 0) + i.weight
    assert by_dim == {
        "findability": 100,
        "accessibility": 100,
        "interoperability": 110,
        "reusability": 75,
        "contextuality": 20,
    }
    assert MAX_POINTS == 405
    assert [rating_for(t) for t in (405, 351, 350, 221, 220, 121, 120, 0)] == [
        "excellent",
        "excellent",
        "good",
        "good",
        "sufficient",
        "sufficient",
        "bad",
        "bad",
    ]


def test_public_dataset_with_one_csv(owner_org):
    owner, org = owner_org
    ds = make_dataset(owner, org, "mqa:one")
    add_dist(owner, ds)
    commit()
    score = mqa_of(ds)
    assert score.dimensions == PUBLIC_ONE_CSV
    assert (score.total, score.rating, score.not_verified) == (325, "good", 1)
    assert {i.key for i in score.missing} == {"access_url", "download_ok"}
    assert score.points["rights"] == 5


def test_a_second_distribution_counts_by_share(owner_org):
    owner, org = owner_org
    ds = make_dataset(owner, org, "mqa:two")
    add_dist(owner, ds)
    services.add_distribution(
        owner, ds, {"format": "PDF", "download_url": "https://files.example.org/report.pdf"}
    )
    commit()
    score = mqa_of(ds)
    # PDF: neither non-proprietary nor machine-readable, no byte size: half of 20, 20 and 5;
    # both distributions carry dct:rights (5).
    assert score.points["open_format"] == 10 and score.points["machine_readable"] == 10
    assert score.points["byte_size"] == 2.5
    assert score.dimensions["interoperability"] == 90
    assert score.dimensions["contextuality"] == 18  # 5 + 2.5 + 5 + 5 = 17.5, rounded half up
    assert score.total == 303  # 100 + 20 + 90 + 75 + 17.5 = 302.5


def test_restricted_dataset_is_reached_through_the_portal(owner_org):
    owner, org = owner_org
    ds = make_dataset(owner, org, "mqa:restricted", access_rights="restricted")
    add_dist(owner, ds)
    commit()
    score = mqa_of(ds)
    # The access URL is the portal's access page (reachable); no download URL is published.
    assert score.points["access_url"] == 50
    assert score.points["download_url"] == 0 and score.points["download_ok"] == 0
    assert (score.total, score.rating, score.not_verified) == (355, "excellent", 0)


def test_minimal_dataset(owner_org):
    owner, org = owner_org
    ds = services.create_dataset(
        owner,
        {
            "publisher_org_id": org.id,
            "identifier": "mqa:min",
            "title_it": "Minimo",
            "description_it": "Solo il necessario.",
            "themes": ["HEAL"],
        },
    )
    commit()
    score = mqa_of(ds)
    # themes 30; access rights 10 + 5, publisher 10; modification date 5 (set on creation).
    assert score.dimensions == {
        "findability": 30,
        "accessibility": 0,
        "interoperability": 0,
        "reusability": 25,
        "contextuality": 5,
    }
    assert (score.total, score.rating) == (60, "bad")


def test_catalogue_is_the_mean(owner_org, client):
    owner, org = owner_org
    full = make_dataset(owner, org, "mqa:cat-full")
    add_dist(owner, full)
    minimal = services.create_dataset(
        owner,
        {
            "publisher_org_id": org.id,
            "identifier": "mqa:cat-min",
            "title_it": "Minimo",
            "description_it": "Solo il necessario.",
            "themes": ["HEAL"],
        },
    )
    commit()
    score, count = catalogue_mqa([full, minimal])
    assert (count, score.total, score.rating) == (2, 193, "sufficient")  # (325 + 60) / 2 = 192.5
    assert score.dimensions["findability"] == 65  # (100 + 30) / 2

    body = client.get("/api/v1/datasets/mqa").get_json()
    assert (body["datasets"], body["total"], body["max"], body["rating"]) == (
        2,
        193,
        405,
        "sufficient",
    )
    one = client.get(f"/api/v1/datasets/{full.id}/mqa").get_json()
    assert one["total"] == 325
    assert {d["key"]: d["points"] for d in one["dimensions"]} == PUBLIC_ONE_CSV
    assert client.get("/api/v1/datasets/2147483647/mqa").status_code == 404


def test_pages_show_the_score_in_both_languages(owner_org, client):
    owner, org = owner_org
    ds = make_dataset(owner, org, "mqa:page")
    add_dist(owner, ds)
    commit()
    en = text_of(client.get(f"/datasets/{ds.id}?lang=en"))
    assert "Quality on the data.europa.eu MQA dimensions: 325/405 (good)" in en
    assert "Findability" in en and "Contextuality" in en
    it = text_of(client.get(f"/datasets/{ds.id}?lang=it"))
    assert "Qualità secondo le dimensioni MQA di data.europa.eu: 325/405 (buona)" in it
    rules = text_of(client.get("/datasets/quality/mqa?lang=en"))
    assert "405" in rules and "not verified" in rules and "1 datasets" in rules
    rules_it = text_of(client.get("/datasets/quality/mqa?lang=it"))
    assert "Reperibilità" in rules_it and "Accessibilità" in rules_it
