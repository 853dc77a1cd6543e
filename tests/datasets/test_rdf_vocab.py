"""Every controlled code the portal offers or exports is a concept of the official SKOS
vocabularies in ../shared/standards/vocabularies (EU authority tables, ADMS, AgID licences)."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from app.datasets import vocab
from tests.builders import add_dist, commit, make_dataset
from tests.datasets import standards

pytestmark = pytest.mark.skipif(
    standards.standards_dir() is None, reason="../shared/standards is not available"
)
ADMS = "http://purl.org/adms/"


def _concepts() -> set[str]:
    g = standards.vocabularies()
    return {str(s) for s in g.subjects(RDF.type, SKOS.Concept)} | {
        str(s) for s in g.subjects(SKOS.inScheme, None)
    }


@pytest.mark.parametrize(
    ("name", "uris"),
    [
        ("themes", [f"{vocab.EU}data-theme/{c}" for c in vocab.THEMES]),
        ("frequencies", [f"{vocab.EU}frequency/{c}" for c in vocab.FREQUENCIES]),
        ("formats", [f"{vocab.EU}file-type/{c}" for c, _m in vocab.FORMATS.values()]),
        ("licence types", [vocab.ADMS_LICENCE_TYPE + t for *_x, t in vocab.LICENCES.values()]),
        ("AgID licences", [a for _l, _u, a, _t in vocab.LICENCES.values() if a]),
        ("publisher types", [f"{ADMS}publishertype/{t}" for t in vocab.PUBLISHER_TYPES.values()]),
    ],
)
def test_offered_codes_are_in_the_vocabularies(name, uris):
    missing = sorted(set(uris) - _concepts())
    assert not missing, f"{name} not in the official vocabularies: {missing}"


def test_exported_authority_codes_are_in_the_vocabularies(client, make_user, make_org):
    owner = make_user("pub@example.org")
    org = make_org(owner, "Ospedale Demo", kind="research_hospital")
    for i, fmt in enumerate(vocab.FORMATS):
        ds = make_dataset(owner, org, f"voc:{i}", frequency=list(vocab.FREQUENCIES)[i % 9])
        add_dist(owner, ds, fmt=fmt)
    commit()
    g = Graph().parse(data=client.get("/catalog.ttl").get_data(as_text=True), format="turtle")
    concepts = _concepts()
    stated = {
        f"{vocab.EU}{scheme}/{code}"
        for scheme, codes in standards.STATED_SCHEMES.items()
        for code in codes
    }
    schemes = set(g.objects(None, SKOS.inScheme)) | set(g.subjects(RDF.type, SKOS.ConceptScheme))
    prefixes = (vocab.EU, ADMS, vocab.AGID_LICENCES)
    used = {
        str(o)
        for o in g.objects()
        if isinstance(o, URIRef) and str(o).startswith(prefixes) and o not in schemes
    }
    assert any("/file-type/" in u for u in used) and any("/licences/" in u for u in used)
    missing = sorted(used - concepts - stated)
    assert not missing, f"exported codes not in the vocabularies: {missing}"
