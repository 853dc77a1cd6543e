"""Metadata quality score: documented rules, each with a weight.

The score is the sum of the weights of the rules a dataset passes, out of 100.

Mandatory DCAT-AP_IT properties (60 points):
  identifier (10), title_it (10), description_it (10), themes (10), modified (5),
  frequency (5), contact point with e-mail (5), at least one distribution with a format (5).
FAIR-inspired checks (40 points):
  licence (10, reusable), standard it conforms to (10, interoperable),
  English title and description (5, findable across languages), keywords (5, findable),
  coding system (5, interoperable), personal data documented (5: legal basis and DUO consent
  codes when the data are about people; 'none' passes).

Badge: >= 90 high, >= 70 good, >= 50 fair, otherwise low.

Validators: a dataset whose export the official validators would reject (DCAT-AP 3.0.1,
HealthDCAT-AP R8, AgID; see tests/datasets/standards.py) cannot score 100. The checks below are
the ones the portal's own data can fail (everything else the export always writes): a
distribution, and an EHDS health category (stated, or implied by a standard).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from app.datasets.rdf import health_categories


@dataclass(frozen=True)
class Rule:
    """One check of the quality score."""

    key: str
    label: object
    weight: int
    group: str


def _has(value) -> bool:
    return value not in (None, "", [], ())


def _personal_documented(ds) -> bool:
    if ds.personal_data == "none":
        return True
    return _has(ds.legal_basis) and _has(ds.consent_codes)


RULES: tuple[Rule, ...] = (
    Rule("identifier", _l("Identifier"), 10, "mandatory"),
    Rule("title_it", _l("Title (Italian)"), 10, "mandatory"),
    Rule("description_it", _l("Description (Italian)"), 10, "mandatory"),
    Rule("themes", _l("Theme"), 10, "mandatory"),
    Rule("modified", _l("Last modified date"), 5, "mandatory"),
    Rule("frequency", _l("Update frequency"), 5, "mandatory"),
    Rule("contact", _l("Contact point with e-mail"), 5, "mandatory"),
    Rule("distribution", _l("At least one distribution with a format"), 5, "mandatory"),
    Rule("licence", _l("Licence"), 10, "fair"),
    Rule("standard", _l("Standard the data conform to"), 10, "fair"),
    Rule("english", _l("English title and description"), 5, "fair"),
    Rule("keywords", _l("Keywords"), 5, "fair"),
    Rule("coding", _l("Coding system"), 5, "fair"),
    Rule("personal", _l("Legal basis and consent codes for personal data"), 5, "fair"),
)

CHECKS = {
    "identifier": lambda d: _has(d.identifier),
    "title_it": lambda d: _has(d.title_it),
    "description_it": lambda d: _has(d.description_it),
    "themes": lambda d: _has(d.themes),
    "modified": lambda d: d.modified is not None,
    "frequency": lambda d: _has(d.frequency),
    "contact": lambda d: _has(d.contact_email),
    "distribution": lambda d: any(_has(x.format) for x in d.distributions),
    "licence": lambda d: _has(d.licence),
    "standard": lambda d: _has(d.conforms_to),
    "english": lambda d: _has(d.title_en) and _has(d.description_en),
    "keywords": lambda d: _has(d.keywords),
    "coding": lambda d: _has(d.coding_systems),
    "personal": _personal_documented,
}

assert sum(r.weight for r in RULES) == 100

# Not scored on its own: caps the score at VALIDATOR_CAP when it fails.
VALIDATOR_RULE = Rule(
    "validators", _l("Passes the DCAT-AP, HealthDCAT-AP and AgID validators"), 0, "validators"
)
VALIDATOR_CAP = 95


def validator_ready(ds) -> bool:
    """The data-dependent conditions of the official validators hold."""
    return bool(ds.distributions) and bool(health_categories(ds))


@dataclass
class Quality:
    """Score, badge level and the rules that failed."""

    score: int
    level: str
    missing: list[Rule]
    passed: list[Rule]


def level_for(score: int) -> str:
    """Badge level of a score."""
    if score >= 90:
        return "high"
    if score >= 70:
        return "good"
    if score >= 50:
        return "fair"
    return "low"


def quality_of(dataset) -> Quality:
    """Evaluate every rule on the dataset."""
    passed, missing = [], []
    for rule in RULES:
        (passed if CHECKS[rule.key](dataset) else missing).append(rule)
    score = sum(r.weight for r in passed)
    if not validator_ready(dataset):
        missing.append(VALIDATOR_RULE)
        score = min(score, VALIDATOR_CAP)
    return Quality(score=score, level=level_for(score), missing=missing, passed=passed)
