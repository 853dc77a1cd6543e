"""Tiny CSV directories in the format of ../shared/data, written by the tests."""

from __future__ import annotations

import csv
from pathlib import Path

ORG_COLS = [
    "pic",
    "name",
    "short_name",
    "activity_type",
    "country",
    "city",
    "street",
    "it_comune",
    "it_provincia",
    "it_regione",
    "is_lombardy",
    "name_source",
    "n_h2020_projects",
    "n_health_projects",
]
PROJECT_COLS = [
    "rcn",
    "cordis_url",
    "programme_parts",
    "is_health",
    "start_date",
    "end_date",
    "duration_months",
    "ec_max_contribution",
    "total_cost",
    "n_participants",
    "n_countries",
    "n_italian_participants",
    "n_lombardy_participants",
    "coordinator_pic",
    "coordinator_country",
]
PART_COLS = ["rcn", "pic", "role", "activity_type", "country", "ec_contribution", "is_health"]
STARTUP_COLS = [
    "name",
    "legal_name",
    "provincia",
    "comune",
    "ateco_code",
    "health_related_ateco",
    "macro_sector",
    "high_tech_value",
    "rnd_spending_req",
    "qualified_workforce_req",
    "patents_req",
    "female_prevalence",
    "youth_prevalence",
    "foreign_prevalence",
    "status",
    "company_type",
    "startup_registration_date",
    "activity_start_date",
    "year",
    "production_value_band",
    "employees_band",
    "share_capital_band",
]


def _org(pic, name, act, country, comune="", prov="", reg="", lomb="0"):
    return {
        "pic": pic,
        "name": name,
        "short_name": "",
        "activity_type": act,
        "country": country,
        "city": comune.upper(),
        "street": "",
        "it_comune": comune,
        "it_provincia": prov,
        "it_regione": reg,
        "is_lombardy": lomb,
        "name_source": "odfest2017" if name else "",
        "n_h2020_projects": "1",
        "n_health_projects": "0",
    }


ORGS = [
    _org(
        "100",
        "UNIVERSITA DEGLI STUDI DI ESEMPIO",
        "HES",
        "IT",
        "Milano",
        "Milano",
        "Lombardia",
        "1",
    ),
    _org(
        "101", "FONDAZIONE IRCCS OSPEDALE DI PROVA", "REC", "IT", "Pavia", "Pavia", "Lombardia", "1"
    ),
    _org("102", "ESEMPIO MECCANICA SRL", "PRC", "IT", "Bergamo", "Bergamo", "Lombardia", "1"),
    _org("200", "Forschungsinstitut Beispiel", "REC", "DE", ""),
    _org("201", "", "PRC", "FR"),  # unnamed PIC in a health project
    _org("202", "VILLE D'EXEMPLE", "PUB", "FR"),  # only in a non-health Lombardy project
    _org("203", "UNIVERSIDAD DE EJEMPLO", "HES", "UK"),  # health partner of 200, not of Lombardy
    _org("300", "AZIENDA TORINESE SPA", "PRC", "IT", "Torino", "Torino", "Piemonte"),
]
# rcn, parts, is_health, start, end, ec_max, total, coordinator
PROJECTS = [
    ("1", "SC1", "1", "2016-01-01", "2019-12-31", "3000000", "3500000.50", "100"),
    ("2", "LEIT", "0", "2017-03-01", "2020-02-29", "1000000", "1200000", "202"),
    ("3", "SC1", "1", "2018-01-01", "2021-06-30", "2000000", "2000000", "200"),
    ("4", "ERC", "0", "2018-01-01", "2022-12-31", "1500000", "1500000", "203"),
    ("5", "Innovation in SMEs", "0", "2019-05-01", "2019-10-31", "50000", "71428.57", "102"),
]
# rcn, pic, role, ec_contribution
PARTS = [
    ("1", "100", "coordinator", "900000"),
    ("1", "200", "participant", "800000.25"),
    ("1", "201", "participant", ""),
    ("2", "101", "participant", "250000"),
    ("2", "202", "coordinator", "750000"),
    ("3", "200", "coordinator", "1500000"),
    ("3", "203", "partner", "500000"),
    ("4", "203", "coordinator", "1000000"),
    ("4", "300", "participant", "500000"),
    ("5", "102", "coordinator", "50000"),
]


def _write(path: Path, cols: list[str], rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=cols)
        w.writeheader()
        w.writerows(rows)


