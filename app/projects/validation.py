"""Validators specific to projects: money amounts and percentages."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _

from app.core.errors import ValidationError

MAX_AMOUNT = Decimal("99999999999999")


def to_amount(value, field: str) -> Decimal | None:
    """Parse one money amount (None when empty); negative or non-numeric -> ValidationError."""
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise ValidationError(_("%(field)s: must be an amount in euro.", field=field), field)
    try:
        number = Decimal(str(value).strip().replace(" ", ""))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError(
            _("%(field)s: must be an amount in euro (e.g. 12500.00).", field=field), field
        ) from exc
    if not number.is_finite():
        raise ValidationError(_("%(field)s: must be an amount in euro.", field=field), field)
    if number < 0:
        raise ValidationError(_("%(field)s: must not be negative.", field=field), field)
    if number > MAX_AMOUNT:
        raise ValidationError(_("%(field)s: amount too large.", field=field), field)
    return number.quantize(Decimal("0.01"))


def amount(data: dict, field: str, *, required: bool = False) -> Decimal | None:
    """Return an optional non-negative money amount from data[field]."""
    value = to_amount(data.get(field), field)
    if value is None and required:
        raise ValidationError(_("%(field)s: this field is required.", field=field), field)
    return value


def pct(part, whole) -> float | None:
    """part / whole in percent, or None when whole is empty."""
    if not whole:
        return None
    return round(float(part or 0) * 100 / float(whole), 1)
