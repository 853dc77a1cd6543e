"""Validators specific to projects: the money limit of their columns, and percentages."""

from __future__ import annotations

from decimal import Decimal

MONEY_LIMIT = Decimal("100000000000000")
"""Project amounts live in NUMERIC(16, 2) columns (calls, projects, partners)."""


def pct(part, whole) -> float | None:
    """part / whole in percent, or None when whole is empty."""
    if not whole:
        return None
    return round(float(part or 0) * 100 / float(whole), 1)
