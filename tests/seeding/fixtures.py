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


def write_cordis(base: Path, orgs=None) -> Path:
    """Write the three CORDIS files into `base` and return it."""
    base.mkdir(parents=True, exist_ok=True)
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
