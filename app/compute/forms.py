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
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    Optional,
    Regexp,
    StopValidation,
    ValidationError,
)

from app.compute import labels
from app.public.formatting import format_num


class WholeNumberField(IntegerField):
    """An integer field whose parse error says what is wrong ('not a whole number'), where
    IntegerField + DataRequired said 'this field is required' about a filled field."""

    def process_formdata(self, valuelist):
        if not valuelist or not str(valuelist[0]).strip():
            self.data = None
            return
        try:
            self.data = int(str(valuelist[0]).strip())
        except ValueError:
            self.data = None
            raise ValueError(
                _l("%(value)s is not a whole number: write it in figures, e.g. 120.")
                % {"value": str(valuelist[0]).strip()[:40]}
            ) from None


class Bounds:
    """NumberRange with the bounds in the reader's number format ('100.000.000' in Italian);
    stops at a parse error (no second message about a number that is not there)."""

    def __init__(self, lo: int, hi: int):
        self.lo, self.hi = lo, hi

    def __call__(self, form, field):
        if field.process_errors:
            raise StopValidation()
        if field.data is not None and not self.lo <= field.data <= self.hi:
            raise ValidationError(
                _l("Must be between %(lo)s and %(hi)s.")
                % {"lo": format_num(self.lo), "hi": format_num(self.hi)}
            )


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
    gpu_hours_per_quarter = WholeNumberField(
        _l("Capacity (GPU-hours per quarter)"), validators=[Optional(), Bounds(0, 10**9)]
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
    gpu_hours = WholeNumberField(_l("GPU-hours"), validators=[InputRequired(), Bounds(1, 10**8)])
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
    allocated_hours = WholeNumberField(
        _l("GPU-hours allocated"), validators=[Optional(), Bounds(1, 10**8)]
    )
    conditions = TextAreaField(_l("Conditions"), validators=[Length(max=5000)])
    reason = TextAreaField(
        _l("Reason (for a rejection or revocation)"), validators=[Length(max=5000)]
    )


class UsageForm(FlaskForm):
    """Report the use of one month."""

    period = StringField(
        _l("Month (YYYY-MM)"),
        validators=[
            DataRequired(),
            Regexp(
                r"^\d{4}-(0[1-9]|1[0-2])$", message=_l("Write the month as YYYY-MM, e.g. 2026-11.")
            ),
        ],
    )
    hours_used = WholeNumberField(
        _l("GPU-hours used"), validators=[InputRequired(), Bounds(0, 10**8)]
    )
