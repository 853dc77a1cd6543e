"""DCAT-AP_IT + DCAT-AP 3.0.1 + HealthDCAT-AP R8 export with rdflib (Turtle, RDF/XML, JSON-LD, N3).

Checked by the official validators in the test suite (tests/datasets/standards.py). The
catalogue is paginated (?page=N, PAGE_SIZE datasets a page) with a hydra:PartialCollectionView
and, for incremental harvesting, `modified_since` (datasets changed on or after a date). IRIs come
from PORTAL_BASE_URL: dataset `<base>/datasets/<id>#dataset`, whose landing page is the HTML page
`<base>/datasets/<id>`. Distributions of non-public datasets get the portal's access endpoint as
dcat:accessURL; their real URLs are never exported.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from flask import current_app
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, SKOS, XSD
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from app.core.pagination import Page, paginate
from app.datasets import vocab
from app.datasets.models import Dataset
from app.datasets.rdf_terms import (
    ADMS,
    CV,
    DCATAP,
    DCATAPIT,
    DPV,
    HEALTH,
    HYDRA,
    SPDX,
    SPDX_ALGORITHMS,
    VCARD,
    agent,
    concept,
    date_literal,
    eu_concept,
    hdab_agent,
    health_category,
    legislation,
    media_type,
    new_graph,
    period,
    region_agent,
    rights_statement,
    standard,
)
from app.extensions import db
from app.orgs.models import Organisation

__all__ = ["CV", "DCATAPIT", "HYDRA", "VCARD"]

FORMATS = {
    "ttl": ("turtle", "text/turtle"),
    "rdf": ("xml", "application/rdf+xml"),
    "xml": ("xml", "application/rdf+xml"),
    "jsonld": ("json-ld", "application/ld+json"),
    "n3": ("n3", "text/n3"),
}
# Accept header media types -> format, for content negotiation.
MEDIA_TYPES = {
    "text/turtle": "ttl",
    "application/rdf+xml": "rdf",
    "application/ld+json": "jsonld",
    "text/n3": "n3",
}
PAGE_SIZE = 50
CATALOG_MODIFIED = date(2026, 11, 28)  # the portal's first release, for an empty catalogue
# Standards / coding systems that tell what a dataset holds (fallback health categories).
CATEGORY_FROM_STANDARD = {
    "DICOM": "IMAGING",
    "CDISC": "TRIALS",
    "OMOP CDM": "EHR",
    "FHIR R4": "EHR",
    "HL7 CDA": "EHR",
}
# DPV purposes for the access-request purposes a dataset is offered for.
PURPOSE_URIS = {
    "research": "AcademicResearch",
    "health_research": "ScientificResearch",
    "disease_research": "ScientificResearch",
    "innovation": "CommercialResearch",
    "education": "AcademicResearch",
    "public_health": "PublicBenefit",
    "clinical_care": "ServiceProvision",
    "ancestry": "ScientificResearch",
    "method_development": "ResearchAndDevelopment",
}


def dataset_iri(base: str, ds: Dataset) -> URIRef:
    """The stable IRI of a dataset."""
    return URIRef(f"{base}/datasets/{ds.id}#dataset")


def legislation_codes(ds: Dataset) -> list[str]:
    """EHDS always (electronic health data), GDPR when personal data, ODD when public, + extras."""
    codes = ["EHDS"]
    if ds.personal_data in vocab.PERSONAL_DATA_URIS:
        codes.append("GDPR")
    if ds.access_rights == "public":
        codes.append("ODD")
    codes += [c for c in ds.legislation or [] if c in vocab.LEGISLATION and c not in codes]
    return codes


def health_categories(ds: Dataset) -> list[str]:
    """The dataset's EHDS categories, else those its standards imply."""
    chosen = [c for c in ds.health_categories or [] if c in vocab.HEALTH_CATEGORIES]
    if chosen:
        return chosen
    derived = {
        CATEGORY_FROM_STANDARD[s] for s in ds.conforms_to or [] if s in CATEGORY_FROM_STANDARD
    }
    return sorted(derived)


