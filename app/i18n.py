"""Compile every package's translations/*.po into .mo (run by the Makefile and the tests)."""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent


def compile_catalogs(force: bool = False) -> int:
    """Compile .po files whose .mo is missing or older; return how many were compiled."""
    count = 0
    for po in ROOT.glob("**/translations/*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        if not force and mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as fh:
            catalog = read_po(fh)
        with mo.open("wb") as fh:
            write_mo(fh, catalog)
        count += 1
    return count


if __name__ == "__main__":
    print(f"i18n: compiled {compile_catalogs()} catalogue(s)")