TEXT_COLS = [
    "rcn",
    "grant_id",
    "acronym",
    "title",
    "teaser",
    "topic_code",
    "topic_title",
    "call",
    "funding_scheme",
    "sod16_programme",
    "has_teaser",
    "has_topic",
    "start_date",
    "is_health",
    "heldout_period",
]
# rcn, acronym, title, teaser, topic code, topic title (project 3 has no text at all)
TEXTS = [
    (
        "1",
        "CARDIOSENSE",
        "Wearable sensors for heart failure",
        "Remote monitoring of...",
        "PHC-26-2014",
        "Self-management of health and disease",
    ),
    ("2", "", "", "", "FoF-01-2016", "Novel hybrid approaches for additive manufacturing"),
    ("5", "SMEBIO", "Biosensor scale-up", "", "", ""),
]
HE_PROJECT_COLS = [
    "rcn",
    "grant_id",
    "acronym",
    "title",
    "objective",
    "keywords",
    "start_date",
    "end_date",
    "status",
    "total_cost",
    "ec_max_contribution",
    "legal_basis",
    "programme_title",
    "topic",
    "topic_title",
    "master_call",
    "funding_scheme",
    "euroscivoc",
    "is_health",
    "cordis_url",
]
HE_PART_COLS = [
    "rcn",
    "pic",
    "role",
    "order",
    "activity_type",
    "sme",
    "country",
    "nuts_code",
    "department",
    "ec_contribution",
    "total_cost",
    "terminated",
]
HE_ORG_COLS = [
    "pic",
    "legal_name",
    "short_name",
    "vat_number",
    "activity_type",
    "sme",
    "street",
    "postal_code",
    "city",
    "country",
    "nuts_code",
    "nuts_name",
    "region_name",
    "url",
    "geolocation",
    "is_lombardy",
]
# rcn, grant, acronym, title, objective, keywords, start, health, euroscivoc
HE_PROJECTS = [
    (
        "900",
        "101000900",
        "ONCOAI",
        "AI for cancer screening",
        "An objective that spans\nseveral lines, as CORDIS objectives do.",
        "cancer screening, deep learning",
        "2022-03-01",
        "1",
        "oncology; machine learning",
    ),
    (
        "901",
        "101000901",
        "GREENFAB",
        "Green factories",
        "Objective of a factory project.",
        "additive manufacturing",
        "2023-01-01",
        "0",
        "manufacturing engineering",
    ),
    (
        "902",
        "101000902",
        "FARAWAY",
        "Not in scope",
        "Neither health nor Lombardy.",
        "",
        "2023-06-01",
        "0",
        "",
    ),
]
# rcn, pic, role, order, department, ec contribution
HE_PARTS = [
    ("900", "200", "coordinator", "1", "Institut fur Onkologie", "1000000"),
    ("900", "203", "participant", "2", "", "500000"),
    ("900", "400", "participant", "3", "R&D", "250000"),
    ("900", "401", "thirdParty", "4", "", ""),
    ("901", "102", "coordinator", "1", "", "700000"),
    ("901", "500", "associatedPartner", "2", "", "0"),
    ("902", "300", "coordinator", "1", "", "100"),
]
# pic, legal name, vat, activity, street, postcode, city, country, nuts, region, url
HE_ORGS = [
    (
        "102",
        "ESEMPIO MECCANICA SRL",
        "IT01234567890",
        "PRC",
        "VIA ROMA 1",
        "24100",
        "BERGAMO",
        "IT",
        "ITC46",
        "Lombardia",
        "www.esempio-meccanica.example",
    ),
    ("200", "FORSCHUNGSINSTITUT BEISPIEL EV", "", "REC", "", "", "BERLIN", "DE", "DE300", "", ""),
    (
        "400",
        "NUOVA BIOTECH SRL",
        "IT09876543210",
        "PRC",
        "VIA VOLTA 2",
        "20121",
        "MILANO",
        "IT",
        "ITC4C",
        "Lombardia",
        "https://nuova-biotech.example",
    ),
    ("401", "TERZA PARTE GMBH", "", "PRC", "", "", "WIEN", "AT", "AT130", "", ""),
    ("500", "ASSOCIATED UNIVERSITY OF EXAMPLE", "", "HES", "", "", "ZURICH", "CH", "CH040", "", ""),
    ("300", "AZIENDA TORINESE SPA", "", "PRC", "", "", "TORINO", "IT", "ITC11", "Piemonte", ""),
]


def write_texts(base: Path) -> None:
    """The H2020 project texts file."""
    rows = []
    for rcn, acronym, title, teaser, code, topic in TEXTS:
        row = {c: "" for c in TEXT_COLS}
        row.update(
            rcn=rcn,
            grant_id=f"6{rcn:0>5}",
            acronym=acronym,
            title=title,
            teaser=teaser,
            topic_code=code,
            topic_title=topic,
        )
        rows.append(row)
    _write(base / "h2020_project_texts.csv", TEXT_COLS, rows)


