"""The rule set, reviewed path by path: which obligations a product's answers lead to."""

from __future__ import annotations

import pytest

from app.compliance import rules as rs
from app.core.errors import ValidationError
from tests.builders import IMAGING_SAAS

RULES = rs.load_rules()
NO_AI = {"is_ai": "no", "medical_purpose": "no", "personal_data": "no"}


def _ids(answers: dict) -> list[str]:
    clean = rs.clean_answers(RULES, answers)
    return [o["id"] for o in rs.evaluate(RULES, clean).obligations]


def _with(**over) -> dict:
    return {**IMAGING_SAAS, **over}


def test_rule_file_is_consistent():
    assert RULES["version"] and RULES["date"]
    ids = [q["id"] for q in RULES["questions"]]
    assert len(ids) == len(set(ids))
    choices = {q["id"]: set(q["choices"]) for q in RULES["questions"]}

    def refs(cond):
        if "all" in cond or "any" in cond:
            for c in cond.get("all", []) + cond.get("any", []):
                yield from refs(c)
        else:
            yield cond["q"], cond["in"]

    for i, q in enumerate(RULES["questions"]):
        assert q["ref"] and q["text"]["it"] and q["text"]["en"], q["id"]
        for qid, values in refs(q.get("ask_if") or {"all": []}):
            assert qid in ids[:i], f"{q['id']} depends on a later question {qid}"
            assert set(values) <= choices[qid]
        for c in q.get("labels", {}):
            assert c in q["choices"]
    for ob in RULES["obligations"]:
        assert ob["ref"] and ob["applies_from"] and ob["title"]["it"] and ob["title"]["en"]
        for qid, values in refs(ob["when"]):
            assert qid in choices and set(values) <= choices[qid], ob["id"]
        assert set(ob["prepare"]) <= set(RULES["prepare"]), ob["id"]


def test_diagnostic_imaging_saas_is_high_risk_medical_device_with_dpia():
    ids = _ids(IMAGING_SAAS)
    assert ids == [
        "ai_literacy",
        "high_risk_annex_i",
        "mdr",
        "gdpr_core",
        "art9",
        "dpia",
        "secondary_use",
    ]
    result = rs.evaluate(RULES, rs.clean_answers(RULES, IMAGING_SAAS))
    assert ("2027-08-02", ["high_risk_annex_i"]) in result.timeline
    for item in ("technical_documentation", "risk_management", "data_governance"):
        assert item in result.prepare
    assert {"human_oversight", "post_market_monitoring", "dpia"} <= set(result.prepare)


@pytest.mark.parametrize(
    "answers, present, absent",
    [
        (NO_AI, [], ["ai_literacy", "gdpr_core", "mdr"]),
        (_with(rule11="other"), ["mdr"], ["high_risk_annex_i"]),
        (_with(rule11="critical"), ["high_risk_annex_i", "mdr"], []),
        (_with(ivd="yes", ivd_class="yes"), ["high_risk_annex_i", "ivdr"], ["mdr"]),
        (_with(ivd="yes", ivd_class="no"), ["ivdr"], ["high_risk_annex_i", "mdr"]),
        (_with(medical_purpose="no", annex_iii="yes"), ["high_risk_annex_iii"], ["mdr"]),
        (_with(medical_purpose="no", interacts="yes"), ["transparency"], ["high_risk_annex_i"]),
        (_with(prohibited="yes"), ["prohibited"], []),
        (_with(gpai="yes"), ["gpai"], []),
        (_with(art9_condition="unknown"), ["art9_missing", "art9"], []),
        (_with(is_ai="no", large_scale="no"), ["mdr", "art9"], ["dpia", "ai_literacy"]),
        (_with(health_data="no"), ["gdpr_core"], ["art9", "dpia"]),
        (_with(personal_data="no"), [], ["gdpr_core", "secondary_use", "dpia"]),
    ],
)
def test_paths(answers, present, absent):
    ids = _ids(answers)
    assert set(present) <= set(ids), ids
    assert not set(absent) & set(ids), ids


def test_answers_to_questions_not_asked_are_dropped():
    clean = rs.clean_answers(RULES, {**NO_AI, "rule11": "critical", "prohibited": "yes"})
    assert clean == NO_AI


@pytest.mark.parametrize(
    "answers, field",
    [
        ({}, "is_ai"),
        ({**NO_AI, "is_ai": "maybe"}, "is_ai"),
        ({"is_ai": "yes"}, "prohibited"),
        ({**IMAGING_SAAS, "rule11": ""}, "rule11"),
        ({**NO_AI, "horoscope": "yes"}, "horoscope"),
    ],
)
def test_missing_or_wrong_answer_names_the_question(app, answers, field):
    with pytest.raises(ValidationError) as exc:
        rs.clean_answers(RULES, answers)
    assert exc.value.field == field
