"""Project pages write percentages, money and dates as the reader's locale does."""

import re

from tests.conftest import login
from tests.projects import fixtures


def test_monitoring_figures_in_the_readers_locale(app):
    w = fixtures.build()
    c = app.test_client()
    assert login(c, w.staff.email).status_code == 302
    italian = c.get(f"/projects/{w.p1.id}?lang=it").get_data(as_text=True)
    english = c.get(f"/projects/{w.p1.id}?lang=en").get_data(as_text=True)
    # The time elapsed and the share of cost spent: decimal comma in Italian, point in English.
    it_time = re.search(r"Tempo trascorso</dt><dd>([^<]*)</dd>", italian)
    en_time = re.search(r"Time elapsed</dt><dd>([^<]*)</dd>", english)
    assert it_time and re.fullmatch(r"\d+,\d%", it_time.group(1)), it_time
    assert en_time and re.fullmatch(r"\d+\.\d%", en_time.group(1)), en_time
    it_spent = re.search(r"Speso \(quota del costo\)</dt><dd>([^<]*)</dd>", italian)
    assert it_spent and re.fullmatch(r"[\d.]+\u00a0€ \(\d+,\d%\)", it_spent.group(1)), it_spent
    assert "EUR" not in re.sub(r"\(EUR\)", "", italian)


def test_report_form_milestone_dates_in_the_readers_locale(app):
    w = fixtures.build()
    c = app.test_client()
    assert login(c, w.lead_owner.email).status_code == 302
    path = f"/projects/{w.p1.id}/reports/new"
    italian = c.get(f"{path}?lang=it").get_data(as_text=True)
    english = c.get(f"{path}?lang=en").get_data(as_text=True)
    assert "30 giu 2025" in italian and "30 Jun 2025" in english  # "Clinical pilot" is due
    assert "2025-06-30" not in italian + english


def test_report_page_heading_dates_in_the_readers_locale(app):
    # The heading read "Relazione di avanzamento 2025-04-04 – 2025-10-03" (page walk).
    w = fixtures.build()
    c = app.test_client()
    assert login(c, w.staff.email).status_code == 302
    r = w.r1
    italian = c.get(f"/projects/reports/{r.id}?lang=it").get_data(as_text=True)
    heading = re.search(r"<h1>([^<]*)</h1>", italian).group(1)
    assert r.period_start.isoformat() not in heading and str(r.period_start.year) in heading
    assert re.search(r"\d{1,2} [a-z]{3} \d{4} – \d{1,2} [a-z]{3} \d{4}", heading), heading
