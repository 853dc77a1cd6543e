"""The DCAT-AP_IT exports parse with rdflib and carry the mandatory classes and properties."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

from app.datasets import rdf as rdfmod
from tests.builders import add_dist, commit, make_dataset, secret_url

DCATAPIT = rdfmod.DCATAPIT
VCARD = rdfmod.VCARD
HYDRA = rdfmod.HYDRA
PARSERS = {"ttl": "turtle", "rdf": "xml", "jsonld": "json-ld"}
DATASET_MANDATORY = (
    DCTERMS.identifier,
    DCTERMS.title,
    DCTERMS.description,
    DCTERMS.publisher,
    DCTERMS.rightsHolder,
    DCAT.theme,
    DCTERMS.modified,
    DCTERMS.accrualPeriodicity,
    DCAT.contactPoint,
    DCAT.distribution,
)


@pytest.fixture
def catalogue(make_user, make_org):
    owner = make_user("pub@example.org")
    org = make_org(owner, "Ospedale Demo", kind="research_hospital")
    public = make_dataset(owner, org, "rdf:public")
    add_dist(owner, public, "https://open.example.org/public.csv")
    restricted = make_dataset(owner, org, "rdf:restricted", access_rights="restricted")
    url = secret_url()
    add_dist(owner, restricted, url)
    commit()
    return public, restricted, url


def _parse(resp, fmt) -> Graph:
    assert resp.status_code == 200
    g = Graph()
    g.parse(data=resp.get_data(as_text=True), format=PARSERS[fmt])
    return g


def _check_dataset(g: Graph, node) -> None:
    assert (node, RDF.type, DCATAPIT.Dataset) in g
    assert (node, RDF.type, DCAT.Dataset) in g
    for prop in DATASET_MANDATORY:
        assert g.value(node, prop) is not None, f"missing {prop}"
    for agent_prop in (DCTERMS.publisher, DCTERMS.rightsHolder):
        agent = g.value(node, agent_prop)
        assert (agent, RDF.type, DCATAPIT.Agent) in g
        assert g.value(agent, FOAF.name) is not None
        assert g.value(agent, DCTERMS.identifier) is not None
    contact = g.value(node, DCAT.contactPoint)
    assert (contact, RDF.type, DCATAPIT.Organization) in g
    assert g.value(contact, VCARD.fn) is not None
    assert str(g.value(contact, VCARD.hasEmail)).startswith("mailto:")
    assert g.value(node, DCAT.theme) == URIRef(
        "http://publications.europa.eu/resource/authority/data-theme/HEAL"
    )
    assert str(g.value(node, DCTERMS.accrualPeriodicity)).endswith("/frequency/ANNUAL")
    for dist in g.objects(node, DCAT.distribution):
        assert (dist, RDF.type, DCATAPIT.Distribution) in g
        assert g.value(dist, DCAT.accessURL) is not None
        assert str(g.value(dist, DCTERMS.format)).startswith(
            "http://publications.europa.eu/resource/authority/file-type/"
        )
        licence = g.value(dist, DCTERMS.license)
        assert (licence, RDF.type, DCATAPIT.LicenseDocument) in g
        assert g.value(licence, DCTERMS.type) is not None


@pytest.mark.parametrize("fmt", ["ttl", "rdf", "jsonld"])
def test_catalog_export_has_mandatory_properties(client, catalogue, fmt):
    public, restricted, url = catalogue
    resp = client.get(f"/catalog.{fmt}")
    assert url not in resp.get_data(as_text=True)
    g = _parse(resp, fmt)
    cats = list(g.subjects(RDF.type, DCATAPIT.Catalog))
    assert len(cats) == 1
    cat = cats[0]
    for prop in (
        DCTERMS.title,
        DCTERMS.description,
        DCTERMS.publisher,
        DCTERMS.modified,
        FOAF.homepage,
    ):
        assert g.value(cat, prop) is not None, f"catalog misses {prop}"
    datasets = list(g.objects(cat, DCAT.dataset))
    assert len(datasets) == 2
    for node in datasets:
        _check_dataset(g, node)


@pytest.mark.parametrize("fmt", ["ttl", "rdf", "jsonld"])
def test_dataset_export(client, catalogue, fmt):
    public, restricted, url = catalogue
    g = _parse(client.get(f"/datasets/{restricted.id}.{fmt}"), fmt)
    node = next(g.subjects(RDF.type, DCATAPIT.Dataset))
    _check_dataset(g, node)
    assert str(g.value(node, DCTERMS.identifier)) == "rdf:restricted"
    titles = {t.language: str(t) for t in g.objects(node, DCTERMS.title)}
    assert titles == {"it": "Dataset rdf:restricted", "en": "Heart failure registry"}
    assert str(g.value(node, DCTERMS.accessRights)).endswith("/access-right/RESTRICTED")
    dist = g.value(node, DCAT.distribution)
    # The restricted file is reached only through the portal's access endpoint.
    assert str(g.value(dist, DCAT.accessURL)).endswith(
        f"/distributions/{dist.split('/')[-1]}/access"
    )
    assert g.value(dist, DCAT.downloadURL) is None
    assert url not in g.serialize(format="turtle")


def test_public_distribution_exports_its_url(client, catalogue):
    public, _restricted, _url = catalogue
    g = _parse(client.get(f"/datasets/{public.id}.ttl"), "ttl")
    node = next(g.subjects(RDF.type, DCATAPIT.Dataset))
    dist = g.value(node, DCAT.distribution)
    assert str(g.value(dist, DCAT.downloadURL)) == "https://open.example.org/public.csv"


def test_catalog_pagination(client, catalogue, monkeypatch):
    monkeypatch.setattr(rdfmod, "PAGE_SIZE", 1)
    first = client.get("/catalog.ttl")
    assert 'rel="next"' in first.headers["Link"]
    assert "/catalog.ttl?page=2" in first.headers["Link"]
    g1 = _parse(first, "ttl")
    cat = next(g1.subjects(RDF.type, DCATAPIT.Catalog))
    assert len(list(g1.objects(cat, DCAT.dataset))) == 1
    view = g1.value(cat, HYDRA.view)
    assert str(g1.value(view, HYDRA.next)).endswith("/catalog.ttl?page=2")
    assert int(g1.value(view, HYDRA.totalItems)) == 2
    second = client.get("/catalog.ttl?page=2")
    assert "Link" not in second.headers
    g2 = _parse(second, "ttl")
    ids1 = set(g1.objects(None, DCTERMS.identifier))
    ids2 = set(g2.objects(None, DCTERMS.identifier))
    assert "rdf:public" in {str(i) for i in ids1} ^ {str(i) for i in ids2}


@pytest.mark.parametrize("page", ["0", "abc", "-3"])
def test_catalog_bad_page(client, page):
    assert client.get(f"/catalog.ttl?page={page}").status_code == 400


def test_unknown_dataset_export_is_404(client):
    assert client.get("/datasets/999.ttl").status_code == 404
