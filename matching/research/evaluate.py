"""Ranking metrics and query construction for partner-recommendation evaluation."""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence


def recall_at_k(ranking: Sequence[int], relevant: set[int], k: int) -> float:
    """Share of the relevant ids found in the first ``k`` of the ranking."""
    if not relevant:
        raise ValueError("relevant must not be empty")
    return len(set(ranking[:k]) & relevant) / len(relevant)


def reciprocal_rank(ranking: Sequence[int], relevant: set[int]) -> float:
    """``1 / rank`` of the first relevant id (0 when none is ranked)."""
    for r, item in enumerate(ranking, start=1):
        if item in relevant:
            return 1.0 / r
    return 0.0


def ndcg_at_k(ranking: Sequence[int], relevant: set[int], k: int) -> float:
    """Binary-relevance nDCG of the first ``k`` ranked ids."""
    if not relevant:
        raise ValueError("relevant must not be empty")
    dcg = sum(1.0 / math.log2(r + 2) for r, item in enumerate(ranking[:k]) if item in relevant)
    ideal = sum(1.0 / math.log2(r + 2) for r in range(min(k, len(relevant))))
    return dcg / ideal


def summarize(rankings: dict, truth: dict) -> dict[str, float]:
    """Mean recall@10, recall@20, MRR and nDCG@20 over the queries present in ``truth``."""
    if not truth:
        raise ValueError("truth must not be empty")
    rows = []
    for qid, relevant in truth.items():
        ranking = list(rankings.get(qid, []))
        rows.append(
            (
                recall_at_k(ranking, relevant, 10),
                recall_at_k(ranking, relevant, 20),
                reciprocal_rank(ranking, relevant),
                ndcg_at_k(ranking, relevant, 20),
            )
        )
    n = len(rows)
    names = ("recall@10", "recall@20", "mrr", "ndcg@20")
    return {name: sum(r[i] for r in rows) / n for i, name in enumerate(names)} | {"queries": n}


def hide_half(
    members: Iterable[int], coordinator: int | None, rng: random.Random
) -> tuple[list[int], list[int]]:
    """Split a consortium: the coordinator plus half of the other members are the seed.

    Returns:
        ``(seed, hidden)``; ``hidden`` gets the extra member when the count is odd.
    """
    others = sorted(set(members) - {coordinator})
    rng.shuffle(others)
    half = len(others) // 2
    seed = ([coordinator] if coordinator is not None else []) + sorted(others[:half])
    return seed, sorted(others[half:])
