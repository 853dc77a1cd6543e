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

# Licences: code -> (label, licence document URL or None for the portal's own, AgID licence
# concept or None, ADMS licence type). The licence document is the licence's own URL, typed with
# the ADMS licence type as DCAT-AP requires, and matched (skos:exactMatch) to the concept of the
# AgID vocabulary (../shared/standards/vocabularies/licences-it.ttl): the AgID concepts carry
# AgID's own dct:type, which DCAT-AP's licence-type shape rejects, so they cannot be the
# dct:license value themselves.
AGID_LICENCES = "https://w3id.org/italia/controlled-vocabulary/licences/"
ADMS_LICENCE_TYPE = "http://purl.org/adms/licencetype/"
LICENCES = {
    "CC-BY-4.0": (
        "Creative Commons BY 4.0",
        "https://creativecommons.org/licenses/by/4.0/",
        AGID_LICENCES + "A21_CCBY40",
        "Attribution",
    ),
    "CC0-1.0": (
        "Creative Commons CC0 1.0",
        "https://creativecommons.org/publicdomain/zero/1.0/",
        AGID_LICENCES + "A11_CCO10",
        "PublicDomain",
    ),
    "CC-BY-SA-4.0": (
        "Creative Commons BY-SA 4.0",
        "https://creativecommons.org/licenses/by-sa/4.0/",
        AGID_LICENCES + "A31_CCBYSA40",
        "ViralEffect-ShareAlike",
    ),
    "CC-BY-NC-4.0": (
        "Creative Commons BY-NC 4.0",
        "https://creativecommons.org/licenses/by-nc/4.0/",
        AGID_LICENCES + "B11_CCBYNC40",
        "NonCommercialUseOnly",
    ),
    "IODL-2.0": (
        "Italian Open Data Licence 2.0",
        "https://www.dati.gov.it/iodl/2.0/",
        AGID_LICENCES + "A29_IODL20",
        "Attribution",
    ),
    # The data use agreement signed on access: the portal's own licence document.
    "DUA": (_l("Data use agreement (restricted)"), None, None, "OtherRestrictiveClauses"),
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

# Standards: code -> (URI, identifier written as dct:identifier, as AgID rule 197 asks).
STANDARD_IDS = {
    "FHIR R4": "HL7 FHIR R4 (4.0.1)",
    "OMOP CDM": "OHDSI OMOP CDM v5.4",
    "DICOM": "NEMA PS3 / ISO 12052 (DICOM)",
    "HL7 CDA": "HL7 CDA R2",
    "CDISC": "CDISC SDTM",
}
STANDARD_URIS = {
    "FHIR R4": "http://hl7.org/fhir/R4",
    "OMOP CDM": "https://ohdsi.github.io/CommonDataModel/",
    "DICOM": "https://www.dicomstandard.org/",
    "HL7 CDA": "https://www.hl7.org/implement/standards/product_brief.cfm?product_id=7",
    "CDISC": "https://www.cdisc.org/standards",
}
CODING_IDS = {
    "ICD-10": "ICD-10",
    "SNOMED CT": "SNOMED CT",
    "LOINC": "LOINC",
    "ATC": "WHO ATC/DDD",
}
CODING_URIS = {
    "ICD-10": "https://icd.who.int/browse10",
    "SNOMED CT": "http://snomed.info/sct",
    "LOINC": "http://loinc.org",
    "ATC": "https://www.whocc.no/atc_ddd_index/",
}

# Distribution formats -> (EU file-type code, IANA media type or None). The EU table has no
# Parquet, DICOM or generic "API" entry (its REST code means the Esri REST service): those are
# exported with the nearest generic file type plus their IANA media type.
FORMATS = {
    "CSV": ("CSV", "text/csv"),
    "JSON": ("JSON", "application/json"),
    "XML": ("XML", "application/xml"),
    "XLSX": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "PARQUET": ("OCTET", "application/vnd.apache.parquet"),
    "FHIR_JSON": ("JSON", "application/fhir+json"),
    "DICOM": ("BIN", "application/dicom"),
    "ZIP": ("ZIP", "application/zip"),
    "PDF": ("PDF", "application/pdf"),
    "RDF_TURTLE": ("RDF_TURTLE", "text/turtle"),
    "SQL": ("SQL", "application/sql"),
    "API": ("JSON", "application/json"),
}
# How a format is written for people (the stored code otherwise: CSV, JSON, XML...).
FORMAT_LABELS = {
    "PARQUET": "Parquet",
    "FHIR_JSON": "FHIR JSON",
    "RDF_TURTLE": "RDF Turtle",
    "API": "API",
}


def format_label(code: str) -> str:
    """The format as shown on pages and in the form ('FHIR_JSON' -> 'FHIR JSON')."""
    return FORMAT_LABELS.get(code, code)


# Formats whose content is structured data (healthdcatap:hasStructuredData).
UNSTRUCTURED_FORMATS = ("DICOM", "PDF", "ZIP")

LEGAL_BASES = {
    "consent": _l("Consent (GDPR art. 6(1)(a) and 9(2)(a))"),
    "public_interest": _l("Public interest in public health (art. 9(2)(i))"),
    "scientific_research": _l("Scientific research (art. 9(2)(j), art. 110 Privacy Code)"),
    "legal_obligation": _l("Legal obligation (art. 6(1)(c))"),
    "care": _l("Healthcare provision (art. 9(2)(h))"),
    "not_applicable": _l("Not applicable (no personal data)"),
}

# Legal bases as DPV-GDPR concepts (dpv:LegalBasis).
GDPR = "https://w3id.org/dpv/legal/eu/gdpr#"
LEGAL_BASIS_URIS = {
    "consent": GDPR + "A9-2-a",
    "public_interest": GDPR + "A9-2-i",
    "scientific_research": GDPR + "A9-2-j",
    "legal_obligation": GDPR + "A6-1-c",
    "care": GDPR + "A9-2-h",
}

# DPV personal-data concepts per personal-data level (anonymised and none carry none).
DPV_NS = "https://w3id.org/dpv#"
PERSONAL_DATA_URIS = {
    "pseudonymised": (DPV_NS + "PseudonymisedData", "https://w3id.org/dpv/pd#Health"),
    "identifiable": (DPV_NS + "IdentifyingPersonalData", "https://w3id.org/dpv/pd#Health"),
}

# Applicable legislation as ELI URIs (dcatap:applicableLegislation).
LEGISLATION = {
    "EHDS": ("European Health Data Space, Regulation (EU) 2025/327", "reg/2025/327/oj"),
    "GDPR": ("General Data Protection Regulation (EU) 2016/679", "reg/2016/679/oj"),
    "AI_ACT": ("Artificial Intelligence Act, Regulation (EU) 2024/1689", "reg/2024/1689/oj"),
    "DGA": ("Data Governance Act, Regulation (EU) 2022/868", "reg/2022/868/oj"),
    "ODD": ("Open Data Directive (EU) 2019/1024", "dir/2019/1024/oj"),
}
ELI = "http://data.europa.eu/eli/"

# Categories of electronic health data for secondary use (EHDS art. 51), the values of
# healthdcatap:healthCategory. Published by the portal as its own SKOS scheme.
HEALTH_CATEGORIES = {
    "EHR": _l("Electronic health records"),
    "DETERMINANTS": _l("Health determinants (socio-economic, environmental, behavioural)"),
    "RESOURCES": _l("Healthcare needs, resources, expenditure and financing"),
    "PATHOGENS": _l("Pathogen data"),
    "CLAIMS": _l("Administrative and claims data"),
    "GENETIC": _l("Human genetic, genomic and other omics data"),
    "DEVICES": _l("Data from medical devices, wellness apps and wearables"),
    "REGISTRIES": _l("Population-based and disease registries"),
    "TRIALS": _l("Clinical trials and clinical investigations"),
    "IMAGING": _l("Medical imaging"),
    "RESEARCH_COHORTS": _l("Research cohorts, questionnaires and surveys"),
    "BIOBANKS": _l("Biobanks and associated data"),
}

# Organisation kind -> ADMS publisher type (dct:type of a publisher).
PUBLISHER_TYPES = {
    "university": "Academia-ScientificOrganisation",
    "research_hospital": "Academia-ScientificOrganisation",
    "research_institute": "Academia-ScientificOrganisation",
    "company": "Company",
    "startup": "Company",
    "public_body": "RegionalAuthority",
    "other": "NonProfitOrganisation",
}

# Places (spatial coverage, lower-case name) -> GeoNames URI.
PLACES = {
    "lombardia": "https://sws.geonames.org/3174618/",
    "lombardy": "https://sws.geonames.org/3174618/",
    "italia": "https://sws.geonames.org/3175395/",
    "italy": "https://sws.geonames.org/3175395/",
    "milano": "https://sws.geonames.org/3173435/",
    "milan": "https://sws.geonames.org/3173435/",
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
