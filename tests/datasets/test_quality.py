"""The metadata quality score: each documented rule, one by one, and certification limits."""

from __future__ import annotations

import pytest

from app.core.errors import PermissionDenied, ValidationError
from app.datasets import services
from app.datasets.quality import RULES, VALIDATOR_CAP, level_for, quality_of
from tests.builders import add_dist, commit, make_dataset

# rule -> the change that makes it fail (applied to a complete dataset)
BREAK = {
    "identifier": {"identifier": ""},
    "title_it": {"title_it": ""},
    "description_it": {"description_it": ""},
    "themes": {"themes": []},
    "modified": {"modified": None},
    "frequency": {"frequency": None},
    "contact": {"contact_email": None},
    "licence": {"licence": None},
    "standard": {"conforms_to": []},
    "english": {"description_en": ""},
    "keywords": {"keywords": []},
    "coding": {"coding_systems": []},
    "personal": {"consent_codes": []},
}


@pytest.fixture
def full(make_user, make_org):
    owner = make_user("q@example.org")
    org = make_org(owner, "Quality Hospital", kind="research_hospital")
    ds = make_dataset(owner, org, "q:full")
    add_dist(owner, ds)
    commit()
    return owner, ds


def test_rules_weigh_100():
    assert sum(r.weight for r in RULES) == 100
    assert {r.key for r in RULES} == set(BREAK) | {"distribution"}


def test_complete_dataset_scores_100(full):
    _owner, ds = full
    q = quality_of(ds)
    assert (q.score, q.level, q.missing) == (100, "high", [])


@pytest.mark.parametrize("rule", sorted(BREAK))
def test_each_rule(full, rule):
    _owner, ds = full
    for attr, value in BREAK[rule].items():
        setattr(ds, attr, value)
    q = quality_of(ds)
    weight = next(r.weight for r in RULES if r.key == rule)
    assert [r.key for r in q.missing] == [rule]
    assert q.score == 100 - weight


def test_distribution_rule(make_user, make_org):
    owner = make_user("d@example.org")
    org = make_org(owner, "Dist Lab", kind="university")
    ds = make_dataset(owner, org, "q:nodist")
    q = quality_of(ds)
    # Without a distribution the validators reject the export too (no extra points lost).
    assert [r.key for r in q.missing] == ["distribution", "validators"]
    assert q.score == 95


def test_personal_rule_passes_without_personal_data(full):
    _owner, ds = full
    ds.personal_data, ds.consent_codes, ds.legal_basis = "none", [], None
    assert "personal" not in [r.key for r in quality_of(ds).missing]


@pytest.mark.parametrize(
    "score,level",
    [
        (100, "high"),
        (90, "high"),
        (89, "good"),
        (70, "good"),
        (69, "fair"),
        (50, "fair"),
        (49, "low"),
        (0, "low"),
    ],
)
def test_levels(score, level):
    assert level_for(score) == level


def test_badge_and_missing_items_on_page(client, full):
    _owner, ds = full
    ds.licence = None
    ds.keywords = []
    commit()
    html = client.get(f"/datasets/{ds.id}?lang=en").get_data(as_text=True)
    assert "Quality 85/100" in html
    assert 'id="quality-missing"' in html and "Licence" in html and "Keywords" in html
    body = client.get(f"/api/v1/datasets/{ds.id}/quality").get_json()
    assert body["score"] == 85 and sorted(body["missing"]) == ["keywords", "licence"]


def test_certification_needs_staff_and_score(full, make_user):
    owner, ds = full
    staff = make_user("staff@example.org", role="staff")
    with pytest.raises(PermissionDenied):
        services.certify_dataset(owner, ds, {"level": "gold"})
    ds.licence = None  # 90 -> still gold
    ds.conforms_to = []  # 80 -> not gold
    with pytest.raises(ValidationError) as exc:
        services.certify_dataset(staff, ds, {"level": "gold"})
    assert exc.value.field == "level" and ds.certification is None
    services.certify_dataset(staff, ds, {"level": "silver"})
    assert ds.certification == "silver" and ds.certified_by_id == staff.id
    services.certify_dataset(staff, ds, {"level": ""})
    assert ds.certification is None


def test_a_dataset_the_validators_reject_cannot_score_100(make_user, make_org):
    """Everything scored, but no category of health data (stated or implied): at most 95."""
    owner = make_user("q100@example.org")
    org = make_org(owner, "Ospedale Q", kind="research_hospital")
    ds = make_dataset(owner, org, "q:novalid", health_categories=[])
    add_dist(owner, ds)
    assert quality_of(ds).score == 100  # OMOP CDM implies electronic health records
    ds2 = make_dataset(owner, org, "q:novalid2", health_categories=[], conforms_to=["CDISC"])
    add_dist(owner, ds2)
    assert quality_of(ds2).score == 100  # CDISC implies clinical trials
    ds2.conforms_to = []
    q = quality_of(ds2)
    assert "validators" in [r.key for r in q.missing]
    assert q.score <= VALIDATOR_CAP
