"""Text helpers: slugs and CSV-safe cells."""

from __future__ import annotations

import hashlib
import re
import unicodedata


def slugify(value: str, max_len: int = 80) -> str:
    """ASCII, lowercase, hyphen-separated slug."""
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    value = re.sub(r"[^a-zA-Z0-9]+", "-", value).strip("-").lower()
    return value[:max_len].strip("-") or "org"


def csv_safe(value) -> object:
    """Escape cells that a spreadsheet would read as a formula (= + - @, tab, CR)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def digest(text: str) -> str:
    """SHA-256 hex digest of a text: what is stored for tokens, and the key of embedded texts."""
    return hashlib.sha256(text.encode()).hexdigest()
