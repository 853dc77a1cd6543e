"""Dense channel: passages of long texts, an on-disk vector cache, best-passage scores.

* :func:`split_passages` cuts a text into sentence-aligned passages of at most ``max_words``
  words (MiniLM reads 256 word pieces; a real objective is ~2,000 characters).
* :class:`VectorCache` keeps vectors on disk keyed by model name + SHA-1 of the text, so each
  distinct text is encoded once across runs; :class:`CachedEncoder` wraps an
  :class:`~matching.encoder.Encoder` with it and counts what it really encoded
  (``n_encoded_``).
* :class:`PassageIndex` scores documents by their best passage for a query.
"""

from __future__ import annotations

import hashlib
import os
import re
import uuid
from pathlib import Path

import numpy as np

from .index import normalise

_SENTENCE = re.compile(r"(?<=[.!?;])\s+")


def text_key(text: str) -> str:
    """SHA-1 of a text (the cache key, also usable by the portal as a document hash)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def split_passages(text: str, max_words: int = 150, max_passages: int = 8) -> list[str]:
    """Sentence-aligned passages of at most ``max_words`` words (a longer sentence is cut).

    Returns at most ``max_passages`` passages (the start of a text says most about it);
    an empty list for a blank text.
    """
    if max_words <= 0 or max_passages <= 0:
        raise ValueError("max_words and max_passages must be positive")
    out: list[str] = []
    cur: list[str] = []
    for sentence in _SENTENCE.split(text.strip()):
        words = sentence.split()
        while words:
            room = max_words - len(cur)
            if len(words) <= room:
                cur.extend(words)
                words = []
            elif cur:
                out.append(" ".join(cur))
                cur = []
            else:
                out.append(" ".join(words[:max_words]))
                words = words[max_words:]
    if cur:
        out.append(" ".join(cur))
    return out[:max_passages]


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/lombardy-matching`` (``~/.cache/lombardy-matching`` by default)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "lombardy-matching"


class VectorCache:
    """Vectors on disk, one folder per model, keyed by :func:`text_key`.

    Each :meth:`put` writes one new shard (``.npz``, written to a temporary name and renamed)
    so concurrent writers never corrupt each other; all shards are read at start.
    """

    def __init__(self, root: str | os.PathLike, model_name: str):
        self.root = Path(root)
        self.model_name = model_name
        self.folder = self.root / hashlib.sha1(model_name.encode()).hexdigest()[:16]
        self._vec: dict[str, np.ndarray] = {}
        if self.folder.is_dir():
            for shard in sorted(self.folder.glob("*.npz")):
                with np.load(shard) as z:
                    for k, v in zip(z["keys"], z["vectors"], strict=True):
                        self._vec[str(k)] = v

    def __len__(self) -> int:
        """Number of cached vectors."""
        return len(self._vec)

    def get(self, key: str) -> np.ndarray | None:
        """The cached vector of a key, or ``None``."""
        return self._vec.get(key)

    def put(self, keys: list[str], vectors: np.ndarray) -> None:
        """Store vectors (one shard file)."""
        if not keys:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "MODEL").write_text(self.model_name + "\n", encoding="utf-8")
        name = uuid.uuid4().hex
        tmp = self.folder / f".{name}.tmp.npz"
        np.savez(tmp, keys=np.array(keys), vectors=np.asarray(vectors, dtype=np.float32))
        tmp.rename(self.folder / f"{name}.npz")
        for k, v in zip(keys, vectors, strict=True):
            self._vec[k] = np.asarray(v, dtype=np.float32)


class CachedEncoder:
    """Encode texts once: distinct texts only, looked up in a :class:`VectorCache` first.

    Args:
        encoder: An :class:`~matching.encoder.Encoder` (anything with ``encode`` and
            ``model_name``).
        cache: A :class:`VectorCache`, or ``None`` for an in-memory cache of this process.
    """

    def __init__(self, encoder, cache: VectorCache | None = None):
        self.encoder = encoder
        self.cache = cache
        self._mem: dict[str, np.ndarray] = {}
        self.n_encoded_ = 0
        self.n_requested_ = 0

    def _lookup(self, key: str) -> np.ndarray | None:
        v = self._mem.get(key)
        if v is None and self.cache is not None:
            v = self.cache.get(key)
        return v

    def encode(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        """``(n, dim)`` unit vectors of ``texts`` (encoding only the texts never seen)."""
        keys = [text_key(t) for t in texts]
        self.n_requested_ += len(texts)
        missing = {}
        for k, t in zip(keys, texts, strict=True):
            if k not in missing and self._lookup(k) is None:
                missing[k] = t
        if missing:
            vecs = self.encoder.encode(list(missing.values()), show_progress=show_progress)
            self.n_encoded_ += len(missing)
            for k, v in zip(missing, vecs, strict=True):
                self._mem[k] = v
            if self.cache is not None:
                self.cache.put(list(missing), vecs)
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        found = []
        for k in keys:
            v = self._lookup(k)
            if v is None:  # every key was stored or has just been encoded
                raise RuntimeError(f"vector of text {k} vanished from the cache")
            found.append(v)
        return np.vstack(found).astype(np.float32)


class PassageIndex:
    """Documents split into passages; a document scores its best passage's cosine.

    Args:
        encoder: A :class:`CachedEncoder` (or any object with ``encode``).
        max_words: Words per passage.
        max_passages: Passages kept per document.
    """

    def __init__(self, encoder, max_words: int = 150, max_passages: int = 8):
        self.encoder = encoder
        self.max_words = max_words
        self.max_passages = max_passages

    def passages(self, text: str) -> list[str]:
        """The passages of one text (``[text]`` when it is short)."""
        return split_passages(text, self.max_words, self.max_passages) if text.strip() else []

    def fit(
        self,
        texts: list[str],
        vectors: list[np.ndarray | None] | None = None,
        show_progress: bool = False,
    ) -> PassageIndex:
        """Split and encode the documents; a given ``vectors[i]`` stands for document ``i``."""
        doc_of, chunks, given_rows, given = [], [], [], []
        for i, text in enumerate(texts):
            if vectors is not None and vectors[i] is not None:
                given_rows.append(i)
                given.append(np.asarray(vectors[i], dtype=np.float32))
                continue
            for p in self.passages(text):
                doc_of.append(i)
                chunks.append(p)
        enc = self.encoder.encode(chunks, show_progress=show_progress) if chunks else None
        parts = [m for m in (enc, normalise(np.vstack(given)) if given else None) if m is not None]
        doc = np.array(doc_of + given_rows, dtype=np.int64)
        mat = np.vstack(parts) if parts else np.zeros((0, 1), np.float32)
        order = np.argsort(doc, kind="stable")
        self.passage_doc_ = doc[order]
        self.passage_vectors_ = np.ascontiguousarray(mat[order], dtype=np.float32)
        self.n_docs_ = len(texts)
        starts = np.r_[True, self.passage_doc_[1:] != self.passage_doc_[:-1]] if len(doc) else []
        self._starts = np.flatnonzero(starts)
        self._docs_with = self.passage_doc_[self._starts] if len(doc) else np.zeros(0, np.int64)
        return self

    def query_vector(self, text: str) -> np.ndarray:
        """Unit vector of a query: the mean of its passages' vectors."""
        vecs = self.encoder.encode(self.passages(text) or [text])
        return normalise(vecs.mean(axis=0, keepdims=True))[0]

    def scores(self, query: np.ndarray) -> np.ndarray:
        """Best-passage cosine of each document (0 for a document without text)."""
        out = np.zeros(self.n_docs_)
        if len(self.passage_doc_):
            sims = self.passage_vectors_ @ np.asarray(query, dtype=np.float32)
            out[self._docs_with] = np.maximum.reduceat(sims, self._starts)
        return out

    def best_passage(self, query: np.ndarray, doc: int) -> int:
        """Index (within the document) of the document's best passage for the query."""
        rows = np.flatnonzero(self.passage_doc_ == doc)
        if not len(rows):
            return -1
        return int(np.argmax(self.passage_vectors_[rows] @ query))
