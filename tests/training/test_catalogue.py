"""Publishing courses (who may, bad input) and searching the catalogue with facets."""

from __future__ import annotations

import pytest

from app.core.errors import NotFound, PermissionDenied, ValidationError
from app.extensions import db
from app.orgs import services as orgs
from app.training import services
from app.training.models import Course
from tests.builders import commit, course_data, published_course, user, verified_provider


def test_only_staff_and_verified_providers_publish(app):
    owner, org = verified_provider()
    stranger = user("stranger@example.org")
    unverified = orgs.create_org(stranger, {"name": "Not Yet Verified", "kind": "startup"})
    with pytest.raises(PermissionDenied):
        services.create_course(stranger, course_data(unverified))
    with pytest.raises(ValidationError) as exc:
        services.create_course(owner, course_data(unverified))
    assert exc.value.field == "provider_org_id"
    staff = user("boss@example.org", role="staff")
    assert services.create_course(staff, course_data(unverified)).status == "draft"
    with pytest.raises(PermissionDenied):
        services.change_status(stranger, services.create_course(owner, course_data(org)), "publish")


@pytest.mark.parametrize(
    "over, field",
    [
        ({"title": ""}, "title"),
        ({"topic": "astrology"}, "topic"),
        ({"audience": []}, "audience"),
        ({"audience": ["pets"]}, "audience"),
        ({"seats": 0}, "seats"),
        ({"seats": "many"}, "seats"),
        ({"starts_at": "tomorrow"}, "starts_at"),
        ({"online_url": "ftp://x"}, "online_url"),
        ({"format": "in_person", "place": ""}, "place"),
        ({"ends_at": "2020-01-01T00:00"}, "ends_at"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(app, over, field):
    owner, org = verified_provider()
    commit()
    with pytest.raises(ValidationError) as exc:
        services.create_course(owner, course_data(org, **over))
    assert exc.value.field == field
    db.session.rollback()
    assert db.session.query(Course).count() == 0


def test_drafts_are_hidden_from_the_public(app):
    owner, org = verified_provider()
    draft = services.create_course(owner, course_data(org))
    commit()
    with pytest.raises(NotFound):
        services.get_course(None, draft.id)
    assert services.get_course(owner, draft.id) is draft


def test_search_text_and_facets(app):
    owner, org = verified_provider()
    published_course(owner, org, title="Consenso informato", topic="consent", audience=["citizens"])
    published_course(owner, org, title="Deep learning", audience=["researchers", "clinicians"])
    services.create_course(owner, course_data(org, title="Hidden draft"))
    commit()
    page = services.search_courses(services.parse_search({}))
    assert page.total == 2
    assert dict(page.facets["audience"]) == {"citizens": 1, "researchers": 1, "clinicians": 1}
    page = services.search_courses(services.parse_search({"audience": "clinicians"}))
    assert [c.title for c in page.items] == ["Deep learning"]
    # Facet counts of the other facets follow the selection; the selected facet keeps its options.
    assert dict(page.facets["topic"]) == {"ai_health": 1}
    assert len(page.facets["audience"]) == 3
    page = services.search_courses(services.parse_search({"q": "consenso"}))
    assert [c.title for c in page.items] == ["Consenso informato"]


def test_search_reads_italian_and_is_never_a_pattern(app):
    """The portal's full-text index (issue 14): accents, case and plurals folded; topic and
    audience labels found in both languages; "%" and "_" match nothing."""
    owner, org = verified_provider()
    published_course(owner, org, title="Qualità dei dati clinici", topic="data_sharing")
    published_course(owner, org, title="Deep learning", audience=["researchers"])
    commit()

    def titles(q):
        return [c.title for c in services.search_courses(services.parse_search({"q": q})).items]

    for q in ("qualità", "QUALITA", "qualita dato", "Qualita' dei dati"):
        assert titles(q) == ["Qualità dei dati clinici"], q
    assert titles("ricercatori") == ["Deep learning"]  # the audience label, in Italian
    assert titles("researchers") == ["Deep learning"]
    assert titles("%") == [] and titles("_") == [] and titles("%learning%") == ["Deep learning"]
    assert services.search_courses(services.parse_search({"when": "past"})).total == 0
