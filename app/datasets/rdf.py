"""DCAT-AP_IT (+ HealthDCAT-AP) export with rdflib: Turtle, RDF/XML, JSON-LD.

The catalogue is paginated (?page=N, PAGE_SIZE datasets a page): each page carries a
hydra:PartialCollectionView with hydra:first / hydra:next / hydra:last and the HTTP answer adds
a `Link: <...>; rel="next"` header. Distributions of non-public datasets get the portal's
access endpoint as dcat:accessURL; their real URLs are never exported.
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, XSD
from sqlalchemy import select

from app.core.pagination import Page, paginate
from app.datasets import vocab
from app.datasets.models import Dataset

DCATAPIT = Namespace("http://dati.gov.it/onto/dcatapit#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
HEALTH = Namespace("http://healthdataportal.eu/ns/health#")
DPV = Namespace("https://w3id.org/dpv#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
FORMATS = {
    "ttl": ("turtle", "text/turtle"),
    "rdf": ("xml", "application/rdf+xml"),
    "jsonld": ("json-ld", "application/ld+json"),
}
PAGE_SIZE = 50
CATALOG_MODIFIED = "1970-01-01"


def _graph() -> Graph:
    g = Graph()
    for prefix, ns in (
        ("dcat", DCAT),
        ("dct", DCTERMS),
        ("foaf", FOAF),
        ("dcatapit", DCATAPIT),
        ("vcard", VCARD),
        ("hydra", HYDRA),
        ("healthdcatap", HEALTH),
        ("dpv", DPV),
        ("spdx", SPDX),
        ("adms", ADMS),
    ):
        g.bind(prefix, ns)
    return g


def _agent(g: Graph, base: str, org) -> URIRef:
    node = URIRef(f"{base}/orgs/{org.slug}")
    g.add((node, RDF.type, DCATAPIT.Agent))
    g.add((node, RDF.type, FOAF.Agent))
    g.add((node, FOAF.name, Literal(org.name)))
    g.add((node, DCTERMS.identifier, Literal(org.vat_number or org.slug)))
    return node


def _date(value) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


def add_dataset(g: Graph, base: str, ds: Dataset) -> URIRef:
    """Add one dataset, its agents, contact point and distributions to the graph."""
    node = URIRef(f"{base}/datasets/{ds.id}")
    g.add((node, RDF.type, DCATAPIT.Dataset))
    g.add((node, RDF.type, DCAT.Dataset))
    g.add((node, DCTERMS.identifier, Literal(ds.identifier)))
    g.add((node, DCTERMS.title, Literal(ds.title_it, lang="it")))
    if ds.title_en:
        g.add((node, DCTERMS.title, Literal(ds.title_en, lang="en")))
    g.add((node, DCTERMS.description, Literal(ds.description_it or ds.title_it, lang="it")))
    if ds.description_en:
        g.add((node, DCTERMS.description, Literal(ds.description_en, lang="en")))
    publisher = _agent(g, base, ds.publisher)
    g.add((node, DCTERMS.publisher, publisher))
    holder = ds.publisher
    if ds.rights_holder_org_id and ds.rights_holder_org_id != ds.publisher_org_id:
        from app.extensions import db
        from app.orgs.models import Organisation

        holder = db.session.get(Organisation, ds.rights_holder_org_id) or ds.publisher
    g.add((node, DCTERMS.rightsHolder, _agent(g, base, holder)))
    for theme in ds.themes or ["HEAL"]:
        g.add((node, DCAT.theme, URIRef(f"{vocab.EU}data-theme/{theme}")))
    for kw in ds.keywords or []:
        g.add((node, DCAT.keyword, Literal(kw, lang="it")))
    if ds.issued:
        g.add((node, DCTERMS.issued, _date(ds.issued)))
    modified = ds.modified or ds.updated_at.date()
    g.add((node, DCTERMS.modified, _date(modified)))
    g.add(
        (
            node,
            DCTERMS.accrualPeriodicity,
            URIRef(f"{vocab.EU}frequency/{ds.frequency or 'UNKNOWN'}"),
        )
    )
    g.add((node, DCAT.landingPage, URIRef(f"{base}/datasets/{ds.id}")))
    g.add(
        (
            node,
            DCTERMS.accessRights,
            URIRef(f"{vocab.EU}access-right/{vocab.ACCESS_RIGHTS_URI[ds.access_rights]}"),
        )
    )
    contact = URIRef(f"{base}/datasets/{ds.id}#contact")
    g.add((contact, RDF.type, DCATAPIT.Organization))
    g.add((contact, RDF.type, VCARD.Organization))
    g.add((contact, VCARD.fn, Literal(ds.contact_name or ds.publisher.name)))
    if ds.contact_email:
        g.add((contact, VCARD.hasEmail, URIRef(f"mailto:{ds.contact_email}")))
    g.add((node, DCAT.contactPoint, contact))
    if ds.temporal_start or ds.temporal_end:
        period = BNode()
        g.add((period, RDF.type, DCTERMS.PeriodOfTime))
        if ds.temporal_start:
            g.add((period, DCAT.startDate, _date(ds.temporal_start)))
        if ds.temporal_end:
            g.add((period, DCAT.endDate, _date(ds.temporal_end)))
        g.add((node, DCTERMS.temporal, period))
    if ds.spatial:
        place = BNode()
        g.add((place, RDF.type, DCTERMS.Location))
        g.add((place, RDFS.label, Literal(ds.spatial)))
        g.add((node, DCTERMS.spatial, place))
    for std in ds.conforms_to or []:
        s = URIRef(vocab.STANDARD_URIS.get(std, f"{base}/standards/{std}"))
        g.add((s, RDF.type, DCTERMS.Standard))
        g.add((s, DCTERMS.title, Literal(std)))
        g.add((node, DCTERMS.conformsTo, s))
    for cs in ds.coding_systems or []:
        g.add((node, HEALTH.hasCodingSystem, URIRef(vocab.CODING_URIS.get(cs, cs))))
    if ds.number_of_records is not None:
        g.add(
            (
                node,
                HEALTH.numberOfRecords,
                Literal(ds.number_of_records, datatype=XSD.nonNegativeInteger),
            )
        )
    if ds.number_of_individuals is not None:
        g.add(
            (
                node,
                HEALTH.numberOfUniqueIndividuals,
                Literal(ds.number_of_individuals, datatype=XSD.nonNegativeInteger),
            )
        )
    g.add((node, DPV.hasPersonalData, Literal(ds.personal_data)))
    if ds.legal_basis:
        g.add((node, DPV.hasLegalBasis, Literal(ds.legal_basis)))
    for code in ds.consent_codes or []:
        rights = URIRef(vocab.duo_uri(code))
        g.add((rights, RDF.type, DCTERMS.RightsStatement))
        g.add((rights, RDFS.label, Literal(f"{code} {vocab.DUO[code][0]}")))
        g.add((node, DCTERMS.rights, rights))
    if ds.certification:
        g.add((node, ADMS.status, Literal(f"certified-{ds.certification}")))
    for dist in ds.distributions:
        g.add((node, DCAT.distribution, _distribution(g, base, ds, dist)))
    return node


def _distribution(g: Graph, base: str, ds: Dataset, dist) -> URIRef:
    node = URIRef(f"{base}/datasets/{ds.id}/distributions/{dist.id}")
    g.add((node, RDF.type, DCATAPIT.Distribution))
    g.add((node, RDF.type, DCAT.Distribution))
    g.add((node, DCTERMS.title, Literal(dist.title or f"{ds.title_it} ({dist.format})", lang="it")))
    g.add((node, DCTERMS.format, URIRef(f"{vocab.EU}file-type/{vocab.FORMATS[dist.format]}")))
    if ds.access_rights == "public" and dist.stored_name:
        portal = URIRef(f"{base}/datasets/{ds.id}/distributions/{dist.id}/access")
        g.add((node, DCAT.accessURL, portal))
        g.add((node, DCAT.downloadURL, portal))
    elif ds.access_rights == "public":
        g.add((node, DCAT.accessURL, URIRef(dist.access_url or dist.download_url)))
        if dist.download_url:
            g.add((node, DCAT.downloadURL, URIRef(dist.download_url)))
    else:
        g.add(
            (
                node,
                DCAT.accessURL,
                URIRef(f"{base}/datasets/{ds.id}/distributions/{dist.id}/access"),
            )
        )
    licence = vocab.LICENCES.get(ds.licence or "DUA")
    lic = URIRef(licence[1])
    g.add((lic, RDF.type, DCATAPIT.LicenseDocument))
    g.add((lic, DCTERMS.type, URIRef(licence[2])))
    g.add((lic, FOAF.name, Literal(str(licence[0]))))
    g.add((node, DCTERMS.license, lic))
    if dist.byte_size is not None:
        g.add((node, DCAT.byteSize, Literal(dist.byte_size, datatype=XSD.decimal)))
    if dist.media_type:
        g.add((node, DCAT.mediaType, Literal(dist.media_type)))
    if dist.checksum:
        algo, value = dist.checksum.split(":", 1)
        ck = BNode()
        g.add((ck, RDF.type, SPDX.Checksum))
        g.add((ck, SPDX.algorithm, SPDX[f"checksumAlgorithm_{algo}"]))
        g.add((ck, SPDX.checksumValue, Literal(value, datatype=XSD.hexBinary)))
        g.add((node, SPDX.checksum, ck))
    return node


def catalog_graph(
    base: str, page: int = 1, per_page: int = PAGE_SIZE, fmt: str = "ttl"
) -> tuple[Graph, Page]:
    """The catalogue node and one page of its datasets, with hydra paging links."""
    g = _graph()
    result = paginate(select(Dataset).order_by(Dataset.id), page, per_page)
    cat = URIRef(f"{base}/catalog")
    g.add((cat, RDF.type, DCATAPIT.Catalog))
    g.add((cat, RDF.type, DCAT.Catalog))
    g.add((cat, DCTERMS.title, Literal("Catalogo dei dati sanitari della Lombardia", lang="it")))
    g.add((cat, DCTERMS.title, Literal("Lombardy health data catalogue", lang="en")))
    g.add(
        (
            cat,
            DCTERMS.description,
            Literal("Dataset sanitari di università, IRCCS e imprese della Lombardia.", lang="it"),
        )
    )
    g.add(
        (
            cat,
            DCTERMS.description,
            Literal(
                "Health datasets of Lombardy's universities, research hospitals and companies.",
                lang="en",
            ),
        )
    )
    g.add((cat, FOAF.homepage, URIRef(f"{base}/datasets")))
    g.add((cat, DCTERMS.language, URIRef(f"{vocab.EU}language/ITA")))
    region = URIRef(f"{base}/#publisher")
    g.add((region, RDF.type, DCATAPIT.Agent))
    g.add((region, RDF.type, FOAF.Agent))
    g.add((region, FOAF.name, Literal("Regione Lombardia")))
    g.add((region, DCTERMS.identifier, Literal("r_lombar")))
    g.add((cat, DCTERMS.publisher, region))
    latest = None
    for ds in result.items:
        g.add((cat, DCAT.dataset, add_dataset(g, base, ds)))
        stamp = ds.modified or ds.updated_at.date()
        latest = max(latest, stamp) if latest else stamp
    g.add(
        (
            cat,
            DCTERMS.modified,
            Literal(latest.isoformat() if latest else CATALOG_MODIFIED, datatype=XSD.date),
        )
    )
    view = URIRef(f"{base}/catalog.{fmt}?page={result.page}")
    g.add((view, RDF.type, HYDRA.PartialCollectionView))
    g.add((view, HYDRA.first, URIRef(f"{base}/catalog.{fmt}?page=1")))
    g.add((view, HYDRA.last, URIRef(f"{base}/catalog.{fmt}?page={result.pages}")))
    g.add((view, HYDRA.totalItems, Literal(result.total, datatype=XSD.nonNegativeInteger)))
    if result.has_next:
        g.add((view, HYDRA.next, URIRef(f"{base}/catalog.{fmt}?page={result.page + 1}")))
    if result.has_prev:
        g.add((view, HYDRA.previous, URIRef(f"{base}/catalog.{fmt}?page={result.page - 1}")))
    g.add((cat, HYDRA.view, view))
    return g, result


def dataset_graph(base: str, ds: Dataset) -> Graph:
    """One dataset as its own graph."""
    g = _graph()
    add_dataset(g, base, ds)
    return g


def serialize(g: Graph, fmt: str) -> tuple[str, str]:
    """Serialise to 'ttl', 'rdf' or 'jsonld'; returns (body, mimetype)."""
    name, mime = FORMATS[fmt]
    return g.serialize(format=name), mime
