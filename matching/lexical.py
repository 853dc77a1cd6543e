"""BM25 over many documents with sparse matrices, and the terms that matched.

Usage::

    bm25 = BM25Index(k1=1.2, b=0.75).fit(["text one", "text two", ...])
    scores = bm25.scores("query text")          # (n_docs,) float64
    cos = bm25.cosine("query text")             # (n_docs,) TF-IDF cosine, same analysed terms
    bm25.matched_terms("query text", doc=3)     # [("stem", contribution), ...] best first

The document side is precomputed once into a ``(n_docs, n_terms)`` CSR matrix of BM25 term
weights ``idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len / avglen))`` so a query is one
sparse matrix-vector product (no Python loop over documents). The same counts also give a
length-normalised view, :meth:`BM25Index.cosine`: the cosine of sublinear TF-IDF vectors
(``(1 + ln tf) * (1 + ln((1 + N) / (1 + df)))``, unit length), which ranks long and short
documents differently from BM25 and is fused with it at the document level (bench/README).
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import scipy.sparse as sp

from .analysis import Analyzer


class BM25Index:
    """Okapi BM25 (Lucene's ``idf = ln(1 + (N - df + 0.5) / (df + 0.5))``).

    Args:
        k1: Term-frequency saturation.
        b: Length normalisation.
        analyzer: An :class:`~matching.analysis.Analyzer` (a default one if ``None``).
        idf_by_language: Count document frequencies within each document's language (Italian
            and English apart). In a corpus of English project texts with a few Italian
            profiles, the commonest Italian words ("gruppo", "sviluppiamo") are rare overall
            and would weigh like technical terms; within the Italian documents they are not.
            Off by default (a one-language corpus is unchanged either way).
    """

    def __init__(
        self,
        k1: float = 1.2,
        b: float = 0.75,
        analyzer: Analyzer | None = None,
        query_tf: str = "binary",
        idf_by_language: bool = False,
    ):
        if k1 < 0 or not 0 <= b <= 1:
            raise ValueError("BM25 needs k1 >= 0 and 0 <= b <= 1")
        if query_tf not in ("binary", "log", "raw"):
            raise ValueError("query_tf must be 'binary', 'log' or 'raw'")
        self.k1 = k1
        self.b = b
        self.analyzer = analyzer
        self.query_tf = query_tf
        self.idf_by_language = idf_by_language

    def fit(self, texts: list[str]) -> BM25Index:
        """Index ``texts`` (one document each; an empty text is a document with no terms)."""
        an = self.analyzer or Analyzer()
        self.analyzer_ = an
        vocab: dict[str, int] = {}
        indptr, indices, data = [0], [], []
        langs = []
        for text in texts:
            terms, lang = an.terms_and_language(text)
            langs.append(lang)
            counts = Counter(terms)
            for term, c in counts.items():
                indices.append(vocab.setdefault(term, len(vocab)))
                data.append(c)
            indptr.append(len(indices))
        n = len(texts)
        tf = sp.csr_matrix(
            (np.array(data, dtype=np.float64), np.array(indices, dtype=np.int64), indptr),
            shape=(n, len(vocab)),
        )
        tf.sort_indices()
        length = np.asarray(tf.sum(axis=1)).ravel()
        avg = length.mean() if n and length.mean() > 0 else 1.0
        df = np.bincount(tf.indices, minlength=len(vocab)).astype(np.float64)
        self.idf_ = np.log1p((n - df + 0.5) / (df + 0.5))
        norm = self.k1 * (1 - self.b + self.b * length / avg)
        rows = np.repeat(np.arange(n), np.diff(tf.indptr))
        idf_of_entry = self.idf_[tf.indices]
        if self.idf_by_language:
            lang_of_doc = np.array(langs, dtype=object)
            for lang in set(langs):
                docs = lang_of_doc == lang
                sub = tf[np.flatnonzero(docs)]
                n_l = sub.shape[0]
                df_l = np.bincount(sub.indices, minlength=len(vocab)).astype(np.float64)
                idf_l = np.log1p((n_l - df_l + 0.5) / (df_l + 0.5))
                entries = docs[rows]
                idf_of_entry[entries] = idf_l[tf.indices[entries]]
        w = tf.copy()
        w.data = idf_of_entry * tf.data * (self.k1 + 1) / (tf.data + norm[rows])
        self.weights_ = w.tocsr()
        self.cos_idf_ = 1.0 + np.log((1.0 + n) / (1.0 + df))
        c = tf.copy()
        c.data = (1.0 + np.log(tf.data)) * self.cos_idf_[tf.indices]
        norms = np.sqrt(np.asarray(c.multiply(c).sum(axis=1)).ravel())
        c.data /= np.repeat(np.where(norms > 0, norms, 1.0), np.diff(c.indptr))
        self.cosine_weights_ = c.tocsr()
        self.weights_T_ = w.T.tocsr()
        self.vocab_ = vocab
        self.terms_ = np.array(sorted(vocab, key=lambda t: vocab[t]), dtype=object)
        self.doc_len_ = length
        return self

    @property
    def n_docs(self) -> int:
        """Number of indexed documents."""
        return self.weights_.shape[0]

    def query_terms(self, text: str) -> np.ndarray:
        """Sorted vocabulary columns of the distinct query terms known to the index."""
        cols = {self.vocab_[t] for t in self.analyzer_.terms(text) if t in self.vocab_}
        return np.array(sorted(cols), dtype=np.int64)

    def query_vector(self, text: str) -> sp.csr_matrix:
        """``(n_terms, 1)`` query term weights (``query_tf``: 1, ``1 + ln tf`` or ``tf``)."""
        return self.terms_vector(self.analyzer_.terms(text))

    def terms_vector(self, terms: list[str]) -> sp.csr_matrix:
        """:meth:`query_vector` of already analysed terms (e.g. a query analysed two ways)."""
        counts = Counter(self.vocab_[t] for t in terms if t in self.vocab_)
        cols = np.array(sorted(counts), dtype=np.int64)
        tf = np.array([counts[c] for c in cols], dtype=np.float64)
        vals = {"binary": np.ones_like(tf), "log": 1 + np.log(tf), "raw": tf}[self.query_tf]
        zeros = np.zeros(len(cols), dtype=np.int64)
        return sp.csr_matrix((vals, (cols, zeros)), shape=(len(self.vocab_), 1))

    def scores(self, text: str) -> np.ndarray:
        """BM25 score of every document for one query."""
        return np.asarray((self.weights_ @ self.query_vector(text)).todense()).ravel()

    def scores_terms(self, terms: list[str]) -> np.ndarray:
        """BM25 score of every document for a query given as analysed terms."""
        return np.asarray((self.weights_ @ self.terms_vector(terms)).todense()).ravel()

    def cosine_query_vector(self, text: str) -> sp.csr_matrix:
        """``(n_terms, 1)`` unit sublinear TF-IDF vector of the query (known terms only)."""
        counts = Counter(self.vocab_[t] for t in self.analyzer_.terms(text) if t in self.vocab_)
        cols = np.array(sorted(counts), dtype=np.int64)
        vals = np.array([1 + np.log(counts[c]) for c in cols], dtype=np.float64)
        vals = vals * self.cos_idf_[cols] if len(cols) else vals
        norm = np.sqrt((vals**2).sum())
        vals = vals / norm if norm > 0 else vals
        zeros = np.zeros(len(cols), dtype=np.int64)
        return sp.csr_matrix((vals, (cols, zeros)), shape=(len(self.vocab_), 1))

    def cosine(self, text: str) -> np.ndarray:
        """TF-IDF cosine of every document with one query (0 for a query with no known term)."""
        q = self.cosine_query_vector(text)
        return np.asarray((self.cosine_weights_ @ q).todense()).ravel()

    def cosine_many(self, texts: list[str]) -> sp.csr_matrix:
        """``(n_queries, n_docs)`` sparse TF-IDF cosines for several queries."""
        if not texts:
            return sp.csr_matrix((0, self.n_docs))
        Q = sp.hstack([self.cosine_query_vector(t) for t in texts]).tocsr()
        return (self.cosine_weights_ @ Q).T.tocsr()

    def scores_many(self, texts: list[str]) -> sp.csr_matrix:
        """``(n_queries, n_docs)`` sparse BM25 scores for several queries."""
        if not texts:
            return sp.csr_matrix((0, self.n_docs))
        Q = sp.hstack([self.query_vector(t) for t in texts]).tocsr()
        return (self.weights_ @ Q).T.tocsr()

    def matched_terms(self, text: str, doc: int, limit: int = 10) -> list[tuple[str, float]]:
        """Query terms found in document ``doc`` with their BM25 contribution, best first."""
        row = self.weights_[doc]
        common = np.intersect1d(row.indices, self.query_terms(text))
        contrib = row[0, common].toarray().ravel() if len(common) else np.zeros(0)
        order = np.lexsort((common, -contrib))[:limit]
        return [(str(self.terms_[common[i]]), float(contrib[i])) for i in order]
