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


def catalogue_conflicts() -> list[str]:
    """Entries that two packages translate differently under the same msgid and msgctxt.

    Flask-Babel merges the packages' catalogues into one and the first one found wins, so such
    an entry shows one package's wording on another's page ("Tutti" for "Tutte"). Give the
    entries different contexts (``pgettext("organisation kinds", "All")``) instead."""
    seen: dict[tuple, dict[str, str]] = {}
    for po in sorted(ROOT.glob("**/translations/*/LC_MESSAGES/*.po")):
        with po.open("rb") as fh:
            catalog = read_po(fh)
        package = po.relative_to(ROOT).parts[0]
        for message in catalog:
            if not message.id:
                continue
            msgid = message.id if isinstance(message.id, str) else message.id[0]
            text = message.string if isinstance(message.string, str) else message.string[0]
            seen.setdefault((message.context, msgid), {})[package] = text
    return [
        f"{msgid!r} (context {ctx!r}): {by}"
        for (ctx, msgid), by in seen.items()
        if len(set(by.values())) > 1
    ]


if __name__ == "__main__":
    print(f"i18n: compiled {compile_catalogs()} catalogue(s)")
