"""Kind and place rules for real organisations: CORDIS activity type, the Ministry of Health's
IRCCS list (seed_data/irccs.csv), hospital names, and Lombardy from NUTS or the ISTAT comune."""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from app.seeding.names import HOSPITAL_RE, province_code

IRCCS_FILE = Path(__file__).resolve().parents[2] / "seed_data" / "irccs.csv"

# CORDIS activity type -> portal kind (REC = research organisations such as CNR).
ACTIVITY_KINDS = {
    "HES": "university",
    "PRC": "company",
    "PUB": "public_body",
    "REC": "research_institute",
    "OTH": "other",
}

# NUTS 3 codes of Lombardy (NUTS 2021) -> province code.
LOMBARDY_NUTS = {
    "ITC41": "VA",
    "ITC42": "CO",
    "ITC43": "LC",
    "ITC44": "SO",
    "ITC46": "BG",
    "ITC47": "BS",
    "ITC48": "PV",
    "ITC49": "LO",
    "ITC4A": "CR",
    "ITC4B": "MN",
    "ITC4C": "MI",
    "ITC4D": "MB",
}


def _plain(name: str) -> str:
    """Capitals without accents, so that one pattern matches every spelling in the data."""
    text = unicodedata.normalize("NFKD", name or "")
    return "".join(ch for ch in text if not unicodedata.combining(ch)).upper()


@lru_cache(maxsize=1)
def irccs_list() -> tuple[tuple[str, str, re.Pattern], ...]:
    """(name, kind, pattern) of every IRCCS in seed_data/irccs.csv."""
    with IRCCS_FILE.open(encoding="utf-8") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        return tuple((r["name"], r["kind"], re.compile(r["pattern"])) for r in rows)


def irccs_match(name: str) -> tuple[str, str] | None:
    """(IRCCS name, kind) when the organisation name is one of the listed IRCCS."""
    plain = _plain(name)
    for irccs, kind, pattern in irccs_list():
        if pattern.search(plain):
            return irccs, kind
    return None


def org_kind(activity_type: str, name: str) -> str:
    """Portal kind: the IRCCS list first, then a hospital name, then the activity type."""
    found = irccs_match(name)
    if found:
        return found[1]
    if name and HOSPITAL_RE.search(name):
        return "research_hospital"
    return ACTIVITY_KINDS.get((activity_type or "").upper(), "other")


def place(h2020: dict | None, he: dict | None) -> dict:
    """Region, province and Lombardy flag: the Horizon Europe NUTS code where the record has
    one, else the ISTAT comune resolved in the H2020 file."""
    he = he or {}
    h2020 = h2020 or {}
    nuts = (he.get("nuts_code") or "").strip().upper()
    if nuts:
        if nuts.startswith("ITC4"):
            return {"lombardy": True, "region": "Lombardia", "province": LOMBARDY_NUTS.get(nuts)}
        if nuts.startswith("IT"):
            return {
                "lombardy": False,
                "region": he.get("region_name") or None,
                "province": province_code(he.get("nuts_name") or ""),
            }
        return {"lombardy": False, "region": None, "province": None}
    regione = h2020.get("it_regione") or ""
    return {
        "lombardy": h2020.get("is_lombardy") == "1" or regione == "Lombardia",
        "region": regione or None,
        "province": province_code(h2020.get("it_provincia") or "") if regione else None,
    }
