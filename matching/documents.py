"""Several documents per organisation and their aggregation into one score per organisation.

The portal gives one :class:`OrgDocument` per organisation and project (text, year, and an
optional precomputed vector keyed by :func:`matching.dense.text_key` of the text).
:class:`DocumentTable` keeps the distinct texts once (a text shared by the 12 members of a
consortium is scored once) and turns per-text scores into per-organisation scores::

    table = DocumentTable().fit(docs, org_ids)          # org_ids fixes the positions
    per_org = table.aggregate(text_scores, k=3, half_life=4.0, ref_year=2023.0)

``aggregate`` is the sum of an organisation's ``k`` best documents, each weighted by
``0.5 ** (age / half_life)`` (no recency weight when ``half_life`` is ``None`` or a document
has no year): the centroid of many documents collapses to a generic profile and the single
best document is noisy, so a few best documents are summed (k chosen on validation).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass
class OrgDocument:
    """One document of an organisation (e.g. one of its projects).

    Attributes:
        org_id: The organisation (an opaque id: int or string).
        text: The document text (title + abstract).
        year: Start year (fractional allowed), used for recency; ``None`` if unknown.
        vector: Optional precomputed unit vector of ``text`` (the dense channel then skips
            encoding it).
        doc_id: Optional id of the document (project id or acronym) for explanations.
    """

    org_id: Hashable
    text: str
    year: float | None = None
    vector: np.ndarray | None = None
    doc_id: str | None = None


def top_k_sum(group: np.ndarray, values: np.ndarray, k: int, n_groups: int) -> np.ndarray:
    """Per group (``0..n_groups-1``), the sum of its ``k`` largest values."""
    if k <= 0:
        raise ValueError(f"k must be positive, got {k}")
    if not len(group):
        return np.zeros(n_groups)
    order = np.lexsort((-values, group))
    g = group[order]
    start = np.r_[0, np.flatnonzero(g[1:] != g[:-1]) + 1]
    first_of = np.repeat(start, np.diff(np.r_[start, len(g)]))
    keep = (np.arange(len(g)) - first_of) < k
    return np.bincount(g[keep], weights=values[order][keep], minlength=n_groups)


class DocumentTable:
    """Rows (organisation, distinct text, year) over a fixed list of organisations."""

    def fit(
        self, documents: Sequence[OrgDocument], org_ids: Sequence[Hashable] | None = None
    ) -> DocumentTable:
        """Index the documents; organisations not in ``org_ids`` (if given) are refused."""
        if org_ids is None:
            org_ids = list(dict.fromkeys(d.org_id for d in documents))
        self.org_ids_ = list(org_ids)
        pos = {o: i for i, o in enumerate(self.org_ids_)}
        text_row: dict[str, int] = {}
        self.texts_: list[str] = []
        self.text_vectors_: list[np.ndarray | None] = []
        self.text_doc_ids_: list[str | None] = []
        rows_org, rows_text, rows_year = [], [], []
        for n, d in enumerate(documents):
            if d.org_id not in pos:
                raise ValueError(f"document {n} names an unknown organisation {d.org_id!r}")
            if not isinstance(d.text, str) or not d.text.strip():
                raise ValueError(f"document {n} of organisation {d.org_id!r} has no text")
            t = text_row.get(d.text)
            if t is None:
                t = text_row[d.text] = len(self.texts_)
                self.texts_.append(d.text)
                self.text_vectors_.append(d.vector)
                self.text_doc_ids_.append(d.doc_id)
            rows_org.append(pos[d.org_id])
            rows_text.append(t)
            rows_year.append(np.nan if d.year is None else float(d.year))
        self.row_org_ = np.array(rows_org, dtype=np.int64)
        self.row_text_ = np.array(rows_text, dtype=np.int64)
        self.row_year_ = np.array(rows_year, dtype=np.float64)
        self.n_orgs = len(self.org_ids_)
        self.n_docs_ = np.bincount(self.row_org_, minlength=self.n_orgs)
        return self

    def weights(self, half_life: float | None, ref_year: float | None) -> np.ndarray:
        """Recency weight of each row (1 without a half-life, a reference year or a year)."""
        if half_life is None or ref_year is None:
            return np.ones(len(self.row_org_))
        age = np.clip(ref_year - self.row_year_, 0, None)
        return np.where(np.isnan(age), 1.0, 0.5 ** (np.nan_to_num(age) / half_life))

    def aggregate(
        self,
        text_scores: np.ndarray,
        k: int = 3,
        half_life: float | None = None,
        ref_year: float | None = None,
    ) -> np.ndarray:
        """Per organisation: the sum of its ``k`` best (recency-weighted) document scores."""
        values = np.asarray(text_scores, dtype=np.float64)[self.row_text_]
        values = values * self.weights(half_life, ref_year)
        return top_k_sum(self.row_org_, values, k, self.n_orgs)

    def best_text(self, text_scores: np.ndarray, org_pos: int) -> int:
        """The organisation's best-scoring distinct text (-1 if it has no document)."""
        rows = self.row_text_[self.row_org_ == org_pos]
        if not len(rows):
            return -1
        return int(rows[np.argmax(np.asarray(text_scores)[rows])])
