"""The RDF export passes the official validators: DCAT-AP 3.0.1 SHACL, HealthDCAT-AP Release 8
(each dataset with its access level's shapes) and the AgID DCAT-AP_IT rules — 0 violations.

Skipped only when ../shared/standards is absent (tests/datasets/standards.py finds it).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, RDF

from app.datasets import vocab
from app.datasets.demo import seed_demo as seed_datasets
from app.extensions import db
from app.projects.demo import seed_demo as seed_projects
from app.seeding.accounts import seed_accounts
from app.seeding.demo_orgs import seed_demo_orgs
from tests.builders import add_dist, commit, make_dataset
from tests.conftest import csrf_token
from tests.datasets import standards

pytestmark = pytest.mark.skipif(
    standards.standards_dir() is None, reason="../shared/standards is not available"
)


def _graph(client, url: str) -> Graph:
    resp = client.get(url)
    assert resp.status_code == 200, url
    return Graph().parse(data=resp.get_data(as_text=True), format="turtle")


def _assert_clean(graph: Graph, inference=("none",)) -> standards.Report:
    report = standards.validate(graph, inference=inference)
    assert report.violations() == [], report.describe()
    return report


def test_demo_catalogue_has_no_violations(app, client):

    seed_accounts()
    seed_demo_orgs()
    seed_projects()
    assert seed_datasets()["demo_datasets_created"] == 12
    db.session.commit()
    catalogue = _graph(client, "/catalog.ttl")
    datasets = list(catalogue.subjects(RDF.type, DCAT.Dataset))
    assert len(datasets) >= 12
    _assert_clean(catalogue)
    for node in datasets:
        page = urlsplit(str(node)).path
        if page.startswith("/datasets/"):
            _assert_clean(_graph(client, f"{page}.ttl"))


# Every access level and every personal-data level, with the fields a publisher may leave out.
CASES = [
    ("public", "none", {"legal_basis": "not_applicable", "consent_codes": []}),
    ("public", "anonymised", {"licence": "CC0-1.0", "spatial": None}),
    ("restricted", "pseudonymised", {"licence": "DUA", "health_categories": ["REGISTRIES"]}),
    ("restricted", "anonymised", {"licence": "DUA", "temporal_start": None}),
    ("non_public", "identifiable", {"licence": "DUA", "legal_basis": "consent"}),
    ("non_public", "pseudonymised", {"licence": "DUA", "contact_email": None}),
]


def test_each_access_and_personal_data_level_has_no_violations(client, make_user, make_org):
    owner = make_user("pub@example.org")
    org = make_org(owner, "Ospedale Demo", kind="research_hospital")
    made = []
    for i, (rights, personal, extra) in enumerate(CASES):
        ds = make_dataset(
            owner, org, f"val:{i}", access_rights=rights, personal_data=personal, **extra
        )
        add_dist(owner, ds, fmt=("CSV", "PARQUET", "DICOM", "API", "JSON", "ZIP")[i])
        made.append(ds)
    commit()
    _assert_clean(_graph(client, "/catalog.ttl"))
    for ds in made:
        graph = _graph(client, f"/datasets/{ds.id}.ttl")
        _assert_clean(graph, inference=("none", "rdfs"))
        node = next(graph.subjects(RDF.type, DCAT.Dataset))
        level = str(graph.value(node, URIRef("http://purl.org/dc/terms/accessRights")))
        assert level.endswith(vocab.ACCESS_RIGHTS_URI[ds.access_rights])


def test_validator_catches_a_broken_export(client, make_user, make_org):
    """The harness is not vacuous: removing a mandatory property is reported by each validator."""
    owner = make_user("pub@example.org")
    org = make_org(owner, "Ospedale Demo", kind="research_hospital")
    ds = make_dataset(owner, org, "val:broken", access_rights="restricted")
    add_dist(owner, ds)
    commit()
    graph = _graph(client, f"/datasets/{ds.id}.ttl")
    node = next(graph.subjects(RDF.type, DCAT.Dataset))
    dct = "http://purl.org/dc/terms/"
    health = "http://healthdataportal.eu/ns/health#"
    graph.remove((node, URIRef(health + "hdab"), None))
    graph.remove((node, URIRef(dct + "description"), None))
    for period in graph.subjects(RDF.type, URIRef(dct + "PeriodOfTime")):
        graph.remove((period, URIRef("http://dati.gov.it/onto/dcatapit#startDate"), None))
    counts = standards.validate(graph, inference=("none",)).counts()
    assert counts["healthdcat-ap-r8"] >= 1
    assert counts["agid"] >= 1
    assert counts["dcat-ap-3.0.1"] >= 1


def test_form_fields_reach_the_export(client, as_user, make_user, make_org):
    """The HealthDCAT-AP fields asked by the form end up typed in the RDF."""
    owner = make_user("pub@example.org")
    org = make_org(owner, "Ospedale Demo", kind="research_hospital")
    ds = make_dataset(owner, org, "form:health", access_rights="restricted")
    add_dist(owner, ds)
    commit()
    as_user(owner)
    token = csrf_token(client, f"/datasets/{ds.id}/edit")
    form = {
        "csrf_token": token,
        "identifier": "form:health",
        "title_it": "Registro",
        "description_it": "Registro.",
        "themes": ["HEAL"],
        "personal_data": "pseudonymised",
        "legal_basis": "consent",
        "access_rights": "restricted",
        "health_categories": ["GENETIC", "BIOBANKS"],
        "legislation": ["AI_ACT"],
        "purposes": ["health_research"],
        "population_coverage": "Adulti 2018-2024",
        "retention_until": "2035-12-31",
        "has_structured_data": "false",
    }
    resp = client.post(f"/datasets/{ds.id}/edit", data=form)
    assert resp.status_code == 302, resp.get_data(as_text=True)[:300]
    g = _graph(client, f"/datasets/{ds.id}.ttl")
    node = next(g.subjects(RDF.type, DCAT.Dataset))
    health = "http://healthdataportal.eu/ns/health#"
    cats = {str(c).rsplit("/", 1)[-1] for c in g.objects(node, URIRef(health + "healthCategory"))}
    assert cats == {"GENETIC", "BIOBANKS"}
    laws = {
        str(o) for o in g.objects(node, URIRef("http://data.europa.eu/r5r/applicableLegislation"))
    }
    assert "http://data.europa.eu/eli/reg/2024/1689/oj" in laws
    assert "http://data.europa.eu/eli/reg/2016/679/oj" in laws  # GDPR: pseudonymised data
    assert str(g.value(node, URIRef(health + "hasStructuredData"))) == "false"
    _assert_clean(g)
