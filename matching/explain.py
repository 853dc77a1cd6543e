"""Key terms shared by two texts (TF-IDF fitted on the organisations' texts)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import scipy.sparse as sp

from .analysis import IT_STOP

# A short Italian list next to sklearn's English one: profiles in the portal are often Italian.
ITALIAN_STOP_WORDS = frozenset(
    """a ad al alla alle agli ai all anche che chi ci con come da dal dalla dalle dei del della
    delle dello di e ed gli ha hanno i il in la le lo ma ne nei nel nella nelle non o per più
    piu quale quali questo questa questi queste se si sia sono su sua sue suo suoi tra fra un
    una uno sul sulla sui nostro nostra nostri nostre loro essere è stato stata ogni cui
    dagli dai dall dallo degli dell nell nello negli sull sullo sugli coi col presso verso
    inoltre anche così molto tutto tutti tutte sempre già oltre dove quando mentre""".split()
)

# Words every profile of this portal uses and that say nothing about what two organisations
# share: shown as a "shared key term" they only read as noise ("partner", "start" from
# "start-up", the "fictional" marker of the demo profiles).
GENERIC_PROFILE_WORDS = frozenset(
    """partner partners partnership start startup startups ups company companies azienda
    aziende impresa imprese società srl spa organisation organization organizzazione
    fictional demo immaginaria immaginario immaginarie immaginari cerchiamo offriamo cerca
    offre seek seeks offer offers looking""".split()
)


class TermRow(NamedTuple):
    """One text's TF-IDF weights: term indices and their weights."""

    indices: np.ndarray
    data: np.ndarray


def _row(matrix, r: int = 0) -> TermRow:
    lo, hi = matrix.indptr[r], matrix.indptr[r + 1]
    return TermRow(matrix.indices[lo:hi], matrix.data[lo:hi])


def _stop_words() -> list[str]:
    # sklearn takes ~2 s to import: loaded when the explainer is fitted, not at `import matching`.
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS  # noqa: PLC0415 — heavy

    # The lexical channel's Italian list too (tramite, mediante, stiamo...): a word the
    # channel does not match on must not be shown as a term the two texts share.
    return sorted(ENGLISH_STOP_WORDS | ITALIAN_STOP_WORDS | IT_STOP | GENERIC_PROFILE_WORDS)


def _count_by_lines(vec, docs) -> tuple[dict[str, int], sp.csr_matrix]:
    """What ``CountVectorizer._count_vocab`` returns for unigrams and bigrams (the same
    vocabulary in the same first-seen order, the same counts), analysing each distinct line
    once: organisations' texts repeat the same project summaries, one per line.

    Tokens never span a newline (it is not a word character), so a document's terms are its
    lines' unigrams and bigrams plus one bigram across each boundary between lines with terms
    (stop words are dropped before the bigrams, as sklearn does). Counts are then an
    incidence matrix (document x distinct line) times the lines' counts, plus the boundaries.
    """
    preprocess, tokenize = vec.build_preprocessor(), vec.build_tokenizer()
    stop = vec.get_stop_words() or frozenset()
    vocab: dict[str, int] = {}
    line_of: dict[str, int] = {}
    tokens: list[list[str]] = []
    inc_rows: list[int] = []
    inc_cols: list[int] = []
    edge_rows: list[int] = []
    edge_cols: list[int] = []
    n_docs = 0
    for d, doc in enumerate(docs):
        n_docs = d + 1
        ids, new = [], []
        for line in doc.split("\n"):
            k = line_of.get(line)
            if k is None:
                k = line_of[line] = len(tokens)
                tokens.append([w for w in tokenize(preprocess(line)) if w not in stop])
                new.append(k)
            ids.append(k)
        # sklearn meets a document's unigrams first, then its bigrams, each in text order;
        # a line met before has all its own terms in the vocabulary already.
        for k in new:
            for w in tokens[k]:
                vocab.setdefault(w, len(vocab))
        fresh = set(new)
        last = None
        for k in ids:
            toks = tokens[k]
            if not toks:
                continue
            if last is not None:
                edge_rows.append(d)
                edge_cols.append(vocab.setdefault(f"{last} {toks[0]}", len(vocab)))
            if k in fresh:
                fresh.discard(k)
                for i in range(len(toks) - 1):
                    vocab.setdefault(f"{toks[i]} {toks[i + 1]}", len(vocab))
            last = toks[-1]
        inc_rows.extend([d] * len(ids))
        inc_cols.extend(ids)
    if not vocab:
        raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
    indptr: list[int] = [0]
    indices: list[int] = []
    data: list[int] = []
    for toks in tokens:
        per_line: dict[int, int] = {}
        for term in (*toks, *(f"{a} {b}" for a, b in zip(toks, toks[1:], strict=False))):
            j = vocab[term]
            per_line[j] = per_line.get(j, 0) + 1
        indices.extend(per_line)
        data.extend(per_line.values())
        indptr.append(len(indices))
    shape = (n_docs, len(vocab))
    lines = sp.csr_matrix(
        (np.array(data, np.float64), np.array(indices, np.int64), np.array(indptr, np.int64)),
        shape=(len(tokens), len(vocab)),
    )
    incidence = sp.csr_matrix(
        (np.ones(len(inc_rows)), (inc_rows, inc_cols)), shape=(n_docs, len(tokens))
    )
    edges = sp.csr_matrix((np.ones(len(edge_rows)), (edge_rows, edge_cols)), shape=shape)
    counts = (incidence @ lines + edges).tocsr()
    counts.sum_duplicates()
    counts.sort_indices()
    if counts.nnz <= np.iinfo(np.int32).max:  # sklearn's index type
        counts.indices = counts.indices.astype(np.int32)
        counts.indptr = counts.indptr.astype(np.int32)
    return vocab, counts.astype(vec.dtype)