def write_horizon(base: Path, projects=None) -> None:
    """The three Horizon Europe files and pic_ror.csv."""
    he = base / "horizon_europe"
    he.mkdir(parents=True, exist_ok=True)
    rows = []
    for rcn, grant, acronym, title, objective, keywords, start, health, esv in (
        projects or HE_PROJECTS
    ):
        rows.append(
            {
                "rcn": rcn,
                "grant_id": grant,
                "acronym": acronym,
                "title": title,
                "objective": objective.replace("\\n", "\n"),
                "keywords": keywords,
                "start_date": start,
                "end_date": "2026-12-31",
                "status": "SIGNED",
                "total_cost": "2000000",
                "ec_max_contribution": "1750000",
                "legal_basis": "HORIZON.2.1" if health == "1" else "HORIZON.2.4",
                "programme_title": "Health" if health == "1" else "Digital, Industry and Space",
                "topic": f"HORIZON-TOPIC-{rcn}",
                "topic_title": f"Topic of {acronym}",
                "master_call": "HORIZON-CALL",
                "funding_scheme": "HORIZON-RIA",
                "euroscivoc": esv,
                "is_health": health,
                "cordis_url": f"https://cordis.europa.eu/project/id/{grant}",
            }
        )
    _write(he / "projects.csv", HE_PROJECT_COLS, rows)
    _write(
        he / "participations.csv",
        HE_PART_COLS,
        [
            {
                "rcn": rcn,
                "pic": pic,
                "role": role,
                "order": order,
                "activity_type": "",
                "sme": "",
                "country": "",
                "nuts_code": "",
                "department": dept,
                "ec_contribution": ec,
                "total_cost": ec,
                "terminated": "false",
            }
            for rcn, pic, role, order, dept, ec in HE_PARTS
        ],
    )
    _write(
        he / "organisations.csv",
        HE_ORG_COLS,
        [
            {
                "pic": pic,
                "legal_name": name,
                "short_name": "",
                "vat_number": vat,
                "activity_type": act,
                "sme": "",
                "street": street,
                "postal_code": pc,
                "city": city,
                "country": country,
                "nuts_code": nuts,
                "nuts_name": "",
                "region_name": region,
                "url": url,
                "geolocation": "",
                "is_lombardy": "1" if nuts.startswith("ITC4") else "0",
            }
            for pic, name, vat, act, street, pc, city, country, nuts, region, url in HE_ORGS
        ],
    )
    _write(
        base / "pic_ror.csv",
        ["pic", "ror_id", "confidence", "source"],
        [{"pic": "100", "ror_id": "01abcde23", "confidence": "high", "source": "test"}],
    )


def write_cordis(base: Path, orgs=None, texts: bool = True, horizon: bool = True) -> Path:
    """Write the CORDIS files (H2020, its texts, Horizon Europe) into `base` and return it."""
    base.mkdir(parents=True, exist_ok=True)
    if texts:
        write_texts(base)
    if horizon:
        write_horizon(base)
    _write(base / "h2020_organisations.csv", ORG_COLS, orgs or ORGS)
    health = {p[0]: p[2] for p in PROJECTS}
    _write(
        base / "h2020_projects.csv",
        PROJECT_COLS,
        [
            {
                "rcn": r,
                "cordis_url": f"https://cordis.europa.eu/project/rcn/{r}",
                "programme_parts": parts,
                "is_health": h,
                "start_date": s,
                "end_date": e,
                "duration_months": "",
                "ec_max_contribution": ec,
                "total_cost": tc,
                "n_participants": "",
                "n_countries": "",
                "n_italian_participants": "",
                "n_lombardy_participants": "",
                "coordinator_pic": coord,
                "coordinator_country": "",
            }
            for r, parts, h, s, e, ec, tc, coord in PROJECTS
        ],
    )
    _write(
        base / "h2020_participations.csv",
        PART_COLS,
        [
            {
                "rcn": r,
                "pic": pic,
                "role": role,
                "activity_type": "",
                "country": "",
                "ec_contribution": ec,
                "is_health": health[r],
            }
            for r, pic, role, ec in PARTS
        ],
    )
    return base


def startup_row(name, ateco, health="0", status="attiva", employees="0-4", **kw) -> dict:
    """A register row with plausible flags."""
    row = {c: "" for c in STARTUP_COLS}
    row.update(
        name=name,
        legal_name=f"{name.lower()} s.r.l.",
        provincia="MI",
        comune="SESTO SAN GIOVANNI",
        ateco_code=ateco,
        health_related_ateco=health,
        macro_sector="SERVIZI",
        high_tech_value="SI",
        rnd_spending_req="SI",
        qualified_workforce_req="no data",
        patents_req="SI",
        female_prevalence="NO",
        youth_prevalence="Forte",
        foreign_prevalence="NO",
        status=status,
        company_type="startup",
        startup_registration_date="14/03/2022",
        activity_start_date="01/02/2021",
        year="2022",
        production_value_band="",
        employees_band=employees,
        share_capital_band="Da 10 a 50mila euro",
    )
    row.update(kw)
    return row


def write_startups(base: Path, rows: list[dict]) -> Path:
    """Write the start-up register file into `base` and return it."""
    base.mkdir(parents=True, exist_ok=True)
    _write(base / "it_innovative_startups_lombardy.csv", STARTUP_COLS, rows)
    return base
