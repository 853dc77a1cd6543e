"""marshmallow's and webargs' validation messages in the reader's language.

marshmallow writes its messages in English; the API's 422 envelope shows them translated (the
field name is the key of ``errors``, never part of the translated text).
"""

from __future__ import annotations

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

_EXACT = {
    "Missing data for required field.": _l("This field is required."),
    "Field may not be null.": _l("This field may not be empty (null)."),
    "Unknown field.": _l("Unknown field."),
    "Not a valid string.": _l("Not a valid text."),
    "Not a valid integer.": _l("Not a valid whole number."),
    "Not a valid number.": _l("Not a valid number."),
    "Not a valid boolean.": _l("Not a valid boolean (use true or false)."),
    "Not a valid date.": _l("Not a valid date (use YYYY-MM-DD)."),
    "Not a valid datetime.": _l("Not a valid date and time (use ISO 8601 with an offset)."),
    "Not a valid list.": _l("Not a valid list."),
    "Not a valid mapping type.": _l("Not a valid object."),
    "Not a valid email address.": _l("Not a valid e-mail address."),
    "Not a valid URL.": _l("Not a valid URL."),
    "Invalid input type.": _l("The body must be a JSON object."),
    "Invalid value.": _l("Invalid value."),
    "Shorter than minimum length 1.": _l("This field may not be empty."),
    "String does not match expected pattern.": _l("The value does not have the expected form."),
    "Special numeric values (nan or infinity) are not permitted.": _l(
        "Special numeric values (nan or infinity) are not permitted."
    ),
    "Not a valid decimal.": _l("Not a valid decimal number."),
}
_ONE_OF = re.compile(r"^Must be one of: (?P<choices>.*)\.$")
_LENGTH = re.compile(r"^Length must be between (?P<min>\d+) and (?P<max>\d+)\.$")
_LONGER = re.compile(r"^Longer than maximum length (?P<max>\d+)\.$")
_SHORTER = re.compile(r"^Shorter than minimum length (?P<min>\d+)\.$")
_RANGE = re.compile(
    r"^Must be greater than or equal to (?P<min>\S+) and less than or equal to (?P<max>\S+)\.$"
)
_MIN = re.compile(r"^Must be greater than or equal to (?P<min>\S+)\.$")
_MAX = re.compile(r"^Must be less than or equal to (?P<max>\S+)\.$")


_ITEM = re.compile(r"^((?:#\d+: )+)(.*)$", re.S)


def translate_message(text: str) -> str:
    """One marshmallow message in the current locale (other messages are returned as given:
    the services' own are already translated); a list position prefix ("#2: ") is kept."""
    if m := _ITEM.match(text):
        return m[1] + translate_message(m[2])
    if text in _EXACT:
        return str(_EXACT[text])
    if m := _ONE_OF.match(text):
        return _("Must be one of: %(choices)s.", choices=m["choices"])
    if m := _LENGTH.match(text):
        return _("Length must be between %(min)s and %(max)s.", min=m["min"], max=m["max"])
    if m := _LONGER.match(text):
        return _("At most %(max)s characters (or items).", max=m["max"])
    if m := _SHORTER.match(text):
        return _("At least %(min)s characters (or items).", min=m["min"])
    if m := _RANGE.match(text):
        return _("Must be between %(min)s and %(max)s.", min=m["min"], max=m["max"])
    if m := _MIN.match(text):
        return _("Must be at least %(min)s.", min=m["min"])
    if m := _MAX.match(text):
        return _("Must be at most %(max)s.", max=m["max"])
    return text


def translate_messages(errors: dict[str, list[str]]) -> dict[str, list[str]]:
    """Every message of a flat ``{field: [messages]}`` map translated."""
    return {field: [translate_message(str(m)) for m in msgs] for field, msgs in errors.items()}