class TermExplainer:
    """Find the key terms two texts share.

    Args:
        max_terms: Terms returned per pair.
        ngram_range: Word n-grams used as terms.
        max_df: Ignore terms in more than this fraction of texts (too common to explain).
        min_df: Ignore terms in fewer texts than this.
    """

    def __init__(
        self,
        max_terms: int = 5,
        ngram_range: tuple[int, int] = (1, 2),
        max_df: float = 0.5,
        min_df: int = 1,
    ):
        self.max_terms = max_terms
        self.ngram_range = ngram_range
        self.max_df = max_df
        self.min_df = min_df

    def fit(self, texts: dict[int, str]) -> TermExplainer:
        """Fit the vocabulary and IDF on ``{id: text}`` and keep each text's TF-IDF row."""
        from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: PLC0415 — heavy

        ids = [i for i, t in texts.items() if t and t.strip()]
        # One CSR matrix for the fitted texts (compact), a small dict for later updates.
        self.row_of_: dict[int, int] = {}
        self._updated: dict[int, TermRow | None] = {}
        if not ids:
            self.vectorizer_ = None
            return self
        # max_df as a fraction misbehaves on tiny corpora: keep every term below 3 texts.
        max_df = self.max_df if len(ids) >= 3 / max(self.max_df, 1e-9) else 1.0
        self.vectorizer_ = TfidfVectorizer(
            ngram_range=self.ngram_range,
            max_df=max_df,
            min_df=self.min_df,
            stop_words=_stop_words(),
            sublinear_tf=True,
            token_pattern=r"(?u)\b[^\W\d_]{3,}\b",
            dtype=np.float32,  # the matrix is kept (and mapped) by every worker
        )
        vec = self.vectorizer_
        if self.ngram_range == (1, 2):
            # Count each distinct line once (see _count_by_lines); the rest of sklearn's fit
            # (pruning, sorting, IDF, norms) runs unchanged on the same counts.
            vec._count_vocab = lambda docs, fixed: (
                vec.__class__._count_vocab(vec, docs, fixed)
                if fixed
                else _count_by_lines(vec, docs)
            )
        try:
            matrix = vec.fit_transform([texts[i] for i in ids]).tocsr()
        except ValueError:  # only stop words: nothing to explain with
            self.vectorizer_ = None
            return self
        finally:
            vec.__dict__.pop("_count_vocab", None)  # a plain TfidfVectorizer is pickled
        self.terms_ = self.vectorizer_.get_feature_names_out()
        self.matrix_ = matrix
        self.row_of_ = {i: r for r, i in enumerate(ids)}
        return self

    def row(self, item_id: int) -> TermRow | None:
        """The TF-IDF row of a fitted or updated text (``None`` if unknown or empty)."""
        if item_id in self._updated:
            return self._updated[item_id]
        r = self.row_of_.get(item_id)
        return None if r is None else _row(self.matrix_, r)

    def transform(self, text: str | None) -> TermRow | None:
        """TF-IDF row of a new text in the fitted vocabulary (``None`` before fit)."""
        vec = getattr(self, "vectorizer_", None)
        if vec is None or not text or not text.strip():
            return None
        row = _row(vec.transform([text]).tocsr())
        return row if len(row.indices) else None

    def combine(self, rows: list[TermRow | None]) -> TermRow | None:
        """Sum of several rows (e.g. the profiles of a consortium's members)."""
        kept = [r for r in rows if r is not None]
        if not kept:
            return None
        idx = np.concatenate([r.indices for r in kept])
        terms, inv = np.unique(idx, return_inverse=True)
        return TermRow(terms, np.bincount(inv, weights=np.concatenate([r.data for r in kept])))

    def update(self, item_id: int, text: str) -> None:
        """Replace one text's row (vocabulary and IDF stay as fitted)."""
        self._updated[item_id] = self.transform(text)

    def remove(self, item_id: int) -> None:
        """Forget one text."""
        self._updated[item_id] = None

    def shared(self, a: TermRow | None, b: TermRow | None, limit: int | None = None) -> list[str]:
        """Terms present in both rows, by product of their TF-IDF weights."""
        if a is None or b is None:
            return []
        # Rows hold a few dozen terms: plain Python sets beat numpy's set operations here.
        wa = dict(zip(a.indices.tolist(), a.data.tolist(), strict=True))
        wb = dict(zip(b.indices.tolist(), b.data.tolist(), strict=True))
        common = wa.keys() & wb.keys()
        if not common:
            return []
        ranked = sorted(common, key=lambda j: (-wa[j] * wb[j], j))
        limit = self.max_terms if limit is None else limit
        terms = [str(self.terms_[j]) for j in ranked]
        # Prefer a shared bigram over its words: "clinical trials", not "clinical", "trials".
        cover = {w: t for t in reversed(terms) if " " in t for w in t.split()}
        out: list[str] = []
        for t in terms:
            t = cover.get(t, t)
            if t not in out:
                out.append(t)
            if len(out) >= limit:
                break
        return out

    def shared_ids(self, a: int, b: int, limit: int | None = None) -> list[str]:
        """Key terms shared by two fitted texts."""
        return self.shared(self.row(a), self.row(b), limit)
