"""Readable names of the matching signals (for the "why" of each suggestion)."""

from flask_babel import lazy_gettext as _l

SIGNAL_LABELS = {
    "semantic": _l("Similar profile"),
    "offer_seek": _l("What one offers matches what the other seeks"),
    "common_partners": _l("Common partners"),
    "adamic_adar": _l("Shared, selective partners (Adamic-Adar)"),
    "resource_allocation": _l("Shared partners (resource allocation)"),
    "ppr": _l("Close in the collaboration network"),
    "kind_complementarity": _l("Complementary kind of organisation"),
    "trl_fit": _l("Technology readiness (TRL): fit or gap"),
    "geography": _l("Same province or region"),
    "activity": _l("Recently active"),
    "lexical": _l("Words in common with its projects and profile"),
    "popularity": _l("Active in many projects"),
}
