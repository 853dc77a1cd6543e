"""Matching engine of the Lombardy Health Innovation Portal (no Flask, no ORM).

Public API::

    from matching import Encoder, OrgRecord, PartnerMatcher, Suggestion
"""

from .encoder import Encoder
from .engine import PartnerMatcher
from .explain import TermExplainer
from .graph import CollaborationGraph
from .index import VectorIndex
from .ranker import SIGNALS, PartnerRanker
from .records import KINDS, ItemSuggestion, OrgRecord, Suggestion

__all__ = [
    "KINDS",
    "SIGNALS",
    "CollaborationGraph",
    "Encoder",
    "ItemSuggestion",
    "OrgRecord",
    "PartnerMatcher",
    "PartnerRanker",
    "Suggestion",
    "TermExplainer",
    "VectorIndex",
]
