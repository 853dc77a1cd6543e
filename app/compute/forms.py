"""Resource, request, decision and usage forms (Flask-WTF)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.compute import labels


def form_data(form) -> dict:
    """Form values as the service expects them."""
    return {k: v for k, v in form.data.items() if k != "csrf_token"}


class ResourceForm(FlaskForm):
    """Describe a computing resource (staff)."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Type of resource"), choices=list(labels.KINDS.items()))
    provider_org_id = SelectField(_l("Provider organisation"), coerce=str)
    provider_name = StringField(_l("Provider (if not on the portal)"), validators=[Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Length(max=10000)])
    gpu_hours_per_quarter = IntegerField(
        _l("Capacity (GPU-hours per quarter)"), validators=[Optional(), NumberRange(0, 10**9)]
    )
    access_conditions = TextAreaField(_l("Access conditions"), validators=[Length(max=10000)])
    eligibility = SelectMultipleField(_l("Who may apply"), choices=list(labels.ELIGIBILITY.items()))
    purposes = SelectMultipleField(_l("For which purposes"), choices=list(labels.PURPOSES.items()))
    cost = StringField(_l("Cost"), validators=[Length(max=200)])
    certifications = SelectMultipleField(
        _l("Certifications"), choices=list(labels.CERTIFICATIONS.items())
    )
    location = SelectField(_l("Where the data stay"), choices=list(labels.LOCATIONS.items()))
    restricted_data_ok = BooleanField(_l("Secure environment for restricted health data"))
    active = BooleanField(_l("Shown in the catalogue"), default=True)


class RequestForm(FlaskForm):
    """Ask for GPU-hours on a resource."""

    org_id = SelectField(_l("Organisation"), coerce=str)
    title = StringField(_l("Project title"), validators=[DataRequired(), Length(max=200)])
    purpose = TextAreaField(_l("What the computation is for"), validators=[DataRequired()])
    gpu_hours = IntegerField(_l("GPU-hours"), validators=[DataRequired(), NumberRange(1, 10**8)])
    period_start = DateField(lazy_pgettext("period", "From"), validators=[DataRequired()])
    period_end = DateField(_l("To"), validators=[DataRequired()])
    needs_restricted_data = BooleanField(_l("The work needs restricted health data"))
    access_request_id = SelectField(_l("Approved data-access request"), coerce=str)


class DecisionForm(FlaskForm):
    """Decide a request."""

    action = SelectField(
        _l("Decision"),
        choices=[
            ("approve", _l("Approve")),
            ("reject", _l("Reject")),
            ("activate", _l("Start the allocation")),
            ("close", _l("Close")),
            ("revoke", _l("Revoke")),
        ],
    )
    allocated_hours = IntegerField(
        _l("GPU-hours allocated"), validators=[Optional(), NumberRange(1, 10**8)]
    )
    conditions = TextAreaField(_l("Conditions"), validators=[Length(max=5000)])
    reason = TextAreaField(
        _l("Reason (for a rejection or revocation)"), validators=[Length(max=5000)]
    )


class UsageForm(FlaskForm):
    """Report the use of one month."""

    period = StringField(_l("Month (YYYY-MM)"), validators=[DataRequired(), Length(max=7)])
    hours_used = IntegerField(
        _l("GPU-hours used"), validators=[DataRequired(), NumberRange(0, 10**8)]
    )
