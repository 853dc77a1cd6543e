"""CSV that opens right in a spreadsheet (the shared writer of app.core.spreadsheet)."""

from __future__ import annotations

from app.core.spreadsheet import DIALECTS, cell, csv_lines

__all__ = ["DIALECTS", "cell", "csv_lines"]