def structured(ds: Dataset) -> bool:
    """Stated, else true when some distribution is in a structured format."""
    if ds.has_structured_data is not None:
        return ds.has_structured_data
    return any(d.format not in vocab.UNSTRUCTURED_FORMATS for d in ds.distributions)


def _rights_holder(ds: Dataset):
    if ds.rights_holder_org_id and ds.rights_holder_org_id != ds.publisher_org_id:
        return db.session.get(Organisation, ds.rights_holder_org_id) or ds.publisher
    return ds.publisher


def rights_texts(ds: Dataset) -> tuple[str, str]:
    """What a reader may do with the data, in Italian and English (the distributions'
    dct:rights): the licence and its rights holder; for restricted data, access on request
    under a data use agreement; the DUO consent codes that apply."""
    holder = _rights_holder(ds).name
    if ds.access_rights == "public" and ds.licence in vocab.LICENCES and ds.licence != "DUA":
        name = vocab.LICENCES[ds.licence][0]
        it = f"Riutilizzo consentito alle condizioni della licenza {name}, citando {holder}."
        en = f"Reuse permitted under the licence {name}, crediting {holder}."
    else:
        it = (
            f"Accesso solo su richiesta approvata da {holder}, per la finalità dichiarata e "
            "alle condizioni di un accordo d'uso dei dati; la ridistribuzione non è consentita."
        )
        en = (
            f"Access only on a request approved by {holder}, for the stated purpose and under "
            "a data use agreement; redistribution is not permitted."
        )
    if ds.consent_codes:
        codes = ", ".join(
            f"{vocab.DUO[c][0]} ({c})" if c in vocab.DUO else c for c in ds.consent_codes
        )
        it += f" Condizioni d'uso (Data Use Ontology): {codes}."
        en += f" Conditions of use (Data Use Ontology): {codes}."
    return it, en


def _texts(g: Graph, node, prop, it: str, en: str | None) -> None:
    g.add((node, prop, Literal(it, lang="it")))
    if en:
        g.add((node, prop, Literal(en, lang="en")))


def _health(g: Graph, base: str, node, ds: Dataset, laws: list) -> None:
    """HealthDCAT-AP properties: legislation, HDAB, categories, DPV, coding systems, counts."""
    for law in laws:
        g.add((node, DCATAP.applicableLegislation, law))
    g.add((node, HEALTH.hdab, hdab_agent(g, base)))
    for code in health_categories(ds):
        g.add((node, HEALTH.healthCategory, health_category(g, base, code)))
    g.add((node, HEALTH.hasStructuredData, Literal(structured(ds), datatype=XSD.boolean)))
    for uri in vocab.PERSONAL_DATA_URIS.get(ds.personal_data, ()):
        pd = URIRef(uri)
        g.add((pd, RDF.type, DPV.PersonalData))
        g.add((node, DPV.hasPersonalData, pd))
    if ds.legal_basis in vocab.LEGAL_BASIS_URIS:
        lb = URIRef(vocab.LEGAL_BASIS_URIS[ds.legal_basis])
        g.add((lb, RDF.type, DPV.LegalBasis))
        g.add((lb, RDFS.label, Literal(str(vocab.LEGAL_BASES[ds.legal_basis]), lang="en")))
        g.add((node, DPV.hasLegalBasis, lb))
    for code in ds.purposes or []:
        if code in PURPOSE_URIS:
            purpose = DPV[PURPOSE_URIS[code]]
            g.add((purpose, RDF.type, DPV.Purpose))
            g.add((node, DPV.hasPurpose, purpose))
    for cs in ds.coding_systems or []:
        uri = vocab.CODING_URIS.get(cs)
        if uri:
            g.add((node, HEALTH.hasCodingSystem, standard(g, uri, vocab.CODING_IDS[cs], cs)))
    for prop, value in (
        (HEALTH.numberOfRecords, ds.number_of_records),
        (HEALTH.numberOfUniqueIndividuals, ds.number_of_individuals),
    ):
        if value is not None:
            g.add((node, prop, Literal(value, datatype=XSD.nonNegativeInteger)))
    if ds.population_coverage:
        g.add((node, HEALTH.populationCoverage, Literal(ds.population_coverage, lang="it")))
    if ds.retention_until:
        retention = URIRef(f"{base}/datasets/{ds.id}#retention")
        period(g, retention, ds.issued or ds.modified or ds.created_at.date(), ds.retention_until)
        g.add((node, HEALTH.retentionPeriod, retention))


