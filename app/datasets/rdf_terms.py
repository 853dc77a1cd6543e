"""Namespaces, IRIs and typed controlled-vocabulary nodes shared by the DCAT exports.

Every IRI starts from the configured PORTAL_BASE_URL, never from the request's Host header, so
a dataset keeps the same identity whichever host name a harvester used.
"""

from __future__ import annotations

from flask import current_app
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

from app.core.urls import base_url
from app.datasets import vocab

DCATAPIT = Namespace("http://dati.gov.it/onto/dcatapit#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
HEALTH = Namespace("http://healthdataportal.eu/ns/health#")
DPV = Namespace("https://w3id.org/dpv#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
CV = Namespace("http://data.europa.eu/m8g/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
# The DCAT-AP checksum shape wants the algorithm IRI on https://spdx.org/rdf/terms.
SPDX_ALGORITHMS = "https://spdx.org/rdf/terms#checksumAlgorithm_"
IANA = "https://www.iana.org/assignments/media-types/"

__all__ = ["base_url"]  # re-exported: the exports take every IRI from PORTAL_BASE_URL

PREFIXES = {
    "dcat": DCAT,
    "dct": DCTERMS,
    "foaf": FOAF,
    "dcatapit": DCATAPIT,
    "dcatap": DCATAP,
    "vcard": VCARD,
    "hydra": HYDRA,
    "healthdcatap": HEALTH,
    "dpv": DPV,
    "spdx": SPDX,
    "adms": ADMS,
    "cv": CV,
    "eli": ELI,
    "skos": SKOS,
}


def new_graph() -> Graph:
    """An empty graph with the export's prefixes bound."""
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    return g


def date_literal(value) -> Literal:
    """An xsd:date literal."""
    return Literal(value.isoformat(), datatype=XSD.date)


def concept(g: Graph, uri: str, scheme: str, label: str, *types) -> URIRef:
    """A SKOS concept of `scheme`, typed as its DCAT range class too (checked without the
    authority tables, e.g. by the AgID rules)."""
    node = URIRef(uri)
    g.add((node, RDF.type, SKOS.Concept))
    for t in types:
        g.add((node, RDF.type, t))
    g.add((node, SKOS.inScheme, URIRef(scheme)))
    g.add((node, SKOS.prefLabel, Literal(str(label), lang="en")))
    return node


def eu_concept(g: Graph, table: str, code: str, *types) -> URIRef:
    """A concept of an EU authority table (data-theme, frequency, file-type, access-right...)."""
    return concept(g, f"{vocab.EU}{table}/{code}", f"{vocab.EU}{table}", code, *types)


def legislation(g: Graph, code: str) -> URIRef:
    """An ELI legal resource for dcatap:applicableLegislation."""
    title, path = vocab.LEGISLATION[code]
    node = URIRef(vocab.ELI + path)
    g.add((node, RDF.type, ELI.LegalResource))
    g.add((node, DCTERMS.title, Literal(title, lang="en")))
    return node


def standard(g: Graph, uri: str, identifier: str, title: str) -> URIRef:
    """A dct:Standard with its identifier (AgID rule 197) and title."""
    node = URIRef(uri)
    g.add((node, RDF.type, DCTERMS.Standard))
    g.add((node, DCTERMS.identifier, Literal(identifier)))
    g.add((node, DCTERMS.title, Literal(title)))
    return node


def period(g: Graph, node, start, end) -> None:
    """A dct:PeriodOfTime with both DCAT (dcat:startDate) and DCAT-AP_IT (dcatapit:startDate)."""
    g.add((node, RDF.type, DCTERMS.PeriodOfTime))
    if start:
        g.add((node, DCAT.startDate, date_literal(start)))
        g.add((node, DCATAPIT.startDate, date_literal(start)))
    if end:
        g.add((node, DCAT.endDate, date_literal(end)))
        g.add((node, DCATAPIT.endDate, date_literal(end)))


def contact_point(g: Graph, node: URIRef, name: str, email: str | None, page: str) -> URIRef:
    """A CPV contact point (HealthDCAT-AP agents need exactly one)."""
    g.add((node, RDF.type, CV.ContactPoint))
    if email:
        g.add((node, CV.email, Literal(email)))
    g.add((node, CV.contactPage, URIRef(page)))
    g.add((node, DCTERMS.title, Literal(name)))
    return node


def agent(g: Graph, base: str, org) -> URIRef:
    """An organisation as dcatapit:Agent / foaf:Agent with its ADMS type and contact point."""
    page = f"{base}/orgs/{org.slug}"
    node = URIRef(f"{page}#agent")
    g.add((node, RDF.type, DCATAPIT.Agent))
    g.add((node, RDF.type, FOAF.Agent))
    g.add((node, FOAF.name, Literal(org.name)))
    g.add((node, DCTERMS.identifier, Literal(org.vat_number or org.slug)))
    kind = vocab.PUBLISHER_TYPES.get(org.kind, "NonProfitOrganisation")
    g.add(
        (
            node,
            DCTERMS.type,
            concept(
                g,
                f"http://purl.org/adms/publishertype/{kind}",
                "http://purl.org/adms/publishertype/1.0",
                kind,
            ),
        )
    )
    g.add(
        (
            node,
            CV.contactPoint,
            contact_point(g, URIRef(f"{page}#contact-point"), org.name, None, page),
        )
    )
    return node


def rights_statement(g: Graph, node: URIRef, it: str, en: str) -> URIRef:
    """A dct:RightsStatement (the distributions' dct:rights, an MQA indicator) in both
    languages."""
    g.add((node, RDF.type, DCTERMS.RightsStatement))
    g.add((node, RDFS.label, Literal(it, lang="it")))
    g.add((node, RDFS.label, Literal(en, lang="en")))
    return node


def region_agent(g: Graph, base: str) -> URIRef:
    """Regione Lombardia, publisher of the catalogue."""
    node = URIRef(f"{base}/#publisher")
    g.add((node, RDF.type, DCATAPIT.Agent))
    g.add((node, RDF.type, FOAF.Agent))
    g.add((node, FOAF.name, Literal("Regione Lombardia")))
    g.add((node, DCTERMS.identifier, Literal("r_lombar")))
    g.add(
        (
            node,
            DCTERMS.type,
            concept(
                g,
                "http://purl.org/adms/publishertype/RegionalAuthority",
                "http://purl.org/adms/publishertype/1.0",
                "RegionalAuthority",
            ),
        )
    )
    g.add(
        (
            node,
            CV.contactPoint,
            contact_point(
                g, URIRef(f"{base}/#publisher-contact"), "Regione Lombardia", None, f"{base}/"
            ),
        )
    )
    return node


def hdab_agent(g: Graph, base: str) -> URIRef:
    """The health data access body named in PORTAL_HDAB_NAME (the portal's access committee by
    default: Italy has not designated its EHDS body yet)."""
    cfg = current_app.config
    node = URIRef(f"{base}/#hdab")
    name = cfg.get("PORTAL_HDAB_NAME") or "Regione Lombardia – comitato di accesso ai dati"
    g.add((node, RDF.type, FOAF.Agent))
    g.add((node, FOAF.name, Literal(name)))
    g.add(
        (
            node,
            CV.contactPoint,
            contact_point(
                g,
                URIRef(f"{base}/#hdab-contact"),
                name,
                cfg.get("PORTAL_HDAB_EMAIL"),
                f"{base}/datasets",
            ),
        )
    )
    return node


def health_category(g: Graph, base: str, code: str) -> URIRef:
    """A concept of the portal's EHDS health-category scheme."""
    scheme = URIRef(f"{base}/vocab/health-category")
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    g.add((scheme, DCTERMS.title, Literal("EHDS categories of health data (art. 51)", lang="en")))
    return concept(g, f"{scheme}/{code}", str(scheme), vocab.HEALTH_CATEGORIES[code])


def media_type(g: Graph, mime: str) -> URIRef:
    """An IANA media type IRI typed dct:MediaType."""
    node = URIRef(IANA + mime)
    g.add((node, RDF.type, DCTERMS.MediaType))
    g.add((node, RDF.type, DCTERMS.MediaTypeOrExtent))  # AgID rule 91 checks the superclass
    return node
