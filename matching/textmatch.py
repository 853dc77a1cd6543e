"""Text channels over organisation documents: BM25 (lexical) and best passages (dense).

Usage (what the portal wires)::

    from matching.documents import OrgDocument
    from matching.textmatch import TextMatcher

    tm = TextMatcher(encoder=CachedEncoder(Encoder(), VectorCache(dir, model))).fit(
        [OrgDocument(org_id="pic:999", text="...", year=2021, doc_id="ACRONYM"), ...],
        org_ids=all_org_ids)                 # positions = order of org_ids
    s = tm.org_scores("query text", ref_year=2024.0)   # {"lexical": (n_orgs,), "dense": ...}
    tm.explain("query text", "pic:999")      # best matching document, matched terms, passage

Each channel keeps its own aggregation (``lexical_k`` / ``lexical_half_life`` and
``dense_k`` / ``dense_half_life``, see :class:`~matching.documents.DocumentTable`). Without an
encoder only the lexical channel runs (Italian texts are served by it: the bundled encoder is
English-only).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np

from .analysis import Analyzer
from .dense import PassageIndex
from .documents import DocumentTable, OrgDocument
from .lexical import BM25Index


class TextMatcher:
    """BM25 and dense scores of organisations for a query text.

    Args:
        encoder: A :class:`~matching.dense.CachedEncoder` (or ``Encoder``); ``None`` = lexical
            channel only.
        k1, b, query_tf: BM25 parameters (b = 1 and log query tf: chosen on validation).
        lexical_k, lexical_half_life: Aggregation of the lexical channel.
        dense_k, dense_half_life: Aggregation of the dense channel.
        max_words, max_passages: Passage splitting of the dense channel.
        analyzer: The lexical analyser (IT + EN by default).
        cosine: Also score each document by the TF-IDF cosine of the same analysed terms
            (``text_scores(...)["cosine"]``; off by default so the portal's channels are
            unchanged). Needed by :meth:`fused_text_scores`.
        idf_by_language: Document frequencies within each document's language (see
            :class:`~matching.lexical.BM25Index`); the portal's mixed corpus needs it.
    """

    def __init__(
        self,
        encoder=None,
        k1: float = 1.2,
        b: float = 1.0,
        query_tf: str = "log",
        lexical_k: int = 5,
        lexical_half_life: float | None = None,
        dense_k: int = 3,
        dense_half_life: float | None = None,
        max_words: int = 150,
        max_passages: int = 8,
        analyzer: Analyzer | None = None,
        cosine: bool = False,
        idf_by_language: bool = False,
    ):
        self.encoder = encoder
        self.k1 = k1
        self.b = b
        self.query_tf = query_tf
        self.lexical_k = lexical_k
        self.lexical_half_life = lexical_half_life
        self.dense_k = dense_k
        self.dense_half_life = dense_half_life
        self.max_words = max_words
        self.max_passages = max_passages
        self.analyzer = analyzer
        self.cosine = cosine
        self.idf_by_language = idf_by_language

    def fit(
        self,
        documents: Sequence[OrgDocument],
        org_ids: Sequence[Hashable] | None = None,
        show_progress: bool = False,
    ) -> TextMatcher:
        """Index the documents (each distinct text once) for the organisations ``org_ids``."""
        self.table_ = DocumentTable().fit(documents, org_ids)
        self.bm25_ = BM25Index(
            self.k1, self.b, self.analyzer, self.query_tf, self.idf_by_language
        ).fit(self.table_.texts_)
        self.dense_ = None
        if self.encoder is not None:
            self.dense_ = PassageIndex(self.encoder, self.max_words, self.max_passages).fit(
                self.table_.texts_, self.table_.text_vectors_, show_progress=show_progress
            )
        self._pos = {o: i for i, o in enumerate(self.table_.org_ids_)}
        return self

    @property
    def org_ids(self) -> list:
        """Organisation ids in score order."""
        return self.table_.org_ids_

    def text_scores(self, text: str, query_vector: np.ndarray | None = None) -> dict:
        """Per distinct document text: ``{"lexical": bm25, "dense": best-passage cosine}``."""
        out = {"lexical": self.bm25_.scores(text)}
        if self.cosine:
            out["cosine"] = self.bm25_.cosine(text)
        if self.dense_ is not None:
            qv = self.dense_.query_vector(text) if query_vector is None else query_vector
            out["dense"] = self.dense_.scores(qv)
        return out

    @staticmethod
    def fused_text_scores(
        text_scores: dict, channels: Sequence[str] | None = None, weights: dict | None = None
    ) -> np.ndarray:
        """Document-level fusion: ``max(0, sum of the channels' z-scores over the documents)``.

        A document that matches both lexically (BM25) and by TF-IDF cosine (and, if given,
        densely) beats one that matches one way only; negative sums (documents below the mean)
        count 0, so an organisation's many unrelated documents add nothing when aggregated.
        ``channels`` defaults to every channel in ``text_scores``; ``weights`` (channel ->
        weight, default 1) scales each z-score.
        """
        names = list(channels) if channels is not None else list(text_scores)
        if not names:
            raise ValueError("no text channel to fuse")
        total = np.zeros(len(text_scores[names[0]]))
        for c in names:
            v = np.asarray(text_scores[c], dtype=np.float64)
            w = 1.0 if weights is None else weights.get(c, 1.0)
            total += w * (v - v.mean()) / (v.std() + 1e-9)
        return np.maximum(total, 0.0)

    def org_scores(
        self,
        text: str,
        ref_year: float | None = None,
        query_vector: np.ndarray | None = None,
        text_scores: dict | None = None,
    ) -> dict[str, np.ndarray]:
        """Per organisation (in :attr:`org_ids` order), each channel aggregated its own way."""
        ts = text_scores if text_scores is not None else self.text_scores(text, query_vector)
        out = {
            "lexical": self.table_.aggregate(
                ts["lexical"], self.lexical_k, self.lexical_half_life, ref_year
            )
        }
        if "dense" in ts:
            out["dense"] = self.table_.aggregate(
                ts["dense"], self.dense_k, self.dense_half_life, ref_year
            )
        return out

    def explain(self, text: str, org_id: Hashable, n_terms: int = 8) -> dict:
        """Why ``org_id`` matches ``text``: its best document per channel and the shared terms.

        Returns ``{"lexical": {"doc_id", "text", "score", "terms": [(stem, contribution)]},
        "dense": {"doc_id", "text", "score", "passage"}}`` (a channel is absent when the
        organisation has no document or the channel is off).
        """
        if org_id not in self._pos:
            raise ValueError(f"unknown organisation {org_id!r}")
        pos = self._pos[org_id]
        ts = self.text_scores(text)
        out = {}
        t = self.table_.best_text(ts["lexical"], pos)
        if t >= 0:
            out["lexical"] = {
                "doc_id": self.table_.text_doc_ids_[t],
                "text": self.table_.texts_[t],
                "score": float(ts["lexical"][t]),
                "terms": self.bm25_.matched_terms(text, t, n_terms),
            }
        dense = self.dense_
        if "dense" in ts and dense is not None:
            t = self.table_.best_text(ts["dense"], pos)
            if t >= 0:
                qv = dense.query_vector(text)
                p = dense.best_passage(qv, t)
                passages = dense.passages(self.table_.texts_[t])
                out["dense"] = {
                    "doc_id": self.table_.text_doc_ids_[t],
                    "text": self.table_.texts_[t],
                    "score": float(ts["dense"][t]),
                    "passage": passages[p] if 0 <= p < len(passages) else "",
                }
        return out
