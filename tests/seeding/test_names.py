"""Name casing, kind mapping and province codes of the real data."""

import pytest

from app.seeding.names import org_kind, province_code, tidy_name


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


@pytest.mark.parametrize(
    ("activity", "name", "kind"),
    [
        ("HES", "UNIVERSITA DEGLI STUDI DI PAVIA", "university"),
        ("REC", "FONDAZIONE IRCCS ISTITUTO NEUROLOGICO", "research_hospital"),
        ("PRC", "OSPEDALE ESEMPIO SRL", "research_hospital"),
        ("HES", "UNIVERSITAETSKLINIKUM HEIDELBERG", "research_hospital"),
        ("REC", "ISTITUTO DI RICERCHE FARMACOLOGICHE", "other"),
        ("PRC", "ICON CLINICAL RESEARCH LIMITED", "company"),  # "clinical" is not a hospital
        ("PUB", "COMUNE DI CREMONA", "public_body"),
        ("OTH", "ASSOCIAZIONE ESEMPIO", "other"),
        ("", "SENZA TIPO", "other"),
    ],
)
def test_org_kind(activity, name, kind):
    assert org_kind(activity, name) == kind


def test_province_code():
    assert province_code("Monza e della Brianza") == "MB"
    assert province_code("Milano") == "MI"
    assert province_code("Provincia Sconosciuta") == "Provincia Sconosciuta"
    assert province_code("") is None
