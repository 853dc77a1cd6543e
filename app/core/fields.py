"""marshmallow fields shared by the API schemas: date-times with an offset, money as text."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_babel import lazy_gettext as _
from marshmallow import ValidationError, fields

# Euro amounts: up to 12 digits before the decimal point and 2 after (the narrowest money
# column is Numeric(14, 2)).
MONEY_PATTERN = r"^[0-9]{1,12}(\.[0-9]{1,2})?$"
MONEY_MAX = 999999999999.99  # a float: the OpenAPI document writes it as a number

# One-line text as app.core.inputs / validate.text accept it: no control, bidi-override or
# invisible characters (documented as the pattern of text parameters, so that clients and
# contract tests know).
ONE_LINE_TEXT = (
    r"^[^\x00-\x08\x0a-\x1f\x7f-\x9f\u00ad\u180e\u200b\u200e\u200f\u202a-\u202e"
    r"\u2060\u2066-\u2069\ufeff]*$"
)

# Text in a request body as app.core.inputs.clean_text accepts it (validate.text): the same
# rule, with line breaks (tab, LF, CR) allowed.
BODY_TEXT = (
    r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u180e\u200b\u200e\u200f\u202a-\u202e"
    r"\u2060\u2066-\u2069\ufeff]*$"
)


class UtcDateTime(fields.DateTime):
    """ISO 8601 date-time that always carries its offset: stored times are UTC, and SQLite
    gives them back without a time zone."""

    def _serialize(self, value, attr, obj, **kwargs):
        if isinstance(value, datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)


def _money_below_max(value) -> None:
    # Only what the column cannot hold (a plain function: apispec would write Range's bounds
    # as strings); a negative amount is the service's to refuse, with its own message.
    if value > MONEY_MAX:
        raise ValidationError(str(_("Must be at most %(max)s.", max="999999999999.99")))


def Money(**kwargs) -> fields.Decimal:  # noqa: N802 - reads like a field class
    """A euro amount as a decimal string ("1250000.00"), never a float: JSON numbers lose
    cents in some clients. Accepts a decimal string or a JSON number on input."""
    metadata = {
        "type": "string",
        "format": "decimal",
        "pattern": MONEY_PATTERN,
        "example": "150000.00",
        **kwargs.pop("metadata", {}),
    }
    kwargs.setdefault("validate", _money_below_max)
    return fields.Decimal(as_string=True, places=None, metadata=metadata, **kwargs)
