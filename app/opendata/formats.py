"""CSV that opens right in a spreadsheet: UTF-8 with BOM, formula-escaped cells.

Two dialects: `it` (default) with `;` as separator and decimal comma, as an Italian spreadsheet
expects; `intl` with `,` and decimal point (RFC 4180 style).
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal

from app.core.text import csv_safe

DIALECTS = {"it": (";", ","), "intl": (",", ".")}


def cell(value, decimal_mark: str) -> object:
    """One CSV cell: money with two decimals in the dialect's mark, ISO dates, escaped text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", decimal_mark)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return csv_safe(value)


def csv_lines(names: list[str], rows, dialect: str):
    """Yield the CSV text line by line (BOM first), so big exports stream."""
    sep, mark = DIALECTS[dialect]
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=sep, lineterminator="\r\n")
    writer.writerow(names)
    yield "\ufeff" + buf.getvalue()
    for row in rows:
        buf.seek(0)
        buf.truncate()
        writer.writerow([cell(row[n], mark) for n in names])
        yield buf.getvalue()
