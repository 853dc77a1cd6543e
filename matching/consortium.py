"""Moved to :mod:`matching.research.consortium` (research tool); names kept importable here."""

from .research.consortium import (  # noqa: F401
    _COL,
    FEATURES,
    SEED_SET_EXTRAS,
    ConsortiumRecommender,
    candidate_pool,
    pool_features,
    query_features,
)
