"""Date-time parsing and the naive-UTC quirk of SQLite."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_babel import gettext as _

from app.core.errors import ValidationError


def a_datetime(data: dict, field: str, *, required: bool = False) -> datetime | None:
    """An ISO date-time ('2027-01-15T10:00'), in UTC; naive values are read as UTC."""
    value = data.get(field)
    if value in (None, ""):
        if required:
            raise ValidationError(_("%(field)s: this field is required.", field=field), field)
        return None
    if isinstance(value, datetime):
        parsed = value
    else:
        try:
            parsed = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
        except ValueError as exc:
            raise ValidationError(
                _("%(field)s: must be a date and time as YYYY-MM-DDTHH:MM.", field=field), field
            ) from exc
    # Stored in UTC: SQLite keeps an aware value's wall time and drops its offset, so
    # '10:00+01:00' would read back as 10:00 UTC.
    return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def aware(value: datetime | None) -> datetime | None:
    """SQLite returns naive datetimes: read them as UTC so they compare with utcnow()."""
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)
