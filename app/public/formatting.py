"""Dates, times, numbers and money as the reader's locale writes them (Italian first).

Times are stored in UTC and shown in Europe/Rome, without seconds; numbers use the locale's
separators (it: 1.234,56; en: 1,234.56). Templates use the filters `dt`, `day`,
`time_of_day`, `num` and `eur`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

from babel import dates as babel_dates
from babel import numbers as babel_numbers
from flask_babel import get_locale, gettext

ROME = ZoneInfo("Europe/Rome")
EMPTY = "—"


def _locale() -> str:
    return str(get_locale() or "it")


def _date_locale() -> str:
    """The locale dates and times are written in: English pages use the British forms
    ('4 Dec 2026, 21:12'), as EU and Italian public bodies write English, not the US
    'Dec 4, 2026, 9:12 PM'."""
    loc = _locale()
    return "en_GB" if loc == "en" else loc


def to_rome(value: datetime) -> datetime:
    """A stored time (UTC; naive ones are UTC too, as SQLite returns them) in Europe/Rome."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(ROME)


def format_dt(value) -> str:
    """'1 dic 2026, 14:30' (it) / '1 Dec 2026, 14:30' (en); dates alone without a time."""
    if value in (None, ""):
        return EMPTY
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if not isinstance(value, datetime):
        return format_day(value)
    local, loc = to_rome(value), _date_locale()
    day = babel_dates.format_date(local.date(), "medium", locale=loc)
    return f"{day}, {babel_dates.format_time(local.time(), 'short', locale=loc)}"


def format_time(value) -> str:
    """The time of day in Europe/Rome, without seconds: '14:30' (it and en)."""
    if value in (None, ""):
        return EMPTY
    return babel_dates.format_time(to_rome(value).time(), "short", locale=_date_locale())


def format_day(value) -> str:
    """'1 dic 2026' (it) / '1 Dec 2026' (en)."""
    if value in (None, ""):
        return EMPTY
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, datetime):
        value = to_rome(value).date()
    return babel_dates.format_date(value, "medium", locale=_date_locale())


def format_num(value, decimals: int | None = None) -> str:
    """A number with the locale's separators; `decimals` fixes the digits after the mark."""
    if value in (None, ""):
        return EMPTY
    pattern = None if decimals is None else "#,##0" + ("." + "0" * decimals if decimals else "")
    return babel_numbers.format_decimal(
        _decimal(value), format=pattern, locale=_locale(), decimal_quantization=True
    )


def _decimal(value) -> Decimal:
    """A Decimal of an int, Decimal, float, numeric string or Fraction (the quality score's
    points are Fractions: str(Fraction(40, 3)) is '40/3', not a number)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(str(value))


def format_eur(value) -> str:
    """An amount in euro: '1.234.567 €' (it) / '€1,234,567' (en); cents only when present."""
    if value in (None, ""):
        return EMPTY
    amount = Decimal(str(value))
    cents = amount != amount.to_integral_value()
    pattern = None if cents else "¤#,##0" if _locale().startswith("en") else "#,##0\u00a0¤"
    return babel_numbers.format_currency(
        amount, "EUR", format=pattern, locale=_locale(), currency_digits=cents
    )


def format_bytes(value) -> str:
    """A size in bytes with decimal units and the locale's separators: '2,4 GB' (it) /
    '2.4 GB' (en); Jinja's filesizeformat writes the English point in Italian too."""
    if value in (None, ""):
        return EMPTY
    size = Decimal(int(value))
    for unit in ("B", "kB", "MB", "GB", "TB"):
        if size < 1000 or unit == "TB":
            digits = 0 if unit == "B" else 1
            return f"{format_num(size, digits)}\u00a0{unit}"
        size /= 1000
    return EMPTY  # not reached


def quarter_label(key: str) -> str:
    """'2025-Q1' as the reader writes a quarter: 'T1 2025' (it), 'Q1 2025' (en)."""
    year, sep, number = (key or "").partition("-Q")
    if not sep:
        return key
    return gettext("Q%(number)s %(year)s", number=number, year=year)


def date_input(value) -> str:
    """The value of an `<input type=date>`: the ISO day, or '' for anything else (a typed
    non-date sent back by hand is not a valid value of a date input; the error names it)."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(str(value or "").strip()).isoformat()
    except ValueError:
        return ""


FILTERS = {
    "bytes": format_bytes,
    "date_input": date_input,
    "quarter": quarter_label,
    "dt": format_dt,
    "day": format_day,
    "time_of_day": format_time,
    "num": format_num,
    "eur": format_eur,
}
