"""The versioned rule set of the self-assessment (one JSON data file) and its evaluation.

A condition is ``{"q": id, "in": [values]}``, ``{"all": [conditions]}`` or
``{"any": [conditions]}``. A question with ``ask_if`` is asked only when its condition holds;
an obligation applies when its ``when`` holds. Unanswered questions never satisfy a condition.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from flask_babel import gettext as _

from app.core.errors import ValidationError

RULES_FILE = Path(__file__).with_name("rules_ai_health.json")
SECTIONS = ("ai_act", "mdr", "gdpr")


@cache
def load_rules(path: str = str(RULES_FILE)) -> dict:
    """The rule set, read once per process."""
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def holds(cond: dict | None, answers: dict) -> bool:
    """Evaluate a condition against the answers."""
    if cond is None:
        return True
    if "all" in cond:
        return all(holds(c, answers) for c in cond["all"])
    if "any" in cond:
        return any(holds(c, answers) for c in cond["any"])
    return answers.get(cond["q"]) in cond["in"]


def asked(rules: dict, answers: dict) -> list[dict]:
    """The questions that apply given the answers so far, in order."""
    return [q for q in rules["questions"] if holds(q.get("ask_if"), answers)]


@dataclass
class Result:
    """What applies: obligations (with reference and date), things to prepare, a timeline."""

    version: str
    obligations: list[dict] = field(default_factory=list)
    prepare: list[str] = field(default_factory=list)
    timeline: list[tuple[str, list[str]]] = field(default_factory=list)

    def as_dict(self) -> dict:
        """JSON form stored with the assessment."""
        return {
            "version": self.version,
            "obligations": [o["id"] for o in self.obligations],
            "prepare": self.prepare,
            "timeline": [[d, ids] for d, ids in self.timeline],
        }


def clean_answers(rules: dict, data: dict) -> dict:
    """Keep the answers of the questions that apply; every one must be answered with one of
    its choices (the error names the question)."""
    known = {q["id"]: q for q in rules["questions"]}
    unknown = sorted(k for k in data if k not in known)
    if unknown:
        raise ValidationError(
            _("%(field)s: not a question of this assessment.", field=unknown[0]), unknown[0]
        )
    answers: dict = {}
    # Walk in order: whether a question is asked depends only on earlier answers.
    for q in rules["questions"]:
        if not holds(q.get("ask_if"), answers):
            continue
        value = data.get(q["id"])
        if value in (None, ""):
            raise ValidationError(_("%(field)s: answer this question.", field=q["id"]), q["id"])
        if value not in q["choices"]:
            raise ValidationError(
                _(
                    "%(field)s: '%(value)s' is not one of %(choices)s.",
                    field=q["id"],
                    value=value,
                    choices=", ".join(q["choices"]),
                ),
                q["id"],
            )
        answers[q["id"]] = value
    return answers


def evaluate(rules: dict, answers: dict) -> Result:
    """The obligations that apply, what to prepare, and the dates of application."""
    result = Result(version=rules["version"])
    dates: dict[str, list[str]] = {}
    for ob in rules["obligations"]:
        if holds(ob["when"], answers):
            result.obligations.append(ob)
            dates.setdefault(ob["applies_from"], []).append(ob["id"])
            for item in ob["prepare"]:
                if item not in result.prepare:
                    result.prepare.append(item)
    result.timeline = sorted(dates.items())
    return result


def obligation(rules: dict, ob_id: str) -> dict | None:
    """One obligation of the rule set by id."""
    return next((o for o in rules["obligations"] if o["id"] == ob_id), None)


def text(entry: dict, lang: str) -> str:
    """The text of a bilingual entry in the language (Italian when missing)."""
    return entry.get(lang) or entry.get("it", "")
