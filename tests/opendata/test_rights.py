"""dct:rights: every distribution of the catalogue says what a reader may do with the data (the
MQA "rights" indicator), in Italian and English, as a dct:RightsStatement."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, RDFS

from app.datasets.mqa import mqa_of
from tests.builders import add_dist, commit, make_dataset
from tests.opendata.test_opendata import world  # noqa: F401 - the fixture

BASE = "https://portale.test"


def _graph(client, path: str) -> Graph:
    resp = client.get(path)
    assert resp.status_code == 200
    return Graph().parse(data=resp.get_data(as_text=True), format="turtle")


def _labels(g: Graph, node) -> dict[str, str]:
    return {lit.language: str(lit) for lit in g.objects(node, RDFS.label)}


def _dist_rights(g: Graph, dataset) -> list:
    dists = list(g.objects(dataset, DCAT.distribution))
    assert dists
    return [g.value(d, DCTERMS.rights) for d in dists]


def test_public_dataset_rights_name_the_licence_and_whom_to_credit(client, make_user, make_org):
    owner = make_user("rights@example.org")
    org = make_org(owner, "Ospedale dei Diritti", kind="research_hospital")
    ds = make_dataset(owner, org, "rights:public", licence="CC-BY-4.0")
    add_dist(owner, ds, "https://open.example.org/a.csv")
    add_dist(owner, ds, "https://open.example.org/b.json", fmt="JSON")
    commit()
    g = _graph(client, f"/datasets/{ds.id}.ttl")
    node = URIRef(f"{BASE}/datasets/{ds.id}#dataset")
    rights = _dist_rights(g, node)
    assert len(rights) == 2 and set(rights) == {URIRef(f"{BASE}/datasets/{ds.id}#rights")}
    assert (rights[0], RDF.type, DCTERMS.RightsStatement) in g
    labels = _labels(g, rights[0])
    assert labels["it"].startswith("Riutilizzo consentito alle condizioni della licenza Creative")
    assert "Ospedale dei Diritti" in labels["it"] and "Ospedale dei Diritti" in labels["en"]
    assert labels["en"].startswith("Reuse permitted under the licence Creative Commons BY 4.0")
    assert mqa_of(ds).points["rights"] == 5


def test_restricted_dataset_rights_say_access_on_request(client, make_user, make_org):
    owner = make_user("rights2@example.org")
    org = make_org(owner, "Istituto Riservato", kind="research_hospital")
    ds = make_dataset(
        owner, org, "rights:restricted", access_rights="restricted", consent_codes=["DUO:0000042"]
    )
    add_dist(owner, ds, "https://internal.example.org/secret.csv")
    commit()
    g = _graph(client, f"/datasets/{ds.id}.ttl")
    (rights,) = _dist_rights(g, URIRef(f"{BASE}/datasets/{ds.id}#dataset"))
    labels = _labels(g, rights)
    assert labels["en"].startswith("Access only on a request approved by Istituto Riservato")
    assert "data use agreement" in labels["en"] and "GRU (DUO:0000042)" in labels["en"]
    assert labels["it"].startswith("Accesso solo su richiesta approvata da Istituto Riservato")
    assert "licenza" not in labels["it"]


def test_projects_open_data_distributions_carry_rights(client, world):  # noqa: F811
    g = _graph(client, "/catalog.ttl")
    rights = _dist_rights(g, URIRef(f"{BASE}/opendata#dataset"))
    assert len(rights) == 6 and set(rights) == {URIRef(f"{BASE}/opendata#rights")}
    labels = _labels(g, rights[0])
    assert "Creative Commons BY 4.0" in labels["it"] and "Regione Lombardia" in labels["en"]
