"""Controlled vocabularies of the catalogue (EU authority tables, standards, DUO, purposes).

Labels are English source strings marked for translation with lazy_gettext; the codes are the
values stored in the database and exported in RDF.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

EU = "http://publications.europa.eu/resource/authority/"

# EU data themes (DCAT-AP / DCAT-AP_IT theme vocabulary).
THEMES = {
    "HEAL": _l("Health"),
    "SOCI": _l("Population and society"),
    "TECH": _l("Science and technology"),
    "EDUC": _l("Education, culture and sport"),
    "ENVI": _l("Environment"),
    "GOVE": _l("Government and public sector"),
    "ECON": _l("Economy and finance"),
    "REGI": _l("Regions and cities"),
    "AGRI": _l("Agriculture, fisheries, forestry and food"),
    "JUST": _l("Justice, legal system and public safety"),
    "TRAN": _l("Transport"),
    "ENER": _l("Energy"),
    "INTR": _l("International issues"),
}

# EU frequency vocabulary (dct:accrualPeriodicity).
FREQUENCIES = {
    "CONT": _l("Continuous"),
    "DAILY": _l("Daily"),
    "WEEKLY": _l("Weekly"),
    "MONTHLY": _l("Monthly"),
    "QUARTERLY": _l("Quarterly"),
    "ANNUAL": _l("Annual"),
    "IRREG": _l("Irregular"),
    "NEVER": _l("Never (closed)"),
    "UNKNOWN": _l("Unknown"),
}

# Licences: code -> (label, URI, DCAT-AP_IT licence type).
LICENCES = {
    "CC-BY-4.0": (
        "Creative Commons BY 4.0",
        "https://creativecommons.org/licenses/by/4.0/",
        "https://w3id.org/italia/controlled-vocabulary/licences/A21_CCBY40",
    ),
    "CC0-1.0": (
        "Creative Commons CC0 1.0",
        "https://creativecommons.org/publicdomain/zero/1.0/",
        "https://w3id.org/italia/controlled-vocabulary/licences/A11_CCO10",
    ),
    "CC-BY-SA-4.0": (
        "Creative Commons BY-SA 4.0",
        "https://creativecommons.org/licenses/by-sa/4.0/",
        "https://w3id.org/italia/controlled-vocabulary/licences/A29_CCBYSA40",
    ),
    "CC-BY-NC-4.0": (
        "Creative Commons BY-NC 4.0",
        "https://creativecommons.org/licenses/by-nc/4.0/",
        "https://w3id.org/italia/controlled-vocabulary/licences/A3_CCBYNC40",
    ),
    "IODL-2.0": (
        "Italian Open Data Licence 2.0",
        "https://www.dati.gov.it/iodl/2.0/",
        "https://w3id.org/italia/controlled-vocabulary/licences/A311_IODL20",
    ),
    "DUA": (
        _l("Data use agreement (restricted)"),
        "https://w3id.org/italia/controlled-vocabulary/licences/C1_Unknown",
        "https://w3id.org/italia/controlled-vocabulary/licences/C1_Unknown",
    ),
}

ACCESS_RIGHTS_LABELS = {
    "public": _l("Public access"),
    "restricted": _l("Restricted (on request)"),
    "non_public": _l("Non-public"),
}
ACCESS_RIGHTS_URI = {"public": "PUBLIC", "restricted": "RESTRICTED", "non_public": "NON_PUBLIC"}

PERSONAL_DATA_LABELS = {
    "none": _l("No personal data"),
    "anonymised": _l("Anonymised"),
    "pseudonymised": _l("Pseudonymised"),
    "identifiable": _l("Identifiable"),
}

STANDARD_URIS = {
    "FHIR R4": "http://hl7.org/fhir/R4",
    "OMOP CDM": "https://ohdsi.github.io/CommonDataModel/",
    "DICOM": "https://www.dicomstandard.org/",
    "HL7 CDA": "https://www.hl7.org/implement/standards/product_brief.cfm?product_id=7",
    "CDISC": "https://www.cdisc.org/standards",
}
CODING_URIS = {
    "ICD-10": "https://icd.who.int/browse10",
    "SNOMED CT": "http://snomed.info/sct",
    "LOINC": "http://loinc.org",
    "ATC": "https://www.whocc.no/atc_ddd_index/",
}

# Distribution formats -> EU file-type code.
FORMATS = {
    "CSV": "CSV",
    "JSON": "JSON",
    "XML": "XML",
    "XLSX": "XLSX",
    "PARQUET": "PARQUET",
    "FHIR_JSON": "JSON",
    "DICOM": "BIN",
    "ZIP": "ZIP",
    "PDF": "PDF",
    "RDF_TURTLE": "RDF_TURTLE",
    "SQL": "SQL",
    "API": "REST",
}

LEGAL_BASES = {
    "consent": _l("Consent (GDPR art. 6(1)(a) and 9(2)(a))"),
    "public_interest": _l("Public interest in public health (art. 9(2)(i))"),
    "scientific_research": _l("Scientific research (art. 9(2)(j), art. 110 Privacy Code)"),
    "legal_obligation": _l("Legal obligation (art. 6(1)(c))"),
    "care": _l("Healthcare provision (art. 9(2)(h))"),
    "not_applicable": _l("Not applicable (no personal data)"),
}

PURPOSES = {
    "research": _l("General research"),
    "health_research": _l("Health, medical or biomedical research"),
    "disease_research": _l("Research on a specific disease"),
    "innovation": _l("Commercial innovation / product development"),
    "education": _l("Education and training"),
    "public_health": _l("Public health and policy"),
    "clinical_care": _l("Clinical care"),
    "ancestry": _l("Population origins or ancestry research"),
    "method_development": _l("Methods or algorithm development"),
}

# GA4GH Data Use Ontology terms offered in the catalogue.
DUO = {
    "DUO:0000004": ("NRES", _l("No restriction")),
    "DUO:0000042": ("GRU", _l("General research use")),
    "DUO:0000006": ("HMB", _l("Health, medical or biomedical research")),
    "DUO:0000007": ("DS", _l("Disease-specific research")),
    "DUO:0000011": ("POA", _l("Population origins or ancestry research only")),
    "DUO:0000043": ("CC", _l("Clinical care use")),
    "DUO:0000018": ("NPUNCU", _l("Not-for-profit, non-commercial use only")),
    "DUO:0000046": ("NCU", _l("Non-commercial use only")),
    "DUO:0000045": ("NPU", _l("Not-for-profit organisation use only")),
    "DUO:0000015": ("NMDS", _l("No general methods research")),
    "DUO:0000019": ("PUB", _l("Publication required")),
    "DUO:0000021": ("IRB", _l("Ethics approval required")),
    "DUO:0000020": ("COL", _l("Collaboration required")),
    "DUO:0000028": ("IS", _l("Institution-specific restriction")),
    "DUO:0000025": ("TS", _l("Time limit on use")),
    "DUO:0000029": ("RTN", _l("Return to database or resource")),
}

CERTIFICATION_LEVELS = {
    "bronze": _l("Bronze"),
    "silver": _l("Silver"),
    "gold": _l("Gold"),
}
# Minimum metadata quality score a certification level needs.
CERTIFICATION_MIN_SCORE = {"bronze": 50, "silver": 70, "gold": 90}

REQUEST_STATUS_LABELS = {
    "draft": _l("Draft"),
    "submitted": _l("Submitted"),
    "under_review": _l("Under review"),
    "changes_requested": _l("Changes requested"),
    "approved": _l("Approved"),
    "rejected": _l("Rejected"),
    "expired": _l("Expired"),
    "revoked": _l("Revoked"),
}


def duo_uri(code: str) -> str:
    """OBO PURL of a DUO term ('DUO:0000042' -> http://purl.obolibrary.org/obo/DUO_0000042)."""
    return "http://purl.obolibrary.org/obo/" + code.replace(":", "_")
