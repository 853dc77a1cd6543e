"""The funded projects open data set in the DCAT catalogue (first page of /catalog)."""

from __future__ import annotations

from flask import current_app
from rdflib import Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, XSD

from app.datasets import vocab
from app.datasets.rdf_terms import (
    DCATAP,
    DCATAPIT,
    HEALTH,
    VCARD,
    concept,
    date_literal,
    eu_concept,
    hdab_agent,
    health_category,
    legislation,
    media_type,
    period,
    region_agent,
    rights_statement,
)
from app.datasets.views_rdf import CATALOG_EXTRAS
from app.opendata.projects import KINDS, last_change
from app.opendata.projects import period as project_period

TITLES = {
    "calls": ("Bandi", "Funding calls"),
    "projects": ("Progetti finanziati", "Funded projects"),
    "partners": ("Partner dei progetti", "Project partners"),
}
FIRST_RELEASE = "2026-12-01"


def _distribution(g, base: str, kind: str, ext: str, laws) -> URIRef:
    node = URIRef(f"{base}/opendata/{kind}.{ext}#distribution")
    url = URIRef(f"{base}/opendata/{kind}.{ext}")
    it, en = TITLES[kind]
    g.add((node, RDF.type, DCATAPIT.Distribution))
    g.add((node, RDF.type, DCAT.Distribution))
    g.add((node, DCTERMS.title, Literal(f"{it} ({ext.upper()})", lang="it")))
    g.add((node, DCTERMS.title, Literal(f"{en} ({ext.upper()})", lang="en")))
    g.add(
        (
            node,
            DCTERMS.description,
            Literal(
                f"{it}: un record per riga; colonne descritte in {base}/opendata"
                + (
                    "; separatore ';' e virgola decimale (?dialect=intl per ',')"
                    if ext == "csv"
                    else ""
                ),
                lang="it",
            ),
        )
    )
    code, mime = vocab.FORMATS[ext.upper()]
    g.add((node, DCTERMS.format, eu_concept(g, "file-type", code, DCTERMS.MediaTypeOrExtent)))
    g.add((node, DCAT.mediaType, media_type(g, mime)))
    g.add((node, DCAT.accessURL, url))
    g.add((node, DCAT.downloadURL, url))
    label, lic_uri, agid, kind_code = vocab.LICENCES["CC-BY-4.0"]
    lic = URIRef(lic_uri)
    g.add((lic, RDF.type, DCATAPIT.LicenseDocument))
    g.add((lic, RDF.type, DCTERMS.LicenseDocument))
    ltype = concept(
        g, vocab.ADMS_LICENCE_TYPE + kind_code, "http://purl.org/adms/licencetype/1.0", kind_code
    )
    g.add((lic, DCTERMS.type, ltype))
    g.add((lic, FOAF.name, Literal(label)))
    g.add((lic, URIRef("http://www.w3.org/2004/02/skos/core#exactMatch"), URIRef(agid)))
    g.add((node, DCTERMS.license, lic))
    g.add((node, DCTERMS.rights, URIRef(f"{base}/opendata#rights")))
    for law in laws:
        g.add((node, DCATAP.applicableLegislation, law))
    return node


