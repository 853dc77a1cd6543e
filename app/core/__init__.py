"""Shared helpers used by every feature package (time, errors, pagination, text)."""
