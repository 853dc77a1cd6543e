"""Course pages give times in Europe/Rome, without seconds, as the reader's locale writes
them (not '%d/%m/%Y %H:%M UTC')."""

from __future__ import annotations

import re

from tests.builders import commit, published_course, verified_provider


def test_course_times_in_rome_in_the_readers_locale(app):
    owner, provider = verified_provider()
    course = published_course(
        owner,
        provider,
        starts_at="2099-06-12T07:30:00+00:00",
        ends_at="2099-06-12T09:00:00+00:00",
        registration_deadline="2099-06-10T12:00:00+00:00",
    )
    commit()
    client = app.test_client()
    italian = client.get(f"/training/courses/{course.id}?lang=it").get_data(as_text=True)
    english = client.get(f"/training/courses/{course.id}?lang=en").get_data(as_text=True)
    # June: Rome is UTC+2.
    assert "12 giu 2099, 09:30 – 11:00" in italian
    assert "10 giu 2099, 14:00" in italian
    # English in the British forms (day first, 24-hour clock), not "Jun 12, 2099, 9:30 AM".
    assert "12 Jun 2099, 09:30 – 11:00" in english
    assert "10 Jun 2099, 14:00" in english and not re.search(r"\d\s*[AP]M", english)
    assert "UTC" not in italian + english


def test_course_language_badge_is_read_as_words(app):
    # The card's language badge "IT" said only "it" to a screen reader (page walk).
    owner, provider = verified_provider()
    published_course(owner, provider)
    commit()
    html = app.test_client().get("/training?lang=it").get_data(as_text=True)
    assert re.search(
        r'<span aria-hidden="true">(IT|EN)</span>'
        r'<span class="visually-hidden">In (italiano|inglese)<',
        html,
    )
