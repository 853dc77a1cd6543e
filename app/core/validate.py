"""Small validators shared by services: each raises ValidationError naming the field."""

from __future__ import annotations

import re
from datetime import date

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _

from app.core.errors import ValidationError


def text(
    data: dict, field: str, *, required: bool = False, max_len: int = 255, default: str = ""
) -> str:
    """Return a stripped string field, checking presence, type and length."""
    value = data.get(field, default)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(_("%(field)s: must be text.", field=field), field)
    value = value.strip()
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
