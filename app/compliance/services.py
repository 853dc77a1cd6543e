"""Self-assessment services: run and save an assessment, read it back, export it."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from app.audit.services import record_event
from app.auth.permissions import is_authenticated
from app.compliance import rules as rs
from app.compliance.models import Assessment
from app.compliance.permissions import can_assess_for, can_view_assessment, is_expert
from app.core import validate
from app.core.errors import NotFound, PermissionDenied, ValidationError
from app.extensions import db
from app.orgs.models import Organisation

DISCLAIMER = {
    "it": "Questa autovalutazione è una guida orientativa, non una consulenza legale: "
    "per una valutazione vincolante rivolgetevi a un professionista o chiedete agli esperti "
    "della Regione.",
    "en": "This self-assessment is guidance, not legal advice: for a binding assessment "
    "consult a professional or ask the Region's experts.",
}


def _org(actor, data: dict) -> Organisation:
    org_id = validate.integer(data, "org_id", lo=1, required=True)
    org = db.session.get(Organisation, org_id)
    if not can_assess_for(actor, org):
        raise ValidationError(_("org_id: choose one of your organisations."), "org_id")
    return org


def run_assessment(actor, data: dict) -> Assessment:
    """Check the answers against the current rule set and save the result as the next
    version of this product's assessment for the organisation."""
    if not is_authenticated(actor) or not actor.memberships:
        raise PermissionDenied(_("Assessments are saved for an organisation you belong to."))
    org = _org(actor, data)
    product = validate.text(data, "product", required=True, max_len=200)
    answers_in = data.get("answers")
    if not isinstance(answers_in, dict):
        raise ValidationError(_("answers: must be an object of question: answer."), "answers")
    rules = rs.load_rules()
    answers = rs.clean_answers(rules, answers_in)
    result = rs.evaluate(rules, answers)
    last = db.session.execute(
        select(func.max(Assessment.version)).where(
            Assessment.org_id == org.id, Assessment.product == product
        )
    ).scalar_one()
    assessment = Assessment(
        org_id=org.id,
        created_by_id=actor.id,
        product=product,
        version=(last or 0) + 1,
        rules_version=rules["version"],
        answers=answers,
        result=result.as_dict(),
    )
    db.session.add(assessment)
    db.session.flush()
    record_event(
        actor,
        "assessment.saved",
        "assessment",
        assessment.id,
        org=org.id,
        version=assessment.version,
    )
    return assessment


def get_assessment(actor, assessment_id) -> Assessment:
    """An assessment the actor may see (its organisation's members, experts), or NotFound."""
    try:
        assessment = db.session.get(Assessment, int(assessment_id))
    except (TypeError, ValueError):
        assessment = None
    if assessment is None or not can_view_assessment(actor, assessment):
        raise NotFound(_("Assessment not found."))
    return assessment


def my_assessments(actor) -> list[Assessment]:
    """Assessments of the actor's organisations (all of them for experts), newest first."""
    if not is_authenticated(actor):
        raise PermissionDenied(_("Log in first."))
    q = select(Assessment).order_by(Assessment.id.desc())
    if not is_expert(actor):
        q = q.where(Assessment.org_id.in_([m.org_id for m in actor.memberships]))
    return list(db.session.execute(q.limit(200)).scalars())


def report(assessment: Assessment, lang: str) -> dict:
    """The full result in one language: questions with answers and references, obligations
    with article and date, what to prepare, the timeline (used by the page, JSON and PDF)."""
    rules = rs.load_rules()
    questions = []
    for q in rules["questions"]:
        if q["id"] in assessment.answers:
            value = assessment.answers[q["id"]]
            label = q.get("labels", {}).get(value)
            questions.append(
                {
                    "id": q["id"],
                    "ref": q["ref"],
                    "text": rs.text(q["text"], lang),
                    "answer": value,
                    "answer_label": rs.text(label, lang) if label else value,
                }
            )
    obligations = []
    for ob_id in assessment.result.get("obligations", []):
        ob = rs.obligation(rules, ob_id)
        if ob is not None:
            obligations.append(
                {
                    "id": ob_id,
                    "title": rs.text(ob["title"], lang),
                    "ref": ob["ref"],
                    "applies_from": ob["applies_from"],
                    "severity": ob.get("severity", "normal"),
                }
            )
    return {
        "id": assessment.id,
        "organisation": assessment.organisation.name,
        "product": assessment.product,
        "version": assessment.version,
        "rules_version": assessment.rules_version,
        "current_rules_version": rules["version"],
        "rules_date": rules["date"],
        "created_at": assessment.created_at.isoformat(timespec="seconds"),
        "questions": questions,
        "obligations": obligations,
        "prepare": [
            {"id": p, "text": rs.text(rules["prepare"][p], lang)}
            for p in assessment.result.get("prepare", [])
            if p in rules["prepare"]
        ],
        "timeline": assessment.result.get("timeline", []),
        "disclaimer": DISCLAIMER["en" if lang == "en" else "it"],
        "is_demo": assessment.is_demo,
    }