def add_dataset(g: Graph, base: str, ds: Dataset) -> URIRef:
    """Add one dataset, its agents, contact point and distributions to the graph."""
    node = dataset_iri(base, ds)
    page = URIRef(f"{base}/datasets/{ds.id}")
    g.add((node, RDF.type, DCATAPIT.Dataset))
    g.add((node, RDF.type, DCAT.Dataset))
    g.add((node, DCTERMS.identifier, Literal(ds.identifier)))
    _texts(g, node, DCTERMS.title, ds.title_it, ds.title_en)
    _texts(g, node, DCTERMS.description, ds.description_it or ds.title_it, ds.description_en)
    g.add((node, DCTERMS.publisher, agent(g, base, ds.publisher)))
    g.add((node, DCTERMS.rightsHolder, agent(g, base, _rights_holder(ds))))
    for theme in ds.themes or ["HEAL"]:
        g.add((node, DCAT.theme, eu_concept(g, "data-theme", theme)))
    for kw in ds.keywords or []:
        g.add((node, DCAT.keyword, Literal(kw, lang="it")))
    if ds.issued:
        g.add((node, DCTERMS.issued, date_literal(ds.issued)))
    g.add((node, DCTERMS.modified, date_literal(ds.modified or ds.updated_at.date())))
    freq = eu_concept(g, "frequency", ds.frequency or "UNKNOWN", DCTERMS.Frequency)
    g.add((node, DCTERMS.accrualPeriodicity, freq))
    g.add((page, RDF.type, FOAF.Document))
    g.add((node, DCAT.landingPage, page))
    rights = vocab.ACCESS_RIGHTS_URI[ds.access_rights]
    g.add(
        (node, DCTERMS.accessRights, eu_concept(g, "access-right", rights, DCTERMS.RightsStatement))
    )
    contact = URIRef(f"{base}/datasets/{ds.id}#contact")
    for t in (DCATAPIT.Organization, VCARD.Organization, VCARD.Kind):
        g.add((contact, RDF.type, t))
    g.add((contact, VCARD.fn, Literal(ds.contact_name or ds.publisher.name)))
    # DCAT-AP_IT requires an e-mail (AgID rule 209): without the dataset's own, the portal's
    # data office answers (PORTAL_DATA_CONTACT_EMAIL, else the portal's sender address).
    cfg = current_app.config
    email = ds.contact_email or cfg.get("PORTAL_DATA_CONTACT_EMAIL") or cfg["MAIL_SENDER"]
    g.add((contact, VCARD.hasEmail, URIRef(f"mailto:{email}")))
    g.add((node, DCAT.contactPoint, contact))
    if ds.temporal_start or ds.temporal_end:
        temporal = URIRef(f"{base}/datasets/{ds.id}#temporal")
        # dcatapit:startDate is mandatory (AgID rule 196): an open-started period starts at
        # its end date's year start rather than being left without one.
        start = ds.temporal_start or ds.temporal_end.replace(month=1, day=1)
        period(g, temporal, start, ds.temporal_end)
        g.add((node, DCTERMS.temporal, temporal))
    place = vocab.PLACES.get((ds.spatial or "").strip().lower())
    if place:
        loc = URIRef(place)
        g.add((loc, RDF.type, DCTERMS.Location))
        g.add((loc, RDFS.label, Literal(ds.spatial)))
        g.add((node, DCTERMS.spatial, loc))
    for std in ds.conforms_to or []:
        uri = vocab.STANDARD_URIS.get(std)
        if uri:
            g.add((node, DCTERMS.conformsTo, standard(g, uri, vocab.STANDARD_IDS[std], std)))
    laws = [legislation(g, code) for code in legislation_codes(ds)]
    _health(g, base, node, ds, laws)
    for code in ds.consent_codes or []:
        rights_stmt = URIRef(vocab.duo_uri(code))
        g.add((rights_stmt, RDF.type, DCTERMS.RightsStatement))
        g.add((rights_stmt, RDFS.label, Literal(f"{code} {vocab.DUO[code][0]}")))
        g.add((node, DCTERMS.rights, rights_stmt))
    if ds.certification:
        g.add((node, ADMS.status, Literal(f"certified-{ds.certification}")))
    rights = rights_statement(g, URIRef(f"{base}/datasets/{ds.id}#rights"), *rights_texts(ds))
    for dist in ds.distributions:
        g.add((node, DCAT.distribution, _distribution(g, base, ds, dist, laws, rights)))
    return node


