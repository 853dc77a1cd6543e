"""Matching engine of the Lombardy Health Innovation Portal (no Flask, no ORM).

Public API::

    from matching import Encoder, OrgRecord, PartnerMatcher, Suggestion

What the portal serves (stable API): ``encoder`` (Encoder, ``MATCHING_MODEL``), ``index``,
``engine`` (PartnerMatcher), ``graph``, ``ranker``, ``explain`` and, for real text with several
documents per organisation (issue 12):

* ``analysis.Analyzer`` -- lower case, accents folded, IT + EN stop words, Snowball stems;
* ``lexical.BM25Index`` -- BM25 over documents (sparse), ``matched_terms`` for explanations;
* ``dense`` -- ``split_passages``, ``VectorCache`` / ``CachedEncoder`` (vectors on disk keyed
  by model + SHA-1 of the text), ``PassageIndex`` (a document scores its best passage);
* ``documents`` -- ``OrgDocument(org_id, text, year, vector, doc_id)`` and ``DocumentTable``
  (sum of the k best documents with a recency weight, per organisation);
* ``textmatch.TextMatcher`` -- both text channels per organisation + ``explain`` (best
  matching document pair, shared terms, best passage);
* ``fusion`` -- channels of a query, candidate pool, ``FusionRanker`` (gradient boosting),
  ``TextGraphScorer`` (document-level text fusion + project feedback + PPR; takes the graph
  and the ``TextMatcher`` explicitly);
* ``copart`` -- ``CoParticipation`` (the graph of past projects, PPR single and batched).

Research tools (not served) live in ``matching.research``: ``cli`` (``python -m matching
consortium`` / ``train-ranker``), ``consortium`` (the learned seed-only ranker), ``evaluate``;
``matching.consortium`` and ``matching.evaluate`` re-export them. ``training`` (default ranker
weights for ``flask`` commands) stays here. Organisation ids are opaque (int or str) in the new
modules and the command line.
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
