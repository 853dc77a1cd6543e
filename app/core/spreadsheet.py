"""Exports that open right in a spreadsheet: CSV with a BOM in two dialects, typed XLSX.

CSV dialects: ``it`` (the default) with ``;`` as separator and decimal comma, as a spreadsheet
in Italian expects; ``intl`` with ``,`` and decimal point (RFC 4180 style). Both are UTF-8 with
a byte-order mark (so that Excel reads the accents right) and formula-escaped text cells.
XLSX: numbers, money and dates are typed cells; text that a spreadsheet would run as a formula
is stored as text (no visible apostrophe).
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

from openpyxl import Workbook

from app.core.text import csv_safe

DIALECTS = {"it": (";", ","), "intl": (",", ".")}
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def dialect_of(value: str | None) -> str:
    """The dialect asked for (``?dialect=intl``), else the Italian default."""
    return value if value in DIALECTS else "it"


def cell(value, decimal_mark: str) -> object:
    """One CSV cell: money with two decimals in the dialect's mark, ISO dates, escaped text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", decimal_mark)
    if isinstance(value, float):
        return f"{value:g}".replace(".", decimal_mark)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return csv_safe(value)


def csv_lines(names: list[str], rows, dialect: str, header: list[str] | None = None):
    """Yield the CSV text line by line (BOM first), so big exports stream. ``rows`` are dicts
    keyed by ``names``; ``header`` is the first line (default: the names)."""
    sep, mark = DIALECTS[dialect]
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=sep, lineterminator="\r\n")
    writer.writerow(header or names)
    yield "\ufeff" + buf.getvalue()
    for row in rows:
        buf.seek(0)
        buf.truncate()
        writer.writerow([cell(row.get(n), mark) for n in names])
        yield buf.getvalue()


def csv_text(names: list[str], rows, dialect: str = "it", header: list[str] | None = None) -> str:
    """The whole CSV as one string (see :func:`csv_lines`)."""
    return "".join(csv_lines(names, rows, dialect, header))


def xlsx_bytes(title: str, names: list[str], rows, header: list[str] | None = None) -> bytes:
    """One sheet with a frozen header row, typed number and date cells, text kept as text."""
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.append(header or names)
    for row in rows:
        ws.append([_xlsx_value(row.get(n)) for n in names])
        for c in ws[ws.max_row]:
            if isinstance(c.value, str) and c.value.startswith(_FORMULA_START):
                c.data_type = "s"  # text, not a formula; shown as typed
                c.quotePrefix = True  # and stays text when someone edits it
            elif isinstance(c.value, Decimal):
                c.number_format = "#,##0.00"
            elif isinstance(c.value, date):
                c.number_format = "yyyy-mm-dd"
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _xlsx_value(value):
    if value is None:
        return None
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)  # XLSX has no time zones: UTC
    if isinstance(value, bool | int | float | Decimal | date):
        return value
    return str(value)
