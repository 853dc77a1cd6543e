"""Kind rules (IRCCS list, hospital names, CORDIS activity type) and the Lombardy rule."""

import csv

import pytest

from app.seeding import DEFAULT_DATA_DIR
from app.seeding.kinds import IRCCS_FILE, _plain, irccs_list, org_kind, place


@pytest.mark.parametrize(
    ("activity", "name", "kind"),
    [
        ("HES", "UNIVERSITA DEGLI STUDI DI PAVIA", "university"),
        ("REC", "FONDAZIONE IRCCS ISTITUTO NEUROLOGICO", "research_hospital"),
        ("PRC", "OSPEDALE ESEMPIO SRL", "research_hospital"),
        ("HES", "UNIVERSITAETSKLINIKUM HEIDELBERG", "research_hospital"),
        ("REC", "CONSIGLIO NAZIONALE DELLE RICERCHE", "research_institute"),
        ("REC", "ISTITUTO DI RICERCHE FARMACOLOGICHE MARIO NEGRI", "research_institute"),
        # IRCCS on the Ministry's list filed by CORDIS as companies
        ("PRC", "ISTITUTO EUROPEO DI ONCOLOGIA SRL", "research_hospital"),
        ("PRC", "HUMANITAS MIRASOLE SPA", "research_hospital"),
        ("PRC", "Istituto Auxologico Italiano", "research_hospital"),
        ("OTH", "CENTRO CARDIOLOGICO MONZINO", "research_hospital"),
        # the university of the same group stays a university
        ("HES", "HUMANITAS UNIVERSITY", "university"),
        ("HES", "UNIVERSITA VITA-SALUTE SAN RAFFAELE", "university"),
        ("PRC", "ICON CLINICAL RESEARCH LIMITED", "company"),  # "clinical" is not a hospital
        ("PUB", "COMUNE DI CREMONA", "public_body"),
        ("OTH", "ASSOCIAZIONE ESEMPIO", "other"),
        ("", "SENZA TIPO", "other"),
    ],
)
def test_org_kind(activity, name, kind):
    assert org_kind(activity, name) == kind


def test_irccs_list_names_its_source_and_date():
    head = IRCCS_FILE.read_text(encoding="utf-8").splitlines()[:4]
    assert any("Ministero della Salute" in line for line in head)
    assert any("2026-12-01" in line for line in head)
    kinds = {kind for _name, kind, _pattern in irccs_list()}
    assert kinds == {"research_hospital", "research_institute"}
    assert len(irccs_list()) >= 40


def test_lombardy_from_nuts_code_first():
    # The Horizon Europe NUTS code wins over the H2020 comune (a PIC that moved, or a
    # comune the ISTAT match got wrong).
    h2020 = {"is_lombardy": "0", "it_regione": "Piemonte", "it_provincia": "Torino"}
    assert place(h2020, {"nuts_code": "ITC4C"}) == {
        "lombardy": True,
        "region": "Lombardia",
        "province": "MI",
    }
    assert place({"is_lombardy": "1", "it_regione": "Lombardia"}, {"nuts_code": "ITC11"}) == {
        "lombardy": False,
        "region": None,
        "province": None,
    }
    assert place(None, {"nuts_code": "ITC47", "region_name": "Lombardia"})["province"] == "BS"


def test_lombardy_from_comune_without_nuts():
    lomb = {"is_lombardy": "1", "it_regione": "Lombardia", "it_provincia": "Bergamo"}
    assert place(lomb, {"nuts_code": ""}) == {
        "lombardy": True,
        "region": "Lombardia",
        "province": "BG",
    }
    assert place(lomb, None)["lombardy"] is True
    assert place({"is_lombardy": "0", "it_regione": "Lazio", "it_provincia": "Roma"}, None) == {
        "lombardy": False,
        "region": "Lazio",
        "province": "RM",
    }
    assert place({}, {"nuts_code": "DE300"}) == {
        "lombardy": False,
        "region": None,
        "province": None,
    }


def test_irccs_data_columns_say_what_the_cordis_files_hold():
    """The data_names column of seed_data/irccs.csv is recomputed from ../shared/data."""
    data = DEFAULT_DATA_DIR
    if not (data / "h2020_organisations.csv").exists():
        pytest.skip("real data folder (../shared/data) not available")
    names = set()
    with (data / "h2020_organisations.csv").open(encoding="utf-8") as fh:
        names |= {_plain(r["name"]) for r in csv.DictReader(fh) if r["name"]}
    with (data / "horizon_europe" / "organisations.csv").open(encoding="utf-8") as fh:
        names |= {_plain(r["legal_name"]) for r in csv.DictReader(fh) if r["legal_name"]}
    with IRCCS_FILE.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    for row, (_name, _kind, pattern) in zip(rows, irccs_list(), strict=True):
        assert int(row["data_names"]) == sum(1 for n in names if pattern.search(n)), row["name"]
    assert sum(int(r["data_names"]) == 0 for r in rows) == 3  # San Matteo, San Gerardo, San Donato
