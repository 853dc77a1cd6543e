"""Demo content of the datasets feature for `flask seed` (fictional, marked is_demo)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app.datasets.models import Dataset, Distribution
from app.extensions import db
from app.orgs.models import Organisation

H = "https://data.example.org/demo/"  # fictional hosts: demo records are marked is_demo
_SHA = "sha256:" + "ab" * 32

DEMO = [
    dict(
        identifier="demo:cardio-registry",
        health_categories=["REGISTRIES", "EHR"],
        title_it="Registro regionale dello scompenso cardiaco",
        title_en="Regional heart failure registry",
        themes=["HEAL"],
        keywords=["scompenso cardiaco", "registro", "cardiologia"],
        frequency="QUARTERLY",
        conforms_to=["OMOP CDM"],
        coding_systems=["ICD-10", "ATC"],
        personal_data="pseudonymised",
        legal_basis="scientific_research",
        consent_codes=["DUO:0000006", "DUO:0000018"],
        access_rights="restricted",
        licence="DUA",
        records=184000,
        individuals=23500,
        dists=[("SQL", "OMOP extract", 2_400_000_000)],
    ),
    dict(
        identifier="demo:icu-vitals",
        health_categories=["EHR", "DEVICES"],
        legislation=["AI_ACT"],
        purposes=["health_research", "method_development"],
        title_it="Parametri vitali in terapia intensiva",
        title_en="ICU vital signs time series",
        themes=["HEAL", "TECH"],
        keywords=["terapia intensiva", "sepsi", "serie temporali"],
        frequency="MONTHLY",
        conforms_to=["FHIR R4"],
        coding_systems=["LOINC", "SNOMED CT"],
        personal_data="pseudonymised",
        legal_basis="scientific_research",
        consent_codes=["DUO:0000007", "DUO:0000019"],
        access_rights="restricted",
        licence="DUA",
        records=52_000_000,
        individuals=8100,
        dists=[("FHIR_JSON", "FHIR bulk export", 18_000_000_000), ("PARQUET", "Parquet", None)],
    ),
    dict(
        identifier="demo:chest-ct",
        health_categories=["IMAGING"],
        legislation=["AI_ACT"],
        purposes=["method_development", "health_research"],
        title_it="TC torace annotate per noduli polmonari",
        title_en="Annotated chest CT scans for lung nodules",
        themes=["HEAL", "TECH"],
        keywords=["imaging", "TC", "oncologia", "intelligenza artificiale"],
        frequency="IRREG",
        conforms_to=["DICOM"],
        coding_systems=["SNOMED CT"],
        personal_data="pseudonymised",
        legal_basis="consent",
        consent_codes=["DUO:0000042", "DUO:0000021"],
        access_rights="restricted",
        licence="DUA",
        records=4200,
        individuals=3900,
        dists=[("DICOM", "DICOM studies", 950_000_000_000)],
    ),
    dict(
        identifier="demo:covid-hospitalisations",
        health_categories=["PATHOGENS", "CLAIMS"],
        title_it="Ricoveri COVID-19 aggregati per ASST",
        title_en="COVID-19 hospitalisations aggregated by local health authority",
        themes=["HEAL", "SOCI"],
        keywords=["COVID-19", "ricoveri", "epidemiologia"],
        frequency="WEEKLY",
        conforms_to=[],
        coding_systems=["ICD-10"],
        personal_data="none",
        legal_basis="not_applicable",
        consent_codes=[],
        access_rights="public",
        licence="CC-BY-4.0",
        records=15800,
        individuals=None,
        dists=[("CSV", "CSV", 1_200_000), ("JSON", "JSON", 2_900_000)],
    ),
    dict(
        identifier="demo:biobank-genomes",
        health_categories=["GENETIC", "BIOBANKS"],
        title_it="Genomi della biobanca oncologica",
        title_en="Oncology biobank genomes",
        themes=["HEAL", "TECH"],
        keywords=["genomica", "biobanca", "oncologia"],
        frequency="ANNUAL",
        conforms_to=[],
        coding_systems=["ICD-10"],
        personal_data="identifiable",
        legal_basis="consent",
        consent_codes=["DUO:0000006", "DUO:0000045", "DUO:0000020"],
        access_rights="non_public",
        licence="DUA",
        records=1200,
        individuals=1200,
        dists=[("ZIP", "VCF archive", 600_000_000_000)],
    ),
    dict(
        identifier="demo:diabetes-cohort",
        health_categories=["EHR", "RESEARCH_COHORTS"],
        title_it="Coorte diabete tipo 2 (OMOP)",
        title_en="Type 2 diabetes cohort (OMOP)",
        themes=["HEAL"],
        keywords=["diabete", "coorte", "real world data"],
        frequency="ANNUAL",
        conforms_to=["OMOP CDM"],
        coding_systems=["ICD-10", "LOINC", "ATC"],
        personal_data="anonymised",
        legal_basis="public_interest",
        consent_codes=["DUO:0000042"],
        access_rights="restricted",
        licence="DUA",
        records=9_400_000,
        individuals=61000,
        dists=[("CSV", "CSV tables", 3_100_000_000)],
    ),
    dict(
        identifier="demo:trial-cdisc",
        health_categories=["TRIALS"],
        title_it="Dati di sperimentazione clinica (CDISC SDTM)",
        title_en="Clinical trial data (CDISC SDTM)",
        themes=["HEAL"],
        keywords=["sperimentazione clinica", "SDTM"],
        frequency="NEVER",
        conforms_to=["CDISC"],
        coding_systems=["SNOMED CT"],
        personal_data="pseudonymised",
        legal_basis="consent",
        consent_codes=["DUO:0000007", "DUO:0000046"],
        access_rights="restricted",
        licence="DUA",
        records=38000,
        individuals=640,
        dists=[("XML", "Define-XML + SAS transport", 420_000_000)],
    ),
    dict(
        identifier="demo:discharge-letters",
        health_categories=["EHR"],
        title_it="Lettere di dimissione strutturate (HL7 CDA)",
        title_en="Structured discharge letters (HL7 CDA)",
        themes=["HEAL"],
        keywords=["lettere di dimissione", "NLP", "CDA"],
        frequency="MONTHLY",
        conforms_to=["HL7 CDA"],
        coding_systems=["ICD-10", "LOINC"],
        personal_data="pseudonymised",
        legal_basis="scientific_research",
        consent_codes=["DUO:0000006", "DUO:0000015"],
        access_rights="restricted",
        licence="DUA",
        records=210000,
        individuals=120000,
        dists=[("XML", "CDA documents", 8_000_000_000)],
    ),
    dict(
        identifier="demo:hospital-beds",
        health_categories=["RESOURCES"],
        title_it="Posti letto ospedalieri per disciplina",
        title_en="Hospital beds by specialty",
        themes=["HEAL", "GOVE"],
        keywords=["posti letto", "ospedali"],
        frequency="ANNUAL",
        conforms_to=[],
        coding_systems=[],
        personal_data="none",
        legal_basis=None,
        consent_codes=[],
        access_rights="public",
        licence="IODL-2.0",
        records=5400,
        individuals=None,
        dists=[("CSV", "CSV", 350_000), ("XLSX", "Excel", 410_000)],
    ),
    dict(
        identifier="demo:air-quality-asthma",
        health_categories=["DETERMINANTS", "EHR"],
        title_it="Qualità dell'aria e accessi per asma",
        title_en="Air quality and asthma emergency visits",
        themes=["HEAL", "ENVI"],
        keywords=["asma", "inquinamento", "pronto soccorso"],
        frequency="DAILY",
        conforms_to=[],
        coding_systems=["ICD-10"],
        personal_data="anonymised",
        legal_basis="public_interest",
        consent_codes=["DUO:0000004"],
        access_rights="public",
        licence="CC0-1.0",
        records=730000,
        individuals=None,
        dists=[("CSV", "Daily series", 48_000_000), ("API", "REST API", None)],
    ),
    dict(
        identifier="demo:rehab-wearables",
        health_categories=["DEVICES"],
        title_it="Sensori indossabili in riabilitazione",
        title_en="Wearable sensors in rehabilitation",
        themes=["HEAL", "TECH"],
        keywords=["riabilitazione", "sensori", "IoT"],
        frequency="CONT",
        conforms_to=["FHIR R4"],
        coding_systems=["LOINC"],
        personal_data="pseudonymised",
        legal_basis="consent",
        consent_codes=["DUO:0000042", "DUO:0000018", "DUO:0000025"],
        access_rights="restricted",
        licence="DUA",
        records=120_000_000,
        individuals=450,
        dists=[("PARQUET", "Sensor streams", 75_000_000_000)],
    ),
    dict(
        identifier="demo:ancestry-panel",
        health_categories=["GENETIC", "RESEARCH_COHORTS"],
        title_it="Pannello di ascendenza della popolazione lombarda",
        title_en="Lombardy population ancestry panel",
        themes=["HEAL", "SOCI"],
        keywords=["ascendenza", "popolazione", "genetica"],
        frequency="NEVER",
        conforms_to=[],
        coding_systems=[],
        personal_data="pseudonymised",
        legal_basis="consent",
        consent_codes=["DUO:0000011"],
        access_rights="restricted",
        licence="DUA",
        records=2500,
        individuals=2500,
        dists=[("CSV", "Genotype summary", 90_000_000)],
    ),
]


def _demo_orgs() -> list:

    orgs = list(
        db.session.execute(
            select(Organisation).where(Organisation.is_demo.is_(True)).order_by(Organisation.id)
        ).scalars()
    )
    preferred = [o for o in orgs if o.kind in ("research_hospital", "university")]
    return preferred or orgs


def seed_demo() -> dict:
    """Create the demo datasets once (idempotent); return counts of what was created."""
    orgs = _demo_orgs()
    if not orgs:
        return {"demo_datasets_created": 0}
    done = set(
        db.session.execute(
            select(Dataset.identifier).where(Dataset.identifier.like("demo:%"))
        ).scalars()
    )
    created = 0
    for i, entry in enumerate(DEMO):
        if entry["identifier"] in done:
            continue
        org = orgs[i % len(orgs)]
        e = dict(entry)
        dists = e.pop("dists")
        records, individuals = e.pop("records"), e.pop("individuals")
        ds = Dataset(
            **e,
            publisher_org_id=org.id,
            rights_holder_org_id=org.id,
            description_it=f"{e['title_it']}: dati dimostrativi (fittizi) pubblicati da "
            f"{org.name}.",
            description_en=f"{e['title_en']}: fictional demo data published by {org.name}.",
            issued=date(2023, 1, 15),
            modified=date(2025, 6, 30),
            temporal_start=date(2018, 1, 1),
            temporal_end=date(2024, 12, 31),
            spatial="Lombardia",
            population_coverage="Assistiti del Servizio sanitario regionale lombardo "
            "(dati dimostrativi).",
            retention_until=date(2034, 12, 31) if e["access_rights"] != "public" else None,
            number_of_records=records,
            number_of_individuals=individuals,
            contact_name=f"Data office – {org.name}",
            contact_email=f"dati@{org.slug[:40]}.example.org",
            is_demo=True,
        )
        db.session.add(ds)
        db.session.flush()
        for j, (fmt, title, size) in enumerate(dists):
            url = f"{H}{ds.identifier.split(':')[1]}/{j + 1}"
            db.session.add(
                Distribution(
                    dataset_id=ds.id,
                    title=title,
                    format=fmt,
                    byte_size=size,
                    download_url=url,
                    checksum=_SHA if size else None,
                )
            )
        created += 1
    db.session.flush()
    return {"demo_datasets_created": created}
