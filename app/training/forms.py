"""Course and attendance forms (Flask-WTF)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateTimeLocalField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.training import vocab

DT = "%Y-%m-%dT%H:%M"


class CourseForm(FlaskForm):
    """Describe a course, webinar or event."""

    provider_org_id = SelectField(_l("Provider"), coerce=str)
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    summary = StringField(_l("Summary"), validators=[Length(max=500)])
    description = TextAreaField(_l("Description"), validators=[Length(max=10000)])
    kind = SelectField(_l("Type"), choices=list(vocab.KINDS.items()))
    topic = SelectField(_l("Topic"), choices=list(vocab.TOPICS.items()))
    audience = SelectMultipleField(_l("Audience"), choices=list(vocab.AUDIENCES.items()))
    level = SelectField(_l("Level"), choices=list(vocab.LEVELS.items()))
    format = SelectField(_l("Delivery format"), choices=list(vocab.FORMATS.items()))
    place = StringField(_l("Place"), validators=[Length(max=200)])
    online_url = StringField(_l("Online link"), validators=[Length(max=255)])
    language = SelectField(_l("Language"), choices=list(vocab.LANGUAGES.items()))
    starts_at = DateTimeLocalField(_l("Starts (UTC)"), format=DT, validators=[DataRequired()])
    ends_at = DateTimeLocalField(_l("Ends (UTC)"), format=DT, validators=[DataRequired()])
    registration_deadline = DateTimeLocalField(
        _l("Registration deadline (UTC)"), format=DT, validators=[DataRequired()]
    )
    seats = IntegerField(_l("Seats"), validators=[DataRequired(), NumberRange(1, 100000)])

    def to_data(self) -> dict:
        """Values as the service expects them."""
        return {k: v for k, v in self.data.items() if k != "csrf_token"}


class AttendanceForm(FlaskForm):
    """Mark one participant as present or absent."""

    attended = SelectField(
        _l("Attended"), choices=[("1", _l("Present")), ("0", _l("Absent"))], validators=[Optional()]
    )
