"""Moved to :mod:`matching.research.evaluate` (research tool); names kept importable here."""

from .research.evaluate import (  # noqa: F401
    hide_half,
    ndcg_at_k,
    recall_at_k,
    reciprocal_rank,
    summarize,
)
