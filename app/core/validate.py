"""Small validators shared by services: each raises ValidationError naming the field."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from email_validator import EmailNotValidError, validate_email
from flask_babel import get_locale
from flask_babel import gettext as _

from app.core.errors import ValidationError
from app.core.inputs import clean_text


def text(
    data: dict, field: str, *, required: bool = False, max_len: int = 255, default: str = ""
) -> str:
    """Return a stripped string field, checking presence, type and length."""
    value = data.get(field, default)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(_("%(field)s: must be text.", field=field), field)
    value = clean_text(value, field).strip()
    if required and not value:
        raise ValidationError(_("%(field)s: this field is required.", field=field), field)
    if len(value) > max_len:
        raise ValidationError(
            _(
                "%(field)s: at most %(max)d characters (got %(got)d).",
                field=field,
                max=max_len,
                got=len(value),
            ),
            field,
        )
    return value


def email(data: dict, field: str = "email") -> str:
    """Return a normalised e-mail address or raise naming the field."""
    value = text(data, field, required=True, max_len=254)
    try:
        return validate_email(value, check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise ValidationError(
            _("%(field)s: not a valid e-mail address (%(why)s).", field=field, why=exc), field
        ) from exc


def integer(
    data: dict, field: str, *, lo: int | None = None, hi: int | None = None, required: bool = False
) -> int | None:
    """Return an optional integer within [lo, hi]."""
    value = data.get(field)
    if value in (None, ""):
        if required:
            raise ValidationError(_("%(field)s: this field is required.", field=field), field)
        return None
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise ValidationError(_("%(field)s: must be a whole number.", field=field), field)
    try:
        number = int(value)
    except (TypeError, ValueError) as exc:
        raise ValidationError(_("%(field)s: must be a whole number.", field=field), field) from exc
    if (lo is not None and number < lo) or (hi is not None and number > hi):
        raise ValidationError(
            _("%(field)s: must be between %(lo)s and %(hi)s.", field=field, lo=lo, hi=hi), field
        )
    return number


MONEY_LIMIT = Decimal("1000000000000")
"""Default upper bound (exclusive) of an amount in euro: what a NUMERIC(14, 2) column holds."""

_PLAIN_NUMBER = re.compile(r"\d+(\.\d+)?")


def _money_error(field: str, value) -> ValidationError:
    return ValidationError(
        _(
            "%(field)s: %(value)s is not an amount in euro (write e.g. 12500 or 12500,50).",
            field=field,
            value=repr(value) if not isinstance(value, str) else f"«{value}»",
        ),
        field,
    )


def _group_mark() -> str:
    """The thousands separator of the reader's locale: '.' in Italian (the default), ',' in
    English."""
    return "," if str(get_locale() or "it").startswith("en") else "."


def _normalise_money_text(field: str, raw: str) -> str:
    """Italian or English writing -> plain ``1234.5``: a decimal comma or point, optional
    thousands separators when both marks are used (12.500,50 / 12,500.50) or repeated
    (1.250.000). A lone separator before exactly three digits is the locale's thousands
    separator when it is the locale's mark (it: 75.000 = 75000, as the site writes it; en:
    75,000); with the other mark (it: 12,500; en: 12.500) it is refused as ambiguous."""
    s = re.sub(r"[\s\u00a0\u202f€]", "", raw)
    if s.upper().endswith("EUR"):
        s = s[:-3]
    sign = ""
    if s[:1] in "+-":
        sign, s = s[:1], s[1:]
    dots, commas = s.count("."), s.count(",")
    if dots and commas:
        dec = "," if s.rfind(",") > s.rfind(".") else "."
        group = "." if dec == "," else ","
        whole, _sep, frac = s.rpartition(dec)
        if not re.fullmatch(rf"\d{{1,3}}(\{group}\d{{3}})+", whole):
            raise _money_error(field, raw)
        s = whole.replace(group, "") + "." + frac
    elif dots > 1 or commas > 1:
        group = "." if dots else ","
        if not re.fullmatch(rf"\d{{1,3}}(\{group}\d{{3}})+", s):
            raise _money_error(field, raw)
        s = s.replace(group, "")
    elif re.fullmatch(r"\d{1,3}[.,]\d{3}", s) and _group_mark() in s:
        s = s.replace(_group_mark(), "")
    elif re.fullmatch(r"\d{1,3}[.,]\d{3}", s):
        raise ValidationError(
            _(
                "%(field)s: «%(value)s» could mean thousands or decimals; write it without "
                "thousands separators (e.g. 12500 or 12,5).",
                field=field,
                value=raw,
            ),
            field,
        )
    else:
        s = s.replace(",", ".")
    if not _PLAIN_NUMBER.fullmatch(s):
        raise _money_error(field, raw)
    return sign + s


def parse_money(value, field: str, *, limit: Decimal = MONEY_LIMIT) -> Decimal | None:
    """One amount in euro, or ``None`` when empty.

    Accepts numbers and text written the Italian or the English way (see
    :func:`_normalise_money_text`); refuses negative amounts, more than two decimals (never
    rounded silently) and amounts from ``limit`` up, each with a message naming the field.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
        raise _money_error(field, value)
    text_value = _normalise_money_text(field, value) if isinstance(value, str) else str(value)
    try:
        number = Decimal(text_value)
    except InvalidOperation:
        raise _money_error(field, value) from None
    if not number.is_finite():
        raise _money_error(field, value)
    if number < 0:
        raise ValidationError(_("%(field)s: must not be negative.", field=field), field)
    if number >= limit:
        raise ValidationError(
            _("%(field)s: must be less than %(limit)s euro.", field=field, limit=f"{limit:,.0f}"),
            field,
        )
    if number != number.quantize(Decimal("0.01")):
        raise ValidationError(_("%(field)s: at most two decimals.", field=field), field)
    return number.quantize(Decimal("0.01"))


