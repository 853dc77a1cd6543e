"""Start-up register sample: selection, fields, idempotency."""

from __future__ import annotations

from sqlalchemy import func, select

from app.extensions import db
from app.orgs.models import Organisation
from app.seeding.startups import import_startups
from tests.seeding.fixtures import startup_row, write_startups

ROWS = [
    startup_row("Cardiolab Esempio", "266001", health="1", employees="5-9"),
    startup_row("Bioesempio Therapeutics", "721010", employees="10-19"),
    startup_row("Medesempio App", "621000", employees=""),
    startup_row("Logistica Esempio", "621000"),  # software, no health word: not chosen
    startup_row("Farmaesempio Chiusa", "212009", health="1", status="in liquidazione"),
    startup_row("Ristorante Esempio", "561011"),  # neither health nor 72/62
]


def _startups() -> dict[str, Organisation]:
    rows = db.session.execute(
        select(Organisation).where(Organisation.source == "startup_register")
    ).scalars()
    return {o.name: o for o in rows}


def test_sample_and_fields(app, tmp_path):
    stats = import_startups(write_startups(tmp_path, ROWS))
    db.session.commit()
    assert stats["startups_created"] == 3
    orgs = _startups()
    assert set(orgs) == {"Cardiolab Esempio", "Bioesempio Therapeutics", "Medesempio App"}
    cardio = orgs["Cardiolab Esempio"]
    assert cardio.kind == "startup" and cardio.ateco_code == "266001"
    assert (cardio.city, cardio.province, cardio.region) == (
        "Sesto San Giovanni",
        "MI",
        "Lombardia",
    )
    assert cardio.founded == 2021  # activity start, not the 2022 registration
    assert cardio.size_band == "micro"
    assert orgs["Bioesempio Therapeutics"].size_band == "small"
    assert orgs["Medesempio App"].size_band is None
    reg = cardio.register_data
    assert reg["high_tech_value"] == "SI" and reg["youth_prevalence"] == "Forte"
    assert reg["startup_registration_date"] == "2022-03-14"
    assert reg["health_related_ateco"] is True
    assert cardio.external_id.startswith("sr-") and cardio.is_demo is False
    for org in orgs.values():
        assert org.description == "" and org.competences == [] and org.areas == []


def test_founded_falls_back_to_registration(app, tmp_path):
    import_startups(
        write_startups(
            tmp_path, [startup_row("Senzadata Med", "869", health="1", activity_start_date="")]
        )
    )
    db.session.commit()
    assert _startups()["Senzadata Med"].founded == 2022


def test_second_run_changes_nothing(app, tmp_path):
    data = write_startups(tmp_path, ROWS)
    import_startups(data)
    db.session.commit()
    stats = import_startups(data)
    db.session.commit()
    assert (stats["startups_created"], stats["startups_updated"]) == (0, 0)
    count = select(func.count()).select_from(Organisation)
    assert db.session.execute(count).scalar_one() == 3
