"""Training pages and API through the HTTP client: register, .ics, feed, i18n, bad input."""

from __future__ import annotations

import html
from datetime import UTC, datetime

from sqlalchemy import select

from app.extensions import db
from app.training import services
from app.training.dates import aware
from app.training.models import Course, Registration
from tests.builders import commit, course_data, published_course, verified_provider
from tests.conftest import csrf_token, login, post_form
from tests.core.test_i18n import _english_msgids, _visible_texts


def test_register_from_the_page_and_download_the_ics(app, client, make_user):
    owner, org = verified_provider()
    course = published_course(owner, org, title="Imaging AI; a, b")
    make_user("learner@example.org")
    commit()
    assert login(client, "learner@example.org").status_code == 302
    resp = post_form(
        client,
        f"/training/courses/{course.id}/register",
        {},
        token_from=f"/training/courses/{course.id}",
    )
    assert resp.status_code == 302
    page = client.get(f"/training/courses/{course.id}").get_data(as_text=True)
    assert "Cancel my registration" in page and "1 of 2 taken" in page
    ics = client.get(f"/training/courses/{course.id}.ics")
    assert ics.status_code == 200 and ics.mimetype == "text/calendar"
    body = ics.get_data(as_text=True)
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert "SUMMARY:Imaging AI\\; a\\, b\r\n" in body
    assert f"UID:course-{course.id}@" in body and "DTSTART:" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    # Registering twice is a conflict, not a second row.
    again = post_form(
        client,
        f"/training/courses/{course.id}/register",
        {},
        token_from=f"/training/courses/{course.id}",
    )
    assert again.status_code == 409
    assert Registration.query.filter_by(course_id=course.id).count() == 1


def test_feed_lists_only_published_upcoming_courses(app, client):
    owner, org = verified_provider()
    published_course(owner, org, title="Visible course")
    services.create_course(owner, course_data(org, title="Draft course"))
    commit()
    body = client.get("/training/feed.ics").get_data(as_text=True)
    assert "Visible course" in body and "Draft course" not in body


def test_pages_in_italian_and_english(app, client):
    owner, org = verified_provider()
    published_course(owner, org, title="Corso dimostrativo")
    commit()
    it = client.get("/training?lang=it").get_data(as_text=True)
    assert "Formazione e sensibilizzazione" in it and "Pubblico" in it and "1 corso" in it
    en = client.get("/training?lang=en").get_data(as_text=True)
    assert "Training and awareness" in en and "Audience" in en and "1 course" in en
    for topic, it_text, en_text in [
        ("consent", "Puoi cambiare idea", "You can change your mind"),
        ("anonymisation", "Pseudonimizzati", "Pseudonymised"),
        ("consent-codes", "Ricerca sanitaria, medica o biomedica", "Health, medical or biomedical"),
        ("rights", "Garante per la protezione", "opt out"),
    ]:
        assert it_text in client.get(f"/training/why-share/{topic}?lang=it").get_data(as_text=True)
        assert en_text in client.get(f"/training/why-share/{topic}?lang=en").get_data(as_text=True)
    assert client.get("/training/why-share/astrology").status_code == 404


def test_create_form_bad_input_rerenders_with_the_field_message(app, client):
    owner, org = verified_provider()
    commit()
    login(client, owner.email)
    data = course_data(org, title="", seats="")
    data["starts_at"] = data["starts_at"][:16]
    data["ends_at"] = data["ends_at"][:16]
    data["registration_deadline"] = data["registration_deadline"][:16]
    resp = post_form(client, "/training/courses/new", data)
    assert resp.status_code == 422
    assert "This field is required." in resp.get_data(as_text=True)
    data.update(title="Fine", seats="3", format="in_person", place="")
    resp = post_form(client, "/training/courses/new", data)
    assert resp.status_code == 422 and "give the place" in resp.get_data(as_text=True)
    data["place"] = "Milano"
    assert post_form(client, "/training/courses/new", data).status_code == 302


