"""What the catalogue search reads of a dataset (registered with app.core.search)."""

from __future__ import annotations

from app.core import search
from app.datasets import vocab
from app.datasets.models import Dataset


def dataset_document(ds: Dataset) -> tuple[str, list[str]]:
    """Both titles, and the descriptions, identifier, keywords and theme labels."""
    texts = [ds.description_it, ds.description_en, ds.identifier, " ".join(ds.keywords or [])]
    themes = [vocab.THEMES.get(t) for t in (ds.themes or [])]
    return f"{ds.title_it or ''} {ds.title_en or ''}", texts + search.in_all_languages(*themes)


search.register(Dataset, "dataset", dataset_document)
