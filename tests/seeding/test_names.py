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
    ],
)
def test_tidy_name(raw, tidy):
    assert tidy_name(raw) == tidy


def test_province_code():
    assert province_code("Monza e della Brianza") == "MB"
    assert province_code("Milano") == "MI"
    assert province_code("Provincia Sconosciuta") == "Provincia Sconosciuta"
    assert province_code("") is None
