"""`flask match rebuild`: every vector the pages need, so that no GET request encodes.

Order: project texts (one encode per distinct text), organisations' own texts, derived
organisation vectors, then challenges and datasets.
"""

from __future__ import annotations

from sqlalchemy import select

from app.challenges.models import RETIRED_STATUSES, Challenge
from app.datasets.models import Dataset
from app.extensions import db
from app.partners import documents, embeddings


def rebuild_items(entity_type: str, model, text_of, progress: bool, *where) -> dict:
    """Encode the changed texts of every challenge or dataset (those matching ``where``); drop
    the vectors of the others (deleted, or retired: see ``engine.retire``)."""
    texts = {
        (item.id, "text"): text_of(item).strip()
        for item in db.session.execute(select(model).where(*where)).scalars()
    }
    stats = embeddings.sync_embeddings(entity_type, texts, progress=progress)
    model_name = embeddings.get_encoder().model_name
    for key, row in embeddings.stored_rows(entity_type, model_name).items():
        if key not in texts:
            db.session.delete(row)
            stats["removed"] += 1
    return stats


def rebuild_challenges(progress: bool = False) -> dict:
    """The live challenges' vectors (a closed, withdrawn or awarded one has none)."""
    return rebuild_items(
        "challenge",
        Challenge,
        documents.challenge_text,
        progress,
        Challenge.status.not_in(RETIRED_STATUSES),
    )


def rebuild_all(progress: bool = False) -> dict[str, dict]:
    """Bring every stored vector up to date; returns the counts per entity type."""
    out = {"project": embeddings.rebuild_project_embeddings(progress=progress)}
    out["organisation"] = embeddings.rebuild_org_embeddings(progress=progress)
    out["challenge"] = rebuild_challenges(progress)
    out["dataset"] = rebuild_items("dataset", Dataset, documents.dataset_text, progress)
    db.session.flush()
    return out
