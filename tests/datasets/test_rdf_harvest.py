"""Harvesting: IRIs from PORTAL_BASE_URL (never the Host header), ckanext-dcat style endpoints,
content negotiation, every RDF format, modified_since."""

from __future__ import annotations

from datetime import timedelta

import pytest
from rdflib import Graph
from rdflib.namespace import DCAT, RDF

from tests.builders import add_dist, commit, make_dataset, utc_today

PARSERS = {"ttl": "turtle", "rdf": "xml", "xml": "xml", "jsonld": "json-ld", "n3": "n3"}


@pytest.fixture
def two(make_user, make_org):
    owner = make_user("pub@example.org")
    org = make_org(owner, "Ospedale Demo", kind="research_hospital")
    a = make_dataset(owner, org, "h:a")
    add_dist(owner, a, "https://open.example.org/a.csv")
    b = make_dataset(owner, org, "h:b", access_rights="restricted")
    add_dist(owner, b)
    commit()
    return a, b


def _datasets(resp, fmt="ttl") -> set[str]:
    assert resp.status_code == 200
    g = Graph().parse(data=resp.get_data(as_text=True), format=PARSERS[fmt])
    return {str(s) for s in g.subjects(RDF.type, DCAT.Dataset)}


def test_iris_come_from_the_configured_base_not_the_host(app, client, two, monkeypatch):
    monkeypatch.setitem(app.config, "PORTAL_BASE_URL", "https://dati.example.it/")
    resp = client.get("/catalog.ttl", headers={"Host": "evil.example"})
    body = resp.get_data(as_text=True)
    assert "evil.example" not in body
    a, b = two
    assert f"https://dati.example.it/datasets/{a.id}#dataset" in _datasets(resp)
    one = client.get(f"/datasets/{b.id}.ttl", headers={"Host": "evil.example"})
    assert "evil.example" not in one.get_data(as_text=True)
    assert f"https://dati.example.it/datasets/{b.id}#dataset" in _datasets(one)


@pytest.mark.parametrize("fmt", ["ttl", "rdf", "xml", "jsonld", "n3"])
def test_every_format_on_catalog_and_dataset(client, two, fmt):
    a, _b = two
    assert len(_datasets(client.get(f"/catalog.{fmt}"), fmt)) == 2
    assert len(_datasets(client.get(f"/dataset/{a.id}.{fmt}"), fmt)) == 1


@pytest.mark.parametrize(
    ("accept", "mime"),
    [
        ("text/turtle", "text/turtle"),
        ("application/rdf+xml", "application/rdf+xml"),
        ("application/ld+json", "application/ld+json"),
        ("text/n3;q=0.9, text/html;q=0.1", "text/n3"),
    ],
)
def test_content_negotiation(client, two, accept, mime):
    a, _b = two
    for url in ("/catalog", f"/datasets/{a.id}"):
        resp = client.get(url, headers={"Accept": accept})
        assert resp.status_code == 200, url
        assert resp.mimetype == mime
        assert "Accept" in resp.headers["Vary"]


def test_browsers_get_html(client, two):
    a, _b = two
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    resp = client.get("/catalog", headers={"Accept": browser})
    assert resp.status_code == 303 and resp.headers["Location"].endswith("/datasets")
    page = client.get(f"/datasets/{a.id}", headers={"Accept": browser})
    assert page.status_code == 200 and page.mimetype == "text/html"


def test_modified_since(client, two):
    tomorrow = (utc_today() + timedelta(days=1)).isoformat()
    assert _datasets(client.get(f"/catalog.ttl?modified_since={tomorrow}")) == set()
    today = utc_today().isoformat()
    assert len(_datasets(client.get(f"/catalog.ttl?modified_since={today}"))) == 2


@pytest.mark.parametrize("query", ["modified_since=yesterday", "page=0", "page=x"])
def test_bad_harvest_parameters_are_400(client, query):
    resp = client.get(f"/catalog.ttl?{query}")
    assert resp.status_code == 400
    assert query.split("=")[0] in resp.get_data(as_text=True)
