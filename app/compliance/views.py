"""Helpdesk pages: the self-assessment, its result and exports, guidelines."""

from __future__ import annotations

import json

import click
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.auth.forms import EmptyForm
from app.compliance import guidelines, labels, pdf, services
from app.compliance import rules as rs
from app.compliance.demo import seed_demo
from app.compliance.forms import GuidelineForm, form_data
from app.compliance.permissions import can_edit_guidelines, is_expert
from app.core.errors import NotFound
from app.core.forms import submit_form
from app.extensions import db

bp = Blueprint("compliance", __name__, url_prefix="/compliance", cli_group="compliance")


def lang() -> str:
    """'en' or 'it' for the bilingual texts of the rule set and the guidelines."""
    return "en" if str(get_locale()) == "en" else "it"


@bp.context_processor
def _labels():
    """Labels, the rule-set text helper and permissions for the compliance templates."""
    return {
        "cl": labels,
        "rtext": lambda entry: rs.text(entry, lang()),
        "is_expert": is_expert,
        "can_edit_guidelines": can_edit_guidelines,
    }


@bp.route("")
def index():
    """What the helpdesk offers; my assessments and consultations when logged in."""
    mine = services.my_assessments(current_user) if current_user.is_authenticated else []
    return render_template(
        "compliance/index.html",
        rules=rs.load_rules(),
        assessments=mine[:20],
        guides=guidelines.list_guidelines(),
    )


def _answers_from_form() -> dict:
    rules = rs.load_rules()
    return {
        q["id"]: request.form.get(f"q_{q['id']}", "")
        for q in rules["questions"]
        if request.form.get(f"q_{q['id']}")
    }


@bp.route("/assess", methods=["GET", "POST"])
@login_required
def assess():
    """The guided self-assessment (questions appear as earlier answers make them relevant)."""
    if not current_user.memberships:
        flash(_("Create or join an organisation first: assessments are saved for it."), "info")
        return redirect(url_for("compliance.index"))
    form = EmptyForm()
    answers = _answers_from_form() if request.method == "POST" else {}

    def page():
        rules = rs.load_rules()
        return render_template(
            "compliance/assess.html",
            rules=rules,
            form=form,
            error=getattr(form, "service_error", None),
            answers=answers,
            asked={q["id"] for q in rs.asked(rules, answers)},
            values=request.form,
            guides={g.slug for g in guidelines.list_guidelines()},
        )

    return submit_form(
        form,
        lambda: services.run_assessment(
            current_user,
            {
                "org_id": request.form.get("org_id"),
                "product": request.form.get("product", ""),
                "answers": answers,
            },
        ),
        lambda assessment: redirect(url_for("compliance.assessment", assessment_id=assessment.id)),
        page,
    )


@bp.route("/assessments/<int:assessment_id>")
@login_required
def assessment(assessment_id: int):
    """The result: obligations with article and date, what to prepare, the timeline."""
    a = services.get_assessment(current_user, assessment_id)
    return render_template("compliance/assessment.html", a=a, rep=services.report(a, lang()))


@bp.route("/assessments/<int:assessment_id>.json")
@login_required
def assessment_json(assessment_id: int):
    """The result as JSON (download)."""
    a = services.get_assessment(current_user, assessment_id)
    body = json.dumps(services.report(a, lang()), ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="assessment-{a.id}.json"'},
    )


@bp.route("/assessments/<int:assessment_id>.pdf")
@login_required
def assessment_pdf(assessment_id: int):
    """The result as PDF (download)."""
    a = services.get_assessment(current_user, assessment_id)
    body = pdf.assessment_pdf(
        services.report(a, lang()),
        {
            "title": _("Regulatory self-assessment"),
            "rules": _("Rule set"),
            "obligations": _("Obligations that apply"),
            "none": _("No obligation found for these answers."),
            "from": _("applies from"),
            "prepare": _("What to prepare"),
            "timeline": _("Timeline"),
            "answers": _("Your answers"),
        },
    )
    return Response(
        body,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="assessment-{a.id}.pdf"'},
    )


@bp.route("/guidelines/<slug>")
def guideline(slug: str):
    """A practical guideline."""
    g = guidelines.get_guideline(slug)
    body = (g.body_en if lang() == "en" and g.body_en else g.body_it) or ""
    return render_template(
        "compliance/guideline.html", g=g, html=guidelines.render_markdown(body), lang=lang()
    )


@bp.route("/guidelines/<slug>/edit", methods=["GET", "POST"])
@login_required
def guideline_edit(slug: str):
    """Create or edit a guideline (staff)."""
    if not can_edit_guidelines(current_user):
        abort(403)
    try:
        g = guidelines.get_guideline(slug)
    except NotFound:
        g = None
    form = GuidelineForm(obj=g) if request.method == "GET" else GuidelineForm()

    def saved(_guideline):
        flash(_("Guideline saved."), "success")
        return redirect(url_for("compliance.guideline", slug=slug))

    return submit_form(
        form,
        lambda: guidelines.save_guideline(current_user, slug, form_data(form)),
        saved,
        lambda: render_template("compliance/guideline_edit.html", form=form, slug=slug, g=g),
    )


@bp.cli.command("demo")
def demo_cmd() -> None:
    """Load the demo guidelines, assessments and consultation (idempotent)."""
    stats = seed_demo()
    db.session.commit()
    click.echo("compliance demo: " + ", ".join(f"{k}={v}" for k, v in stats.items()))
