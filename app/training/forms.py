"""Course and attendance forms (Flask-WTF)."""

from __future__ import annotations

from datetime import datetime

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

from app.public.formatting import ROME, to_rome
from app.training import vocab

DT = "%Y-%m-%dT%H:%M"
TIMES = ("starts_at", "ends_at", "registration_deadline")


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
    # Typed and shown in Italian time (Europe/Rome), stored in UTC.
    starts_at = DateTimeLocalField(
        _l("Starts (Italian time)"), format=DT, validators=[DataRequired()]
    )
    ends_at = DateTimeLocalField(_l("Ends (Italian time)"), format=DT, validators=[DataRequired()])
    registration_deadline = DateTimeLocalField(
        _l("Registration deadline (Italian time)"), format=DT, validators=[DataRequired()]
    )
    seats = IntegerField(_l("Seats"), validators=[DataRequired(), NumberRange(1, 100000)])

    @classmethod
    def for_course(cls, course) -> CourseForm:
        """The edit form of a stored course, its times shown in Italian time."""
        form = cls(obj=course)
        for name in TIMES:
            value = getattr(course, name)
            getattr(form, name).data = to_rome(value).replace(tzinfo=None) if value else None
        return form

    def to_data(self) -> dict:
        """Values as the service expects them: the typed times are Italian time."""
        data = {k: v for k, v in self.data.items() if k != "csrf_token"}
        for name in TIMES:
            value = data.get(name)
            if isinstance(value, datetime) and value.tzinfo is None:
                data[name] = value.replace(tzinfo=ROME)
        return data


class AttendanceForm(FlaskForm):
    """Mark one participant as present or absent."""

    attended = SelectField(
        _l("Attended"), choices=[("1", _l("Present")), ("0", _l("Absent"))], validators=[Optional()]
    )
