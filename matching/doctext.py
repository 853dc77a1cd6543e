"""Several documents per organisation: embeddings and query similarity (mean and max-sim)."""

from __future__ import annotations

import numpy as np

from .index import normalise


class OrgDocuments:
    """Embed every document of every organisation once; score queries against them.

    Two aggregations are returned for each organisation: the cosine with the mean of its
    normalised document vectors (a profile centroid) and the best cosine over its documents
    (max-sim, which keeps a specialised document from being averaged away).

    Args:
        encoder: An :class:`~matching.encoder.Encoder`.
    """

    def __init__(self, encoder):
        self.encoder = encoder

    def fit(
        self, texts: dict[int, list[str]], org_ids: np.ndarray, show_progress: bool = False
    ) -> OrgDocuments:
        """Encode the documents of the organisations in ``org_ids`` (others are ignored)."""
        pos = {int(o): i for i, o in enumerate(org_ids)}
        pairs = [(pos[o], t) for o, docs in texts.items() if o in pos for t in docs]
        pairs.sort(key=lambda p: p[0])
        unique = list(dict.fromkeys(t for _, t in pairs))  # encode each distinct text once
        vecs = (
            self.encoder.encode(unique, show_progress=show_progress)
            if unique
            else np.zeros((0, 1), np.float32)
        )
        row = {t: i for i, t in enumerate(unique)}
        self.doc_org_ = np.array([p for p, _ in pairs], dtype=np.int64)
        self.doc_vectors_ = vecs[[row[t] for _, t in pairs]] if pairs else vecs
        n = len(org_ids)
        dim = self.doc_vectors_.shape[1]
        centroid = np.zeros((n, dim), dtype=np.float32)
        if pairs:
            np.add.at(centroid, self.doc_org_, self.doc_vectors_)
        self.centroids_ = normalise(centroid)
        self.has_docs_ = np.zeros(n, dtype=bool)
        self.has_docs_[self.doc_org_] = True
        self.n_texts_ = len(unique)
        return self

    def similarity(self, query: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(mean, max, second)`` cosines of a unit query with each organisation.

        ``mean`` is the cosine with the centroid, ``max`` the best document, ``second`` the
        second-best document (the best again for an organisation with one document); all 0 for
        organisations without documents.
        """
        n = len(self.centroids_)
        mean = self.centroids_ @ query
        best = np.zeros(n, dtype=np.float64)
        second = np.zeros(n, dtype=np.float64)
        if len(self.doc_org_):
            sims = (self.doc_vectors_ @ query).astype(np.float64)
            order = np.lexsort((-sims, self.doc_org_))  # by organisation, best first
            org, val = self.doc_org_[order], sims[order]
            first = np.r_[True, org[1:] != org[:-1]]
            best[org[first]] = val[first]
            second[org[first]] = val[first]
            runner_up = np.r_[False, ~first[1:] & first[:-1]]
            second[org[runner_up]] = val[runner_up]
        return mean.astype(np.float64), best, second