def add_projects_dataset(g, base: str, cat, since=None) -> None:
    """Add the open data set of calls, projects and partners to the catalogue graph."""
    modified = last_change()
    # No call or project yet: nothing to publish. A harvester asking for changes since a date
    # gets the data set only when a call or project changed since then.
    if modified is None or (since and modified < since):
        return
    node = URIRef(f"{base}/opendata#dataset")
    page = URIRef(f"{base}/opendata")
    g.add((cat, DCAT.dataset, node))
    g.add((node, RDF.type, DCATAPIT.Dataset))
    g.add((node, RDF.type, DCAT.Dataset))
    g.add((node, DCTERMS.identifier, Literal("r_lombar:progetti-finanziati")))
    g.add((node, DCTERMS.title, Literal("Progetti di ricerca e innovazione finanziati", lang="it")))
    g.add((node, DCTERMS.title, Literal("Funded research and innovation projects", lang="en")))
    g.add(
        (
            node,
            DCTERMS.description,
            Literal(
                "Bandi, progetti finanziati (con CUP e codice ISTAT dove noti) e partner, come "
                "pubblicati sul portale. Importi per partner e rendicontazioni non sono inclusi.",
                lang="it",
            ),
        )
    )
    g.add(
        (
            node,
            DCTERMS.description,
            Literal(
                "Calls, funded projects (with CUP and ISTAT code where known) and partners, as "
                "published on the portal. Per-partner amounts and reports are not included.",
                lang="en",
            ),
        )
    )
    publisher = region_agent(g, base)
    g.add((node, DCTERMS.publisher, publisher))
    g.add((node, DCTERMS.rightsHolder, publisher))
    for theme in ("GOVE", "ECON", "HEAL"):
        g.add((node, DCAT.theme, eu_concept(g, "data-theme", theme)))
    for kw in ("progetti finanziati", "ricerca", "innovazione", "CUP"):
        g.add((node, DCAT.keyword, Literal(kw, lang="it")))
    g.add((node, DCTERMS.issued, Literal(FIRST_RELEASE, datatype=XSD.date)))
    g.add((node, DCTERMS.modified, date_literal(modified)))
    g.add((node, DCTERMS.accrualPeriodicity, eu_concept(g, "frequency", "CONT", DCTERMS.Frequency)))
    g.add((page, RDF.type, FOAF.Document))
    g.add((node, DCAT.landingPage, page))
    g.add(
        (
            node,
            DCTERMS.accessRights,
            eu_concept(g, "access-right", "PUBLIC", DCTERMS.RightsStatement),
        )
    )
    contact = URIRef(f"{base}/opendata#contact")
    for t in (DCATAPIT.Organization, VCARD.Organization, VCARD.Kind):
        g.add((contact, RDF.type, t))
    g.add((contact, VCARD.fn, Literal("Regione Lombardia – open data")))
    cfg = current_app.config
    email = cfg.get("PORTAL_DATA_CONTACT_EMAIL") or cfg["MAIL_SENDER"]
    g.add((contact, VCARD.hasEmail, URIRef(f"mailto:{email}")))
    g.add((node, DCAT.contactPoint, contact))
    start, end = project_period()
    if start or end:
        temporal = URIRef(f"{base}/opendata#temporal")
        period(g, temporal, start or end.replace(month=1, day=1), end)
        g.add((node, DCTERMS.temporal, temporal))
    place = URIRef(vocab.PLACES["lombardia"])
    g.add((place, RDF.type, DCTERMS.Location))
    g.add((place, RDFS.label, Literal("Lombardia")))
    g.add((node, DCTERMS.spatial, place))
    laws = [legislation(g, "ODD")]
    for law in laws:
        g.add((node, DCATAP.applicableLegislation, law))
    g.add((node, HEALTH.hdab, hdab_agent(g, base)))
    g.add((node, HEALTH.healthCategory, health_category(g, base, "RESOURCES")))
    g.add((node, HEALTH.hasStructuredData, Literal(True, datatype=XSD.boolean)))
    rights_statement(
        g,
        URIRef(f"{base}/opendata#rights"),
        "Riutilizzo consentito alle condizioni della licenza Creative Commons BY 4.0, citando "
        "Regione Lombardia. Importi per partner e rendicontazioni non sono pubblicati.",
        "Reuse permitted under the licence Creative Commons BY 4.0, crediting Regione "
        "Lombardia. Per-partner amounts and reports are not published.",
    )
    for kind in KINDS:
        for ext in ("csv", "json"):
            g.add((node, DCAT.distribution, _distribution(g, base, kind, ext, laws)))


CATALOG_EXTRAS.append(add_projects_dataset)
