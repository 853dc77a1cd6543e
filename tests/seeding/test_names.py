"""Name casing and province codes of the real data."""

import pytest

from app.seeding.names import province_code, tidy_name


@pytest.mark.parametrize(
    ("raw", "tidy"),
    [
        ("POLITECNICO DI MILANO", "Politecnico di Milano"),
        ("UNIVERSITA' DEGLI STUDI DELL'INSUBRIA", "Universita' degli Studi dell'Insubria"),
        (
            "FONDAZIONE IRCCS CA' GRANDA - OSPEDALE MAGGIORE POLICLINICO",
            "Fondazione IRCCS Ca' Granda - Ospedale Maggiore Policlinico",
        ),
        ("TRT TRASPORTI E TERRITORIO SRL", "TRT Trasporti e Territorio SRL"),
        ("ASKLEPIOS KLINIKEN HAMBURG GMBH", "Asklepios Kliniken Hamburg GmbH"),
        ("Ambiente Italia s.r.l.", "Ambiente Italia s.r.l."),  # mixed case is kept as is
        ("  SPAZI   DOPPI  SPA ", "Spazi Doppi SPA"),
        # Quoted twice in the Horizon Europe file: one level of CSV quoting left in the value.
        ('"PrJSC ""MHP EKO ENERGY"""', 'PrJSC "MHP EKO ENERGY"'),
        (
            '"national Center for Scientific Research ""demokritos"""',
            'national Center for Scientific Research "demokritos"',
        ),
        ('Fondazione "Bruno Kessler"', 'Fondazione "Bruno Kessler"'),  # real quotes are kept
    ],
)
def test_tidy_name(raw, tidy):
    assert tidy_name(raw) == tidy


def test_province_code():
    assert province_code("Monza e della Brianza") == "MB"
    assert province_code("Milano") == "MI"
    assert province_code("Provincia Sconosciuta") == "Provincia Sconosciuta"
    assert province_code("") is None
