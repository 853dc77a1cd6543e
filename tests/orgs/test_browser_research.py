"""Journey of the issue: a start-up opens its suggested partners, sees a real university with
key terms from its real projects, opens it and pages through its projects (Chromium)."""

from __future__ import annotations

import pytest

from app.auth import services as auth
from app.extensions import db
from app.orgs import services as orgs
from app.seeding.cordis import import_cordis
from tests.browser_support import browser, live_app, live_server, page  # noqa: F401
from tests.seeding.fixtures import HE_PROJECTS, write_cordis, write_horizon

pytestmark = pytest.mark.browser
PASSWORD = "a-long-password-1"


def _projects() -> list[tuple]:
    """The fixture's projects plus 18 wearable-sensor projects of the university (PIC 100)."""
    extra = [
        (
            str(1000 + i),
            str(101001000 + i),
            f"SWEAT{i}",
            f"Wearable biosensors for sweat analysis, study {i}",
            "Printed electrochemical biosensors measure lactate and cortisol in sweat.",
            "wearable biosensors, sweat analysis",
            f"{2021 + i % 3}-0{1 + i % 9}-01",
            "1",
            "biosensors; wearable technology",
        )
        for i in range(18)
    ]
    return HE_PROJECTS + extra


@pytest.fixture(scope="module")
def world(live_app, tmp_path_factory):  # noqa: F811
    data = write_cordis(tmp_path_factory.mktemp("cordis"))
    write_horizon(data, projects=_projects())
    parts = (data / "horizon_europe" / "participations.csv").read_text(encoding="utf-8")
    parts += "".join(f"{1000 + i},100,coordinator,1,,,,,,100000,100000,false\n" for i in range(18))
    (data / "horizon_europe" / "participations.csv").write_text(parts, encoding="utf-8")
    with live_app.app_context():
        import_cordis(data)
        user = auth.register_user(
            {"email": "founder@sweatlab.example", "name": "Founder", "password": PASSWORD}
        )
        live_app.config["MATCHING_ENABLED"] = False  # the rebuild below encodes everything
        orgs.create_org(
            user,
            {
                "name": "SweatLab",
                "kind": "startup",
                "description": "Start-up milanese: cerotti con biosensori indossabili "
                "per l'analisi "
                "del sudore (wearable biosensors, sweat analysis) negli atleti.",
                "competences": ["wearable biosensors", "sweat analysis"],
                "province": "MI",
            },
        )
        db.session.commit()
        result = live_app.test_cli_runner().invoke(args=["match", "rebuild"])
        assert result.exit_code == 0, result.output
        live_app.config["MATCHING_ENABLED"] = True
    return data


def test_startup_finds_a_real_university_and_pages_its_projects(page, live_server, world):  # noqa: F811
    base = live_server
    page.goto(f"{base}/auth/login?lang=en")
    page.fill("#email", "founder@sweatlab.example")
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/my")  # login lands on the personal area
    page.goto(f"{base}/orgs/sweatlab/partners?lang=en")
    card = page.locator(".proposal", has_text="Universita degli Studi di Esempio")
    assert card.count() == 1
    assert "CORDIS" in card.inner_text()
    terms = card.locator(".chip-label").all_inner_texts()
    assert any("biosensors" in t or "sweat" in t for t in terms), terms
    best = card.locator(".best-project")
    assert "Their project closest to your profile" in best.inner_text()
    assert "SWEAT" in best.locator("a").inner_text()  # one of its sweat-biosensor projects
    card.locator("h3 a").click()
    page.wait_for_url(f"{base}/orgs/universita-degli-studi-di-esempio")
    body = page.locator("#research").inner_text()
    assert "From 19 projects in CORDIS" in body
    assert "page 1 of 2" in body
    page.click("#research a[rel=next]")
    assert "page 2 of 2" in page.locator("#research").inner_text()
    assert "CARDIOSENSE" in page.locator("#research").inner_text()  # the oldest, 2016