def test_api_register_cancel_and_illegal_transition(app, client, make_user):
    owner, org = verified_provider()
    course = published_course(owner, org, seats=1)
    make_user("a@example.org")
    commit()
    anon = {"X-CSRFToken": csrf_token(client)}
    url = f"/api/v1/training/courses/{course.id}/registrations"
    assert client.post(url, headers=anon).status_code == 401
    login(client, "a@example.org")
    h = {"X-CSRFToken": csrf_token(client)}
    r = client.post(f"/api/v1/training/courses/{course.id}/registrations", headers=h)
    assert r.status_code == 201 and r.get_json()["status"] == "confirmed"
    reg_id = r.get_json()["id"]
    assert (
        client.post(f"/api/v1/training/registrations/{reg_id}/cancel", headers=h).status_code == 200
    )
    again = client.post(f"/api/v1/training/registrations/{reg_id}/cancel", headers=h)
    assert again.status_code == 409 and again.get_json()["errors"]["status"]
    listing = client.get("/api/v1/training/courses?topic=ai_health").get_json()
    assert [c["id"] for c in listing] == [course.id]
    bad = client.get("/api/v1/training/courses?topic=astrology")
    assert bad.status_code == 422 and "topic" in str(bad.get_json())


def test_api_create_names_the_wrong_field(app, client):
    owner, org = verified_provider()
    commit()
    login(client, owner.email)
    csrf = csrf_token(client)
    r = client.post(
        "/api/v1/training/courses",
        json=course_data(org, level="expert"),
        headers={"X-CSRFToken": csrf},
    )
    assert r.status_code == 422 and list(r.get_json()["errors"]) == ["level"]
    r = client.post(
        "/api/v1/training/courses", json=course_data(org), headers={"X-CSRFToken": csrf}
    )
    assert r.status_code == 201 and r.get_json()["status"] == "draft"


def test_italian_pages_carry_no_english_left(app, client):
    owner, org = verified_provider()
    course = published_course(owner, org, title="Corso dimostrativo", language="it")
    commit()
    english = {e for e in _english_msgids() if len(e.split()) >= 2}
    for path in (
        "/training",
        f"/training/courses/{course.id}",
        "/training/why-share",
        "/training/why-share/consent-codes",
        "/training/why-share/rights",
    ):
        body = client.get(f"{path}?lang=it").get_data(as_text=True)
        texts = _visible_texts(body)
        left = {e for e in english for t in texts if e == t or (len(e.split()) >= 3 and e in t)}
        assert not left, (path, left)


def test_services_hub_links_the_three_services(app, client):
    it = html.unescape(client.get("/training/services?lang=it").get_data(as_text=True))
    assert "I servizi della Regione per l'IA in sanità" in it
    for href in ('href="/training"', 'href="/compliance"', 'href="/compute"'):
        assert href in it
    assert "Servizi per l'IA" in it  # the one menu entry
    en = html.unescape(client.get("/training/services?lang=en").get_data(as_text=True))
    assert "The Region's services for AI in health" in en and "AI services" in en


def test_calendars_link_to_the_configured_address_not_the_host(app, client, monkeypatch):
    """The .ics files are built from PORTAL_BASE_URL: a forged Host header never reaches a
    calendar (issue 17 item 1)."""
    monkeypatch.setitem(app.config, "PORTAL_BASE_URL", "https://formazione.example.it/")
    owner, org = verified_provider()
    course = published_course(owner, org, title="Imaging AI")
    commit()
    one = client.get(f"/training/courses/{course.id}.ics", headers={"Host": "evil.example"})
    feed = client.get("/training/feed.ics", headers={"Host": "evil.example"})
    for resp in (one, feed):
        body = resp.get_data(as_text=True).replace("\r\n ", "")  # unfolded
        assert resp.status_code == 200 and "evil.example" not in body
        assert f"URL:https://formazione.example.it/training/courses/{course.id}\r\n" in body
        assert f"UID:course-{course.id}@formazione.example.it\r\n" in body


def test_course_form_times_are_italian_time(app, client):
    # Typed in the form as Italian time, stored in UTC, shown again as Italian time on edit.
    owner, org = verified_provider()
    commit()
    login(client, owner.email)
    data = course_data(
        org,
        starts_at="2099-06-12T09:30",  # June: Rome is UTC+2
        ends_at="2099-06-12T11:00",
        registration_deadline="2099-01-10T12:00",  # January: UTC+1
    )
    resp = post_form(client, "/training/courses/new", data)
    assert resp.status_code == 302
    course = db.session.execute(select(Course).order_by(Course.id.desc()).limit(1)).scalar_one()
    assert aware(course.starts_at) == datetime(2099, 6, 12, 7, 30, tzinfo=UTC)
    assert aware(course.registration_deadline) == datetime(2099, 1, 10, 11, 0, tzinfo=UTC)
    page = client.get(f"/training/courses/{course.id}/edit?lang=it").get_data(as_text=True)
    assert 'value="2099-06-12T09:30"' in page and 'value="2099-01-10T12:00"' in page
    assert "ora italiana" in page and "UTC" not in page
