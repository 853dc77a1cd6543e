"""Consultation, thread, expert and guideline forms (Flask-WTF)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from app.compliance import labels


def form_data(form) -> dict:
    """Form values as the service expects them."""
    return {k: v for k, v in form.data.items() if k != "csrf_token"}


class ConsultationForm(FlaskForm):
    """Ask an expert."""

    org_id = SelectField(_l("Organisation"), coerce=str)
    assessment_id = HiddenField()
    topic = SelectField(_l("Topic"), choices=list(labels.TOPICS.items()))
    urgency = SelectField(_l("Urgency"), choices=list(labels.URGENCIES.items()), default="normal")
    subject = StringField(_l("Subject"), validators=[DataRequired(), Length(max=200)])
    body = TextAreaField(_l("Your question"), validators=[DataRequired(), Length(max=10000)])


class MessageForm(FlaskForm):
    """A message in the thread."""

    body = TextAreaField(_l("Message"), validators=[DataRequired(), Length(max=10000)])


class AssignForm(FlaskForm):
    """Take or assign a consultation."""

    expert_id = SelectField(_l("Expert"), coerce=str, validators=[Optional()])


class CloseForm(FlaskForm):
    """Close with an outcome."""

    outcome = TextAreaField(_l("Outcome"), validators=[DataRequired(), Length(max=5000)])


class ExpertForm(FlaskForm):
    """Appoint an expert."""

    email = EmailField(_l("E-mail of a registered person"), validators=[DataRequired()])
    topics = SelectMultipleField(_l("Topics"), choices=list(labels.TOPICS.items()))


class GuidelineForm(FlaskForm):
    """Edit a guideline in Markdown."""

    title_it = StringField(_l("Title (Italian)"), validators=[DataRequired(), Length(max=200)])
    title_en = StringField(_l("Title (English)"), validators=[Length(max=200)])
    body_it = TextAreaField(_l("Text in Markdown (Italian)"), validators=[DataRequired()])
    body_en = TextAreaField(_l("Text in Markdown (English)"))
