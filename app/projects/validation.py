"""Validators specific to projects: money amounts and percentages."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from app.core.errors import ValidationError

MAX_AMOUNT = Decimal("99999999999999")


def to_amount(value, field: str) -> Decimal | None:
    """Parse one money amount (None when empty); negative or non-numeric -> ValidationError."""
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise ValidationError(f"{field}: must be an amount in euro.", field)
    try:
        number = Decimal(str(value).strip().replace(" ", ""))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError(f"{field}: must be an amount in euro (e.g. 12500.00).", field) \
            from exc
    if not number.is_finite():
        raise ValidationError(f"{field}: must be an amount in euro.", field)
    if number < 0:
        raise ValidationError(f"{field}: must not be negative.", field)
    if number > MAX_AMOUNT:
        raise ValidationError(f"{field}: amount too large.", field)
    return number.quantize(Decimal("0.01"))


def amount(data: dict, field: str, *, required: bool = False) -> Decimal | None:
    """Return an optional non-negative money amount from data[field]."""
    value = to_amount(data.get(field), field)
    if value is None and required:
        raise ValidationError(f"{field}: this field is required.", field)
    return value


def pct(part, whole) -> float | None:
    """part / whole in percent, or None when whole is empty."""
    if not whole:
        return None
    return round(float(part or 0) * 100 / float(whole), 1)
