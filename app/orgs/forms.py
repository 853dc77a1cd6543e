"""Organisation forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from app.orgs.labels import AREA_LABELS, KIND_LABELS, SIZE_LABELS
from app.orgs.models import AREAS, KINDS, SIZE_BANDS


class OrgForm(FlaskForm):
    """Create or edit an organisation profile."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=255)])
    kind = SelectField(_l("Kind"), choices=[])
    description = TextAreaField(_l("Description"), validators=[Length(max=5000)])
    competences = StringField(_l("Competences (comma-separated)"), validators=[Length(max=2000)])
    offers = TextAreaField(_l("What we offer"), validators=[Length(max=2000)])
    seeks = TextAreaField(_l("What we seek"), validators=[Length(max=2000)])
    areas = SelectMultipleField(_l("Application areas"), choices=[])
    trl_min = IntegerField(_l("TRL from"), validators=[Optional(), NumberRange(1, 9)])
    trl_max = IntegerField(_l("TRL to"), validators=[Optional(), NumberRange(1, 9)])
    province = StringField(_l("Province"), validators=[Length(max=64)])
    city = StringField(_l("City"), validators=[Length(max=120)])
    website = URLField(_l("Website"), validators=[Optional(), Length(max=255)])
    vat_number = StringField(_l("VAT / fiscal code"), validators=[Length(max=32)])
    ateco_code = StringField(_l("ATECO code"), validators=[Length(max=16)])
    founded = IntegerField(_l("Founded (year)"), validators=[Optional(), NumberRange(1000, 2100)])
    size_band = SelectField(_l("Size"), choices=[])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Labels as plain strings in the request's locale: WTForms escapes an option label with
        # markupsafe, and a lazy string counts as markup, so "Micro (<10)" went out unescaped.
        self.kind.choices = [(k, str(KIND_LABELS[k])) for k in KINDS]
        self.areas.choices = [(a, str(AREA_LABELS[a])) for a in AREAS]
        self.size_band.choices = [("", "—")] + [(s, str(SIZE_LABELS[s])) for s in SIZE_BANDS]

    def to_data(self) -> dict:
        """Form values as the service expects them."""
        data = {k: v for k, v in self.data.items() if k != "csrf_token"}
        data["competences"] = data.get("competences") or ""
        return data


class InviteForm(FlaskForm):
    """Invite a member by e-mail."""

    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    role = SelectField(_l("Role"), choices=[("member", _l("Member")), ("owner", _l("Owner"))])
