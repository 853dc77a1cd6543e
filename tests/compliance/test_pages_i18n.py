"""Helpdesk pages in Italian (default) and English, with no English left on Italian pages."""

from __future__ import annotations

from app.compliance.demo import seed_demo
from tests.builders import assessment, commit, sme, user
from tests.conftest import login
from tests.core.test_i18n import _english_msgids, _visible_texts


def _left(body: str) -> set[str]:
    english = {e for e in _english_msgids() if len(e.split()) >= 2}
    texts = _visible_texts(body)
    return {e for e in english for t in texts if e == t or (len(e.split()) >= 3 and e in t)}


def test_helpdesk_pages_in_both_languages(app, client):
    owner, org = sme()
    a = assessment(owner, org)
    seed_demo()
    commit()
    it = client.get("/compliance?lang=it").get_data(as_text=True)
    assert "Sportello normativo per le PMI della salute" in it and "Linee guida pratiche" in it
    assert not _left(it)
    en = client.get("/compliance?lang=en").get_data(as_text=True)
    assert "Regulatory helpdesk for health SMEs" in en and "Sportello normativo" not in en
    guide = client.get("/compliance/guidelines/medical-device-software?lang=en").get_data(
        as_text=True
    )
    assert "Rule 11" in guide and "<table>" in guide
    login(client, owner.email)
    client.get("/compliance")  # shows (and drops) the English 'logged in' flash
    for path in (
        "/compliance/assess",
        f"/compliance/assessments/{a.id}",
        "/compliance/consultations",
    ):
        body = client.get(f"{path}?lang=it").get_data(as_text=True)
        assert not _left(body), (path, _left(body))
    form = client.get("/compliance/assess?lang=it").get_data(as_text=True)
    assert "Il fabbricante destina il prodotto a uno scopo medico" in form
    form_en = client.get("/compliance/assess?lang=en").get_data(as_text=True)
    assert "Is the product intended by its manufacturer for a medical purpose" in form_en


def test_demo_is_idempotent_and_marked(app):
    first = seed_demo()
    commit()
    assert first["demo_guidelines"] == 4
    again = seed_demo()
    assert again["demo_guidelines"] == 0 and again["demo_assessments"] == 0


def test_no_start_button_that_only_redirects(app, client):
    """A user without an organisation is told to register one instead of being offered a
    button that sends her back with a flash (issue 14 item 5: no link to what she cannot do)."""
    loner = user("loner@example.org")
    owner, _org = sme()
    commit()
    login(client, loner.email)
    page = client.get("/compliance?lang=it").get_data(as_text=True)
    assert 'href="/compliance/assess"' not in page and 'id="assess-needs-org"' in page
    assert "Prima crea un'organizzazione" in page or "Prima crea un&#39;organizzazione" in page
    other = app.test_client()
    login(other, owner.email)
    page = other.get("/compliance?lang=it").get_data(as_text=True)
    assert 'href="/compliance/assess"' in page and 'id="assess-needs-org"' not in page
