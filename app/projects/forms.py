"""Forms of the projects pages (the services validate again and name the field)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DecimalField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.orgs.labels import AREA_LABELS, KIND_LABELS
from app.orgs.models import AREAS, KINDS
from app.projects.labels import OUTPUT_LABELS, ROLE_LABELS, STATUS_LABELS
from app.projects.models import OUTPUT_KINDS, PROJECT_STATUSES
from app.projects.services import ROLES


class CallForm(FlaskForm):
    """Staff: open a funding call."""

    programme = StringField(_l("Programme"), validators=[DataRequired(), Length(max=120)])
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=64)])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=255)])
    description = TextAreaField(_l("Description"), validators=[Length(max=10000)])
    budget = DecimalField(_l("Budget (€)"), validators=[Optional()])
    opens_on = DateField(_l("Opens on"), validators=[Optional()])
    closes_on = DateField(_l("Closes on"), validators=[Optional()])
    eligible_kinds = SelectMultipleField(
        _l("Eligible kinds of organisation"), choices=[(k, KIND_LABELS[k]) for k in KINDS]
    )
    areas = SelectMultipleField(_l("Areas"), choices=[(a, AREA_LABELS[a]) for a in AREAS])

    def to_data(self) -> dict:
        """Form values as the service expects them."""
        return {k: v for k, v in self.data.items() if k != "csrf_token"}


class PartnerForm(Form):
    """One partner row."""

    org = StringField(_l("Organisation (address or id)"), validators=[Length(max=120)])
    role = SelectField(
        _l("Role"), choices=[(r, ROLE_LABELS[r]) for r in ROLES], default="participant"
    )
    cost_share = DecimalField(_l("Cost (€)"), validators=[Optional()])
    grant_amount = DecimalField(_l("Grant (€)"), validators=[Optional()])


class MilestoneForm(Form):
    """One planned milestone row."""

    title = StringField(_l("Milestone"), validators=[Length(max=255)])
    due_date = DateField(_l("Due on"), validators=[Optional()])
    deliverable = StringField(_l("Deliverable"), validators=[Length(max=2000)])


class ProjectForm(FlaskForm):
    """Staff: record a funded project with partners and planned milestones."""

    call_id = SelectField(_l("Funding call"), coerce=int, validators=[DataRequired()])
    acronym = StringField(_l("Acronym"), validators=[DataRequired(), Length(max=64)])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=255)])
    abstract = TextAreaField(_l("Abstract"), validators=[Length(max=20000)])
    lead = StringField(
        _l("Lead organisation (address or id)"), validators=[DataRequired(), Length(max=120)]
    )
    total_cost = DecimalField(_l("Total cost (€)"), validators=[DataRequired()])
    grant_amount = DecimalField(_l("Regional grant (€)"), validators=[DataRequired()])
    start_date = DateField(_l("Start"), validators=[DataRequired()])
    end_date = DateField(_l("End"), validators=[DataRequired()])
    status = SelectField(
        _l("Status"),
        choices=[(s, STATUS_LABELS[s]) for s in ("planned", "active")],
        default="active",
    )
    areas = SelectMultipleField(_l("Areas"), choices=[(a, AREA_LABELS[a]) for a in AREAS])
    partners = FieldList(FormField(PartnerForm), min_entries=5, max_entries=30)
    milestones = FieldList(FormField(MilestoneForm), min_entries=4, max_entries=30)

    def to_data(self) -> dict:
        """Form values as the service expects them (empty rows dropped)."""
        data = {k: v for k, v in self.data.items() if k not in ("csrf_token",)}
        data["partners"] = [p for p in data["partners"] if (p.get("org") or "").strip()]
        data["milestones"] = [m for m in data["milestones"] if (m.get("title") or "").strip()]
        return data


class StatusForm(FlaskForm):
    """Staff: move a project to another status."""

    status = SelectField(
        _l("New status"), choices=[(s, STATUS_LABELS[s]) for s in PROJECT_STATUSES]
    )
    reason = StringField(_l("Reason"), validators=[Length(max=500)])


class ReviewForm(FlaskForm):
    """Staff: accept or return a report."""

    decision = SelectField(
        _l("Decision"), choices=[("accept", _l("Accept")), ("return", _l("Send back"))]
    )
    comment = TextAreaField(_l("Comments"), validators=[Length(max=5000)])


class OutputForm(FlaskForm):
    """The lead's members record a result."""

    kind = SelectField(_l("Kind"), choices=[(k, OUTPUT_LABELS[k]) for k in OUTPUT_KINDS])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=255)])
    doi = StringField(_l("DOI"), validators=[Length(max=255)])
    url = StringField(_l("Link"), validators=[Length(max=255)])
    dataset_id = IntegerField(
        _l("Dataset in the catalogue (id)"), validators=[Optional(), NumberRange(min=1)]
    )
    trl_reached = IntegerField(_l("TRL reached"), validators=[Optional(), NumberRange(1, 9)])
    description = TextAreaField(_l("Description"), validators=[Length(max=5000)])

    def to_data(self) -> dict:
        """Form values as the service expects them."""
        return {k: v for k, v in self.data.items() if k != "csrf_token"}


def report_data(form, project) -> dict:
    """Read the report form (spend_<org>, ms_<id>_* fields) into the service's dict."""
    spending = {}
    for pp in project.partners:
        value = (form.get(f"spend_{pp.org_id}") or "").strip()
        if value:
            spending[str(pp.org_id)] = value
    reached = []
    for m in project.milestones:
        if form.get(f"ms_{m.id}_done"):
            reached.append(
                {
                    "id": m.id,
                    "completed_on": form.get(f"ms_{m.id}_on") or None,
                    "evidence": form.get(f"ms_{m.id}_evidence", ""),
                }
            )
    return {
        "period_start": form.get("period_start"),
        "period_end": form.get("period_end"),
        "spending": spending,
        "milestones_reached": reached,
        "narrative": form.get("narrative", ""),
        "kpis": form.get("kpis", ""),
        "problems": form.get("problems", ""),
    }
