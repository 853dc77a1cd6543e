"""Challenge forms (Flask-WTF). Field checks are light: the services validate everything."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, NumberRange, Optional

from app.challenges.labels import VISIBILITY_LABELS
from app.orgs.labels import AREA_LABELS
from app.orgs.models import AREAS


def _data(form) -> dict:
    return {k: v for k, v in form.data.items() if k != "csrf_token"}


class ChallengeForm(FlaskForm):
    """Draft or edit a challenge."""

    org_id = SelectField(_l("Posting company"), coerce=int, validate_choice=False)
    title = StringField(_l("Title"), validators=[Length(max=200)])
    description = TextAreaField(_l("Problem statement"), validators=[Length(max=10000)])
    expected_outcome = TextAreaField(_l("Expected outcome"), validators=[Length(max=5000)])
    area = SelectField(
        _l("Application area"),
        validate_choice=False,
        choices=[("", "—")] + [(a, AREA_LABELS[a]) for a in AREAS],
    )
    trl_required = IntegerField(
        _l("Required TRL (1-9)"), validators=[Optional(), NumberRange(1, 9)]
    )
    budget = StringField(_l("Budget (euro)"))
    reward = TextAreaField(_l("Reward"), validators=[Length(max=2000)])
    deadline = DateField(_l("Deadline"), validators=[Optional()])
    visibility = SelectField(
        _l("Who can see it"),
        validate_choice=False,
        choices=[(k, v) for k, v in VISIBILITY_LABELS.items()],
    )
    response_requirements = TextAreaField(
        _l("What a response must contain"), validators=[Length(max=5000)]
    )

    def to_data(self) -> dict:
        """Form values as the service expects them."""
        data = _data(self)
        if not self.org_id.choices:
            data.pop("org_id", None)
        return data


class ResponseForm(FlaskForm):
    """Submit or edit a response."""

    org_id = SelectField(_l("Respond on behalf of"), coerce=int, validate_choice=False)
    summary = TextAreaField(_l("Summary"), validators=[Length(max=5000)])
    approach = TextAreaField(_l("Approach"), validators=[Length(max=10000)])
    team = TextAreaField(_l("Team"), validators=[Length(max=10000)])
    trl_current = IntegerField(_l("Current TRL (1-9)"), validators=[Optional(), NumberRange(1, 9)])
    timeline = TextAreaField(_l("Timeline"), validators=[Length(max=10000)])
    estimated_cost = StringField(_l("Estimated cost (euro)"))

    def to_data(self) -> dict:
        """Form values as the service expects them."""
        return _data(self)


# The button forms below (re-rendering the challenge or response page) leave every check to the
# service, so the page says what the API says; ``maxlength`` is the browser's hint only.


class QuestionForm(FlaskForm):
    """Ask a clarification question."""

    question = TextAreaField(_l("Your question"), render_kw={"maxlength": 2000})


class AnswerForm(FlaskForm):
    """Answer a clarification question."""

    answer = TextAreaField(_l("Answer"), render_kw={"maxlength": 4000})


class TransitionForm(FlaskForm):
    """Move the challenge through its workflow."""

    action = HiddenField()
    comment = TextAreaField(_l("Comment (required when returning)"), render_kw={"maxlength": 2000})


class ReviewForm(FlaskForm):
    """Review a response."""

    action = HiddenField()
    feedback = TextAreaField(
        _l("Feedback to the responder (required to request information or reject)"),
        render_kw={"maxlength": 4000},
    )


class InviteOrgForm(FlaskForm):
    """Invite a suggested solver."""

    org_id = HiddenField()


class AttachmentForm(FlaskForm):
    """Upload one file."""

    file = FileField(_l("File (PDF, PNG, JPEG, DOCX, XLSX, CSV)"))
