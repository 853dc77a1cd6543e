"""Stored embeddings: one vector per (entity, field, model), re-encoded only when the text
hash changes. The matching engine reads them; it never decodes them per request."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from flask import current_app
from sqlalchemy import insert, select, update

from app.core.text import digest
from app.extensions import db
from app.orgs.models import AREAS, Organisation
from app.partners.models import Embedding, IndexVersion

ORG_FIELDS = ("profile", "offers", "seeks")
_encoder = None


def get_encoder():
    """The process-wide encoder (the bundled all-MiniLM-L6-v2 unless MATCHING_MODEL is set)."""
    global _encoder
    from matching import Encoder

    model = current_app.config.get("MATCHING_MODEL")
    if _encoder is None or (model and _encoder.model != model):
        _encoder = Encoder(model=model)
    return _encoder


def area_words(codes) -> str:
    """Application areas as words, so that profiles and challenges share them."""
    return " ".join(a.replace("_", " ") for a in codes if a in AREAS)


def org_texts(org: Organisation) -> dict[str, str]:
    """The texts embedded for an organisation, by field."""
    area_names = area_words(org.area_codes)
    profile = " ".join(
        t
        for t in (org.description or "", ", ".join(org.competences or []), area_names)
        if t.strip()
    )
    return {
        "profile": profile.strip(),
        "offers": (org.offers or "").strip(),
        "seeks": (org.seeks or "").strip(),
    }


def text_hash(text: str) -> str:
    """SHA-256 of a text (what decides whether it must be re-encoded)."""
    return digest(text)


def bump_version(name: str = "orgs") -> int:
    """Increase the version stamp so that every worker reloads its vectors; returns the new
    value. One UPDATE ... SET version = version + 1: two concurrent bumps never give the same
    number (a read-modify-write in Python did, and the workers' stamps then aliased)."""
    table = IndexVersion.__table__
    db.session.flush()
    new = db.session.execute(
        update(table)
        .where(table.c.name == name)
        .values(version=table.c.version + 1)
        .returning(table.c.version)
    ).scalar_one_or_none()
    if new is None:
        db.session.execute(insert(table).values(name=name, version=1))
        new = 1
    return new


def current_version(name: str = "orgs") -> int:
    """The version stamp in the database (0 if never built)."""
    table = IndexVersion.__table__
    value = db.session.execute(select(table.c.version).where(table.c.name == name)).scalar()
    return value or 0


def _stored(entity_type: str, ids: Iterable[int] | None, model: str) -> dict:
    q = select(Embedding).where(Embedding.entity_type == entity_type, Embedding.model_name == model)
    if ids is not None:
        ids = list(ids)
        if not ids:
            return {}
        q = q.where(Embedding.entity_id.in_(ids))
    return {(e.entity_id, e.field): e for e in db.session.execute(q).scalars()}


def sync_embeddings(
    entity_type: str,
    texts: dict[tuple[int, str], str],
    progress: bool = False,
    batch_size: int = 64,
) -> dict:
    """Encode the texts whose hash changed, store them, delete vectors of emptied texts.

    `texts` maps (entity_id, field) to text. Returns counts: encoded, unchanged, removed.
    """
    enc = get_encoder()
    stored = _stored(entity_type, {k[0] for k in texts}, enc.model_name)
    todo, removed, unchanged = [], 0, 0
    for key, text in texts.items():
        row = stored.get(key)
        if not text:
            if row is not None:
                db.session.delete(row)
                removed += 1
            continue
        if row is not None and row.text_hash == text_hash(text):
            unchanged += 1
            continue
        todo.append(key)
    bar = None
    if progress and todo:
        from tqdm import tqdm

        bar = tqdm(total=len(todo), desc=f"Encoding {entity_type} texts", unit="text")
    for start in range(0, len(todo), batch_size):
        keys = todo[start : start + batch_size]
        vectors = enc.encode([texts[k] for k in keys])
        for key, vec in zip(keys, vectors, strict=True):
            row = stored.get(key)
            if row is None:
                row = Embedding(
                    entity_type=entity_type,
                    entity_id=key[0],
                    field=key[1],
                    model_name=enc.model_name,
                )
                db.session.add(row)
            row.text_hash = text_hash(texts[key])
            row.dim = int(vec.shape[0])
            row.vector = np.asarray(vec, dtype=np.float32).tobytes()
        if bar is not None:
            bar.update(len(keys))
        db.session.flush()
    if bar is not None:
        bar.close()
    return {"encoded": len(todo), "unchanged": unchanged, "removed": removed}


def rebuild_org_embeddings(progress: bool = False) -> dict:
    """Re-encode every organisation text that changed since the last run."""
    texts = {}
    for org in db.session.execute(select(Organisation)).scalars():
        for field, text in org_texts(org).items():
            texts[(org.id, field)] = text
    stats = sync_embeddings("organisation", texts, progress=progress)
    if stats["encoded"] or stats["removed"]:
        bump_version()
    return stats


def update_org_embedding(org: Organisation) -> dict:
    """Re-encode one organisation's changed texts at once (called when a profile is saved);
    the caller decides whether the version stamp moves (see ``engine.refresh_org``)."""
    texts = {(org.id, f): t for f, t in org_texts(org).items()}
    return sync_embeddings("organisation", texts)


def load_vectors(entity_type: str, ids: Iterable[int] | None = None) -> dict[str, dict]:
    """Stored vectors by field: {field: {entity_id: vector}} for the current model."""
    enc_name = get_encoder().model_name
    out: dict[str, dict] = {}
    for (eid, field), row in _stored(entity_type, ids, enc_name).items():
        out.setdefault(field, {})[eid] = np.frombuffer(row.vector, dtype=np.float32)
    return out


def item_vectors(entity_type: str, items: dict[int, str]) -> dict[int, np.ndarray]:
    """Vectors of challenges / datasets (encoded and stored when missing or changed)."""
    sync_embeddings(entity_type, {(i, "text"): t for i, t in items.items()})
    return load_vectors(entity_type, list(items)).get("text", {})