def _distribution(g: Graph, base: str, ds: Dataset, dist, laws: list, rights) -> URIRef:
    node = URIRef(f"{base}/datasets/{ds.id}/distributions/{dist.id}")
    g.add((node, RDF.type, DCATAPIT.Distribution))
    g.add((node, RDF.type, DCAT.Distribution))
    title = dist.title or f"{ds.title_it} ({dist.format})"
    g.add((node, DCTERMS.title, Literal(title, lang="it")))
    g.add((node, DCTERMS.description, Literal(f"{title} — {ds.title_it}", lang="it")))
    code, mime = vocab.FORMATS[dist.format]
    g.add((node, DCTERMS.format, eu_concept(g, "file-type", code, DCTERMS.MediaTypeOrExtent)))
    if dist.media_type or mime:
        g.add((node, DCAT.mediaType, media_type(g, dist.media_type or mime)))
    portal = URIRef(f"{base}/datasets/{ds.id}/distributions/{dist.id}/access")
    if ds.access_rights == "public" and not dist.stored_name:
        g.add((node, DCAT.accessURL, URIRef(dist.access_url or dist.download_url)))
        if dist.download_url:
            g.add((node, DCAT.downloadURL, URIRef(dist.download_url)))
    else:
        g.add((node, DCAT.accessURL, portal))
        if ds.access_rights == "public":
            g.add((node, DCAT.downloadURL, portal))
    label, uri, agid, kind = vocab.LICENCES.get(ds.licence or "DUA")
    lic = URIRef(uri or f"{base}/licences/data-use-agreement")
    g.add((lic, RDF.type, DCATAPIT.LicenseDocument))
    g.add((lic, RDF.type, DCTERMS.LicenseDocument))
    ltype = concept(g, vocab.ADMS_LICENCE_TYPE + kind, "http://purl.org/adms/licencetype/1.0", kind)
    g.add((lic, DCTERMS.type, ltype))
    g.add((lic, FOAF.name, Literal(str(label))))
    if agid:
        g.add((lic, SKOS.exactMatch, URIRef(agid)))
    g.add((node, DCTERMS.license, lic))
    g.add((node, DCTERMS.rights, rights))
    for law in laws:
        g.add((node, DCATAP.applicableLegislation, law))
    if dist.byte_size is not None:
        g.add((node, DCAT.byteSize, Literal(dist.byte_size, datatype=XSD.nonNegativeInteger)))
    if dist.checksum:
        algo, value = dist.checksum.split(":", 1)
        ck = BNode()
        alg = URIRef(SPDX_ALGORITHMS + algo)
        g.add((alg, RDF.type, SPDX.ChecksumAlgorithm))
        g.add((ck, RDF.type, SPDX.Checksum))
        g.add((ck, SPDX.algorithm, alg))
        g.add((ck, SPDX.checksumValue, Literal(value, datatype=XSD.hexBinary)))
        g.add((node, SPDX.checksum, ck))
    return node


