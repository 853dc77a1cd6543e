"""Likely duplicates of a new organisation: same VAT / fiscal code, same web domain, or a very
similar name (legal forms and accents ignored). Creating an organisation looks here first, so
that an imported record can be claimed instead of copied."""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from urllib.parse import urlparse

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from app.extensions import db
from app.orgs.models import Organisation

LEGAL_FORMS = {"srl", "srls", "spa", "sapa", "snc", "sas", "scarl", "scrl", "onlus", "soc", "coop"}


def domain_of(url: str | None) -> str | None:
    """The host of a web address without 'www.', or None."""
    if not url:
        return None
    host = (urlparse(url if "//" in url else f"//{url}").hostname or "").lower()
    host = host.removeprefix("www.")
    return host if "." in host else None


def website_domain(org: Organisation) -> str | None:
    """The organisation's own web domain from its website (without 'www.'), if any."""
    return domain_of(org.website)


def _norm_name(name: str) -> str:
    name = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().lower()
    words = [w for w in re.split(r"[^a-z0-9]+", name) if w and w not in LEGAL_FORMS]
    return " ".join(words)


def likely_duplicates(data: dict, limit: int = 5) -> list[tuple[Organisation, list[str]]]:
    """Existing organisations a new one probably duplicates: same VAT / fiscal code, same web
    domain, or a very similar name. Returns (organisation, reasons) pairs."""
    name = _norm_name(str(data.get("name") or ""))
    vat = re.sub(r"\W", "", str(data.get("vat_number") or "")).upper()
    domain = domain_of(str(data.get("website") or "") or None)
    conds = []
    # Candidates share a word with the name (accents differ in the database: "Università"),
    # the closeness is judged below on the normalised names.
    words = sorted({w for w in name.split() if len(w) >= 4}, key=len, reverse=True)[:4]
    conds.extend(func.lower(Organisation.name).like(f"%{w}%") for w in words)
    if vat:
        bare = vat.removeprefix("IT")
        conds.append(
            func.upper(func.replace(Organisation.vat_number, " ", "")).in_((bare, f"IT{bare}"))
        )
    if domain:
        conds.append(Organisation.website.ilike(f"%{domain}%"))
    if not conds:
        return []
    found: dict[int, tuple[Organisation, list[str]]] = {}
    for org in db.session.execute(select(Organisation).where(or_(*conds)).limit(500)).scalars():
        reasons = []
        if vat and re.sub(r"\W", "", org.vat_number or "").upper().removeprefix(
            "IT"
        ) == vat.removeprefix("IT"):
            reasons.append(_("same VAT / fiscal code"))
        if domain and website_domain(org) == domain:
            reasons.append(_("same website domain"))
        if name and SequenceMatcher(None, name, _norm_name(org.name)).ratio() >= 0.85:
            reasons.append(_("similar name"))
        if reasons:
            found[org.id] = (org, reasons)
    return sorted(found.values(), key=lambda t: -len(t[1]))[:limit]
