"""Catalogue search: facets, filters, pagination, empty state; demo seed."""

from __future__ import annotations

import pytest

from app.datasets.demo import seed_demo
from app.datasets.models import Dataset
from app.extensions import db
from tests.builders import add_dist, commit, make_dataset


@pytest.fixture
def catalogue(make_user, make_org):
    owner = make_user("s@example.org")
    hosp = make_org(owner, "Ospedale Alfa", kind="research_hospital")
    uni = make_org(owner, "Università Beta", kind="university")
    a = make_dataset(
        owner, hosp, "s:a", conforms_to=["FHIR R4"], themes=["HEAL", "TECH"], keywords=["sepsis"]
    )
    add_dist(owner, a, "https://o.example.org/a.csv", fmt="CSV")
    b = make_dataset(
        owner,
        hosp,
        "s:b",
        access_rights="restricted",
        conforms_to=["OMOP CDM"],
        personal_data="pseudonymised",
    )
    add_dist(owner, b, fmt="PARQUET")
    c = make_dataset(
        owner,
        uni,
        "s:c",
        conforms_to=["DICOM"],
        themes=["HEAL"],
        personal_data="none",
        title_it="Immagini TC",
    )
    add_dist(owner, c, "https://o.example.org/c.zip", fmt="ZIP")
    commit()
    return hosp, uni


def _ids(client, query):
    resp = client.get(f"/api/v1/datasets?{query}")
    assert resp.status_code == 200
    return sorted(d["identifier"] for d in resp.get_json())


@pytest.mark.parametrize(
    "query,expected",
    [
        ("", ["s:a", "s:b", "s:c"]),
        ("theme=TECH", ["s:a"]),
        ("format=PARQUET", ["s:b"]),
        ("access_rights=restricted", ["s:b"]),
        ("standard=DICOM", ["s:c"]),
        ("personal_data=pseudonymised", ["s:b"]),
        ("q=sepsis", ["s:a"]),
        ("q=immagini", ["s:c"]),
        ("theme=HEAL&standard=FHIR+R4", ["s:a"]),
    ],
)
def test_filters(client, catalogue, query, expected):
    assert _ids(client, query) == expected


def test_publisher_facet_and_filter(client, catalogue):
    hosp, uni = catalogue
    assert _ids(client, f"publisher={uni.id}") == ["s:c"]
    facets = client.get("/api/v1/datasets/facets?access_rights=public").get_json()
    assert facets["total"] == 2
    f = facets["facets"]
    # a facet ignores its own filter, so access_rights still counts the restricted one
    assert {x["value"]: x["count"] for x in f["access_rights"]} == {"public": 2, "restricted": 1}
    assert {x["value"]: x["count"] for x in f["publisher"]} == {str(hosp.id): 1, str(uni.id): 1}
    assert {x["value"]: x["count"] for x in f["format"]} == {"CSV": 1, "ZIP": 1}
    assert {x["value"]: x["count"] for x in f["theme"]} == {"HEAL": 2, "TECH": 1}


def test_pagination(client, catalogue):
    resp = client.get("/api/v1/datasets?page_size=2&page=2")
    assert len(resp.get_json()) == 1
    assert '"total": 3' in resp.headers["X-Pagination"]
    html = client.get("/datasets?per_page=2&lang=en").get_data(as_text=True)
    assert "Page 1 of 2" in html and "3 datasets" in html


def test_page_facets_and_empty_state(client, catalogue):
    html = client.get("/datasets?lang=en").get_data(as_text=True)
    assert 'data-facet="theme"' in html and "Ospedale Alfa (2)" in html
    # Formats are written for people in the facet and on the cards, not as stored codes.
    assert "Parquet (1)" in html and ">Parquet</span>" in html and ">PARQUET" not in html
    empty = client.get("/datasets?q=nothing-matches-this&lang=en").get_data(as_text=True)
    assert 'id="empty-state"' in empty and "No dataset matches" in empty


def test_empty_catalogue(client):
    html = client.get("/datasets?lang=en").get_data(as_text=True)
    assert "0 datasets" in html and 'id="empty-state"' in html


def test_demo_seed(app, make_user, make_org):
    assert seed_demo() == {"demo_datasets_created": 0}  # no demo organisations yet
    owner = make_user("demo@example.org")
    for name, kind in (
        ("Demo IRCCS", "research_hospital"),
        ("Demo Uni", "university"),
        ("Demo Spa", "company"),
    ):
        org = make_org(owner, name, kind=kind)
        org.is_demo = True
    commit()
    first = seed_demo()
    commit()
    assert first["demo_datasets_created"] >= 12
    assert seed_demo()["demo_datasets_created"] == 0
    rows = list(db.session.execute(db.select(Dataset)).scalars())
    assert all(d.is_demo for d in rows)
    assert {d.publisher.kind for d in rows} <= {"research_hospital", "university"}
    assert {d.access_rights for d in rows} == {"public", "restricted", "non_public"}
    assert len({s for d in rows for s in d.conforms_to}) == 5
    assert all(d.distributions for d in rows)