def _catalog_node(g: Graph, base: str, modified: date) -> URIRef:
    cat = URIRef(f"{base}/catalog")
    g.add((cat, RDF.type, DCATAPIT.Catalog))
    g.add((cat, RDF.type, DCAT.Catalog))
    _texts(
        g,
        cat,
        DCTERMS.title,
        "Catalogo dei dati sanitari della Lombardia",
        "Lombardy health data catalogue",
    )
    _texts(
        g,
        cat,
        DCTERMS.description,
        "Dataset sanitari di università, IRCCS e imprese della Lombardia, e i progetti "
        "finanziati dalla Regione.",
        "Health datasets of Lombardy's universities, research hospitals and companies, and the "
        "projects funded by the Region.",
    )
    home = URIRef(f"{base}/datasets")
    g.add((home, RDF.type, FOAF.Document))
    g.add((cat, FOAF.homepage, home))
    lang = eu_concept(g, "language", "ITA", DCTERMS.LinguisticSystem)
    g.add((cat, DCTERMS.language, lang))
    scheme = URIRef(f"{vocab.EU}data-theme")
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    g.add((scheme, DCTERMS.title, Literal("Data theme", lang="en")))
    g.add((cat, DCAT.themeTaxonomy, scheme))
    g.add((cat, DCTERMS.publisher, region_agent(g, base)))
    g.add((cat, DCTERMS.issued, date_literal(CATALOG_MODIFIED)))
    g.add((cat, DCTERMS.modified, date_literal(modified)))
    for code in ("EHDS", "ODD"):
        g.add((cat, DCATAP.applicableLegislation, legislation(g, code)))
    return cat


def _select(modified_since: date | None):
    # Publisher and distributions with the page (they were loaded once per dataset).
    query = (
        select(Dataset)
        .order_by(Dataset.id)
        .options(selectinload(Dataset.publisher), selectinload(Dataset.distributions))
    )
    if modified_since:
        # The date is a UTC day: compared with a bare date, PostgreSQL would read a timestamptz
        # column against midnight in the session's time zone (the server's, e.g. UTC+14).
        since = datetime.combine(modified_since, time.min, tzinfo=UTC)
        query = query.where(or_(Dataset.modified >= modified_since, Dataset.updated_at >= since))
    return query


def catalog_graph(
    base: str,
    page: int = 1,
    per_page: int = PAGE_SIZE,
    fmt: str = "ttl",
    modified_since: date | None = None,
    extra=None,
) -> tuple[Graph, Page]:
    """The catalogue node and one page of its datasets, with hydra paging links.

    `extra(g, base, cat)` adds datasets that do not live in the datasets table (the funded
    projects open data) on the first page.
    """
    g = new_graph()
    result = paginate(_select(modified_since), page, per_page)
    nodes, latest = [], None
    for ds in result.items:
        nodes.append(add_dataset(g, base, ds))
        stamp = ds.modified or ds.updated_at.date()
        latest = max(latest, stamp) if latest else stamp
    cat = _catalog_node(g, base, latest or CATALOG_MODIFIED)
    for node in nodes:
        g.add((cat, DCAT.dataset, node))
    if extra is not None and result.page == 1:
        extra(g, base, cat)
    query = f"&modified_since={modified_since.isoformat()}" if modified_since else ""
    view = URIRef(f"{base}/catalog.{fmt}?page={result.page}{query}")
    g.add((view, RDF.type, HYDRA.PartialCollectionView))
    g.add((view, HYDRA.first, URIRef(f"{base}/catalog.{fmt}?page=1{query}")))
    g.add((view, HYDRA.last, URIRef(f"{base}/catalog.{fmt}?page={result.pages}{query}")))
    g.add((view, HYDRA.totalItems, Literal(result.total, datatype=XSD.nonNegativeInteger)))
    if result.has_next:
        g.add((view, HYDRA.next, URIRef(f"{base}/catalog.{fmt}?page={result.page + 1}{query}")))
    if result.has_prev:
        g.add((view, HYDRA.previous, URIRef(f"{base}/catalog.{fmt}?page={result.page - 1}{query}")))
    g.add((cat, HYDRA.view, view))
    return g, result


def dataset_graph(base: str, ds: Dataset) -> Graph:
    """One dataset as its own graph, inside the catalogue node (DCAT-AP_IT wants a catalogue)."""
    g = new_graph()
    node = add_dataset(g, base, ds)
    cat = _catalog_node(g, base, ds.modified or ds.updated_at.date())
    g.add((cat, DCAT.dataset, node))
    return g


def serialize(g: Graph, fmt: str) -> tuple[str, str]:
    """Serialise to 'ttl', 'rdf'/'xml', 'jsonld' or 'n3'; returns (body, mimetype)."""
    name, mime = FORMATS[fmt]
    return g.serialize(format=name), mime