def money(
    data: dict, field: str, *, required: bool = False, limit: Decimal = MONEY_LIMIT
) -> Decimal | None:
    """``data[field]`` as an amount in euro (see :func:`parse_money`)."""
    value = parse_money(data.get(field), field, limit=limit)
    if value is None and required:
        raise ValidationError(_("%(field)s: this field is required.", field=field), field)
    return value


def choice(
    data: dict, field: str, choices, *, required: bool = False, default: str | None = None
) -> str | None:
    """Return a value that must be one of `choices`."""
    value = data.get(field, default)
    if value in (None, ""):
        if required:
            raise ValidationError(_("%(field)s: this field is required.", field=field), field)
        return default
    if value not in choices:
        raise ValidationError(
            _(
                "%(field)s: '%(value)s' is not one of %(choices)s.",
                field=field,
                value=value,
                choices=", ".join(map(str, choices)),
            ),
            field,
        )
    return value


def string_list(
    data: dict, field: str, *, max_items: int = 50, max_len: int = 80, choices=None
) -> list[str]:
    """Return a list of short strings from a list or a comma-separated string."""
    value = data.get(field) or []
    if isinstance(value, str):
        value = [v for v in (x.strip() for x in value.split(",")) if v]
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise ValidationError(_("%(field)s: must be a list of text values.", field=field), field)
    value = list(dict.fromkeys(v.strip() for v in value if v.strip()))
    if len(value) > max_items:
        raise ValidationError(_("%(field)s: at most %(n)d items.", field=field, n=max_items), field)
    for v in value:
        if len(v) > max_len:
            raise ValidationError(
                _(
                    "%(field)s: '%(value)s…' is longer than %(max)d.",
                    field=field,
                    value=v[:20],
                    max=max_len,
                ),
                field,
            )
        if choices is not None and v not in choices:
            raise ValidationError(
                _(
                    "%(field)s: '%(value)s' is not one of %(choices)s.",
                    field=field,
                    value=v,
                    choices=", ".join(choices),
                ),
                field,
            )
    return value


URL_RE = re.compile(r"^https?://[^\s/$.?#].[^\s]*$", re.I)


def url(data: dict, field: str) -> str | None:
    """Return an optional http(s) URL."""
    value = text(data, field, max_len=255)
    if not value:
        return None
    if not URL_RE.match(value):
        raise ValidationError(
            _("%(field)s: must be an http:// or https:// address.", field=field), field
        )
    return value


def a_date(data: dict, field: str, *, required: bool = False) -> date | None:
    """Return an optional ISO date (YYYY-MM-DD)."""
    value = data.get(field)
    if value in (None, ""):
        if required:
            raise ValidationError(_("%(field)s: this field is required.", field=field), field)
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise ValidationError(
            _("%(field)s: must be a date as YYYY-MM-DD.", field=field), field
        ) from exc
