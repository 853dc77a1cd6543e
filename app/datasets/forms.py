"""Dataset, distribution, certification, access-request and review forms (Flask-WTF)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.datasets import vocab
from app.datasets.models import ACCESS_RIGHTS, CODING_SYSTEMS, PERSONAL_DATA_LEVELS, STANDARDS

BLANK = [("", "—")]


def _data(form) -> dict:
    """Form values as the service expects them (no CSRF token, no None dates as objects)."""
    return {k: v for k, v in form.data.items() if k != "csrf_token"}


class DatasetForm(FlaskForm):
    """Describe a dataset (DCAT-AP_IT + HealthDCAT-AP)."""

    publisher_org_id = SelectField(_l("Publisher"), coerce=str)
    identifier = StringField(_l("Identifier"), validators=[DataRequired(), Length(max=128)])
    title_it = StringField(_l("Title (Italian)"), validators=[DataRequired(), Length(max=255)])
    title_en = StringField(_l("Title (English)"), validators=[Length(max=255)])
    description_it = TextAreaField(
        _l("Description (Italian)"), validators=[DataRequired(), Length(max=10000)]
    )
    description_en = TextAreaField(_l("Description (English)"), validators=[Length(max=10000)])
    themes = SelectMultipleField(_l("Themes"), choices=list(vocab.THEMES.items()))
    keywords = StringField(_l("Keywords (comma-separated)"), validators=[Length(max=2000)])
    issued = DateField(_l("Issued"), validators=[Optional()])
    modified = DateField(_l("Last modified"), validators=[Optional()])
    frequency = SelectField(
        _l("Update frequency"), default="", choices=BLANK + list(vocab.FREQUENCIES.items())
    )
    temporal_start = DateField(_l("Temporal coverage from"), validators=[Optional()])
    temporal_end = DateField(_l("Temporal coverage to"), validators=[Optional()])
    spatial = StringField(_l("Spatial coverage"), validators=[Length(max=120)])
    licence = SelectField(
        _l("Licence"), default="", choices=BLANK + [(k, v[0]) for k, v in vocab.LICENCES.items()]
    )
    conforms_to = SelectMultipleField(_l("Standards"), choices=[(s, s) for s in STANDARDS])
    coding_systems = SelectMultipleField(
        _l("Coding systems"), choices=[(s, s) for s in CODING_SYSTEMS]
    )
    number_of_records = IntegerField(
        _l("Number of records"), validators=[Optional(), NumberRange(0, 10**12)]
    )
    number_of_individuals = IntegerField(
        _l("Number of individuals"), validators=[Optional(), NumberRange(0, 10**12)]
    )
    personal_data = SelectField(
        _l("Personal data"),
        choices=[(p, vocab.PERSONAL_DATA_LABELS[p]) for p in PERSONAL_DATA_LEVELS],
    )
    legal_basis = SelectField(
        _l("Legal basis"), default="", choices=BLANK + list(vocab.LEGAL_BASES.items())
    )
    consent_codes = SelectMultipleField(
        _l("Consent / data-use conditions (DUO)"),
        choices=[(c, f"{c} {v[0]} – {v[1]}") for c, v in vocab.DUO.items()],
    )
    access_rights = SelectField(
        _l("Access rights"), choices=[(a, vocab.ACCESS_RIGHTS_LABELS[a]) for a in ACCESS_RIGHTS]
    )
    contact_name = StringField(_l("Contact point name"), validators=[Length(max=120)])
    contact_email = EmailField(_l("Contact point e-mail"), validators=[Length(max=254)])
    health_categories = SelectMultipleField(
        _l("Categories of health data (EHDS)"), choices=list(vocab.HEALTH_CATEGORIES.items())
    )
    legislation = SelectMultipleField(
        _l("Further applicable legislation"),
        choices=[(k, v[0]) for k, v in vocab.LEGISLATION.items() if k in ("AI_ACT", "DGA")],
    )
    purposes = SelectMultipleField(
        _l("Purposes the data may be used for"), choices=list(vocab.PURPOSES.items())
    )
    population_coverage = TextAreaField(_l("Population coverage"), validators=[Length(max=2000)])
    retention_until = DateField(_l("Data kept until"), validators=[Optional()])
    has_structured_data = SelectField(
        _l("Structured data"),
        default="",
        choices=[
            ("", _l("From the formats of the distributions")),
            ("true", _l("Yes (tables, records, coded values)")),
            ("false", _l("No (images, documents, free text)")),
        ],
    )

    def to_data(self, include_publisher: bool = True) -> dict:
        """Values for create_dataset / update_dataset."""
        data = _data(self)
        if not include_publisher:
            data.pop("publisher_org_id", None)
        for f in ("frequency", "licence", "legal_basis"):
            data[f] = data.get(f) or None
        data["has_structured_data"] = {"true": True, "false": False}.get(
            data.get("has_structured_data") or ""
        )
        return data


class DistributionForm(FlaskForm):
    """Add a distribution. The URL is write-only: it is never displayed for restricted data."""

    title = StringField(_l("Title"), validators=[Length(max=255)])
    format = SelectField(_l("Format"), choices=[(f, vocab.format_label(f)) for f in vocab.FORMATS])
    access_url = StringField(_l("Access URL"), validators=[Length(max=255)])
    download_url = StringField(_l("Download URL"), validators=[Length(max=255)])
    file = FileField(_l("Or upload the file"))
    byte_size = IntegerField(_l("Size in bytes"), validators=[Optional(), NumberRange(0)])
    media_type = StringField(_l("Media type"), validators=[Length(max=100)])
    checksum = StringField(_l("Checksum (sha256:…)"), validators=[Length(max=140)])

    def to_data(self) -> dict:
        """Values for add_distribution (the file is passed apart)."""
        data = _data(self)
        data.pop("file", None)
        return data


class CertifyForm(FlaskForm):
    """Staff: certification level (empty withdraws it)."""

    level = SelectField(
        _l("Certification level"),
        choices=[("", _l("None (withdraw)"))] + list(vocab.CERTIFICATION_LEVELS.items()),
    )


class RequestStep1Form(FlaskForm):
    """Stepper, step 1: organisation and purpose."""

    org_id = SelectField(_l("Requesting organisation"), coerce=str, default="")
    purpose = SelectField(_l("Purpose"), choices=list(vocab.PURPOSES.items()))


class RequestStep2Form(FlaskForm):
    """Stepper, step 2: research question, data and period."""

    research_question = TextAreaField(_l("Research question"), validators=[Length(max=5000)])
    variables = TextAreaField(_l("Data and variables needed"), validators=[Length(max=5000)])
    period_start = DateField(_l("Period of use from"), validators=[Optional()])
    period_end = DateField(_l("Period of use to"), validators=[Optional()])


class RequestStep3Form(FlaskForm):
    """Stepper, step 3: legal basis, safeguards, whether anonymised data would do."""

    legal_basis = SelectField(
        _l("Legal basis"), default="", choices=BLANK + list(vocab.LEGAL_BASES.items())
    )
    safeguards = TextAreaField(_l("Safeguards"), validators=[Length(max=5000)])
    anonymised_ok = BooleanField(_l("Anonymised data would be enough"))


class RequestStep4Form(FlaskForm):
    """Stepper, step 4: processing environment and compute."""

    environment = TextAreaField(_l("Processing environment"), validators=[Length(max=5000)])
    compute = TextAreaField(_l("Compute needed"), validators=[Length(max=5000)])


STEP_FORMS = {1: RequestStep1Form, 2: RequestStep2Form, 3: RequestStep3Form, 4: RequestStep4Form}


class ReviewForm(FlaskForm):
    """Publisher decision."""

    action = SelectField(
        _l("Decision"),
        choices=[
            ("start", _l("Start the review")),
            ("approve", _l("Approve")),
            ("changes", _l("Ask for changes")),
            ("reject", _l("Reject")),
            ("revoke", _l("Revoke")),
        ],
    )
    conditions = TextAreaField(_l("Conditions"), validators=[Length(max=5000)])
    expires_on = DateField(_l("Approval expires on"), validators=[Optional()])
    reason = TextAreaField(_l("Reasons"), validators=[Length(max=5000)])

    def to_data(self) -> dict:
        """Values for review_request."""
        return _data(self)
