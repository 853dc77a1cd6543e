"""Stored embeddings: one vector per (entity, field, model), re-encoded only when the text
hash changes, each distinct text encoded once. The matching engine reads them; nothing is
encoded inside a GET request (`flask match rebuild` computes them all).

Fields of an organisation: ``own`` (the profile its owners wrote), ``offers``, ``seeks`` are
encoded texts; ``profile`` is derived from its projects' vectors and ``own`` (see documents).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from flask import current_app
from sqlalchemy import bindparam, delete, insert, select, update
from tqdm import tqdm

from app.core.db import utcnow
from app.core.text import digest
from app.extensions import db
from app.orgs.models import Organisation
from app.partners import documents
from app.partners.documents import area_words
from app.partners.models import Embedding, IndexVersion
from matching import Encoder

ORG_FIELDS = ("profile", "offers", "seeks")
# Fields encoded from text; "profile" is derived (documents.derive_vector).
OWN_FIELD = {"profile": "own", "offers": "offers", "seeks": "seeks"}
_encoder = None


def get_encoder():
    """The process-wide encoder (the bundled all-MiniLM-L6-v2 unless MATCHING_MODEL is set)."""
    global _encoder
    model = current_app.config.get("MATCHING_MODEL")
    if _encoder is None or (model and _encoder.model != model):
        _encoder = Encoder(model=model)
    return _encoder


def org_texts(org: Organisation) -> dict[str, str]:
    """The texts its owners wrote, by field ("profile" = description, competences, areas)."""
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
    q = (
        select(Embedding)
        .where(Embedding.entity_type == entity_type, Embedding.model_name == model)
        .execution_options(populate_existing=True)  # rows may have been written by Core
    )
    if ids is not None:
        ids = list(ids)
        if not ids:
            return {}
        q = q.where(Embedding.entity_id.in_(ids))
    return {(e.entity_id, e.field): e for e in db.session.execute(q).scalars()}


def stored_rows(entity_type: str, model: str) -> dict:
    """Every stored row of an entity type for a model, by (entity id, field)."""
    return _stored(entity_type, None, model)


def _stored_hashes(entity_type: str, keys, model: str) -> dict[tuple[int, str], tuple]:
    """{(entity id, field): (row id, text hash)} by one Core select (chunks of 500 ids)."""
    t = Embedding.__table__.c
    q = select(t.id, t.entity_id, t.field, t.text_hash).where(
        t.entity_type == entity_type, t.model_name == model
    )
    ids = sorted({k[0] for k in keys})
    out = {}
    for start in range(0, len(ids), 500):
        for rid, eid, field, h in db.session.execute(
            q.where(t.entity_id.in_(ids[start : start + 500]))
        ):
            out[(eid, field)] = (rid, h)
    return out


def sync_embeddings(
    entity_type: str,
    texts: dict[tuple[int, str], str],
    progress: bool = False,
    batch_size: int = 64,
) -> dict:
    """Encode the texts whose hash changed, store them, delete vectors of emptied texts.

    `texts` maps (entity_id, field) to text. A text already stored for another entity of the
    same type (same hash) is copied, and identical texts are encoded once. The texts to encode
    go to the model longest first in one sorted stream (as a bare ``SentenceTransformer.encode``
    orders them, so batches pad little), in chunks for the progress bar; rows are read, written
    and deleted with Core statements (no ORM object per row). Returns counts: texts, distinct,
    encoded, reused, unchanged, removed.
    """
    enc = get_encoder()
    model = enc.model_name
    stored = _stored_hashes(entity_type, texts, model)
    hashes = {key: text_hash(text) for key, text in texts.items() if text}
    todo, gone, unchanged = [], [], 0
    for key, text in texts.items():
        row = stored.get(key)
        if not text:
            if row is not None:
                gone.append(row[0])
            continue
        if row is not None and row[1] == hashes[key]:
            unchanged += 1
            continue
        todo.append(key)
    by_hash: dict[str, list] = {}
    for key in todo:
        by_hash.setdefault(hashes[key], []).append(key)
    known = _vectors_by_hash(entity_type, model, set(by_hash))
    fresh = sorted((h for h in by_hash if h not in known), key=lambda h: -len(texts[by_hash[h][0]]))
    bar = None
    if progress and fresh:
        bar = tqdm(total=len(fresh), desc=f"Encoding {entity_type} texts", unit="text")
    chunk = max(batch_size, 1) * 4  # sorted globally: the chunk size does not change padding
    for start in range(0, len(fresh), chunk):
        part = fresh[start : start + chunk]
        vectors = enc.encode([texts[by_hash[h][0]] for h in part])
        for h, vec in zip(part, vectors, strict=True):
            known[h] = np.asarray(vec, dtype=np.float32)
        if bar is not None:
            bar.update(len(part))
    if bar is not None:
        bar.close()
    _write_rows(entity_type, model, by_hash, known, stored, gone)
    return {
        "texts": len(hashes),
        "distinct": len(set(hashes.values())),
        "encoded": len(fresh),
        "reused": len(by_hash) - len(fresh),
        "unchanged": unchanged,
        "removed": len(gone),
    }


def _write_rows(entity_type, model, by_hash, known, stored, gone) -> None:
    """Insert new rows, update changed ones, delete emptied ones: executemany Core statements."""
    t = Embedding.__table__
    now = utcnow()
    inserts, updates = [], []
    for h, keys in by_hash.items():
        blob = np.asarray(known[h], dtype=np.float32).tobytes()
        dim = int(known[h].shape[0])
        for eid, field in keys:
            row = stored.get((eid, field))
            values = {"text_hash": h, "dim": dim, "vector": blob, "updated_at": now}
            if row is None:
                inserts.append(
                    values
                    | {
                        "entity_type": entity_type,
                        "entity_id": eid,
                        "field": field,
                        "model_name": model,
                        "created_at": now,
                    }
                )
            else:
                updates.append(values | {"row_id": row[0]})
    db.session.flush()  # pending ORM changes first, then the bulk statements
    for start in range(0, len(inserts), 1000):
        db.session.execute(insert(t), inserts[start : start + 1000])
    if updates:
        db.session.execute(
            update(t)
            .where(t.c.id == bindparam("row_id"))
            .values(
                text_hash=bindparam("text_hash"),
                dim=bindparam("dim"),
                vector=bindparam("vector"),
                updated_at=bindparam("updated_at"),
            )
            .execution_options(synchronize_session=False),
            updates,
        )
    for start in range(0, len(gone), 500):
        db.session.execute(
            delete(t)
            .where(t.c.id.in_(gone[start : start + 500]))
            .execution_options(synchronize_session=False)
        )


def _vectors_by_hash(entity_type: str, model: str, hashes: set[str]) -> dict[str, np.ndarray]:
    """Stored vectors of texts with these hashes (any entity of the type): copied, not encoded."""
    out: dict[str, np.ndarray] = {}
    wanted = list(hashes)
    for start in range(0, len(wanted), 500):
        for h, vec in db.session.execute(
            select(Embedding.text_hash, Embedding.vector).where(
                Embedding.entity_type == entity_type,
                Embedding.model_name == model,
                Embedding.text_hash.in_(wanted[start : start + 500]),
            )
        ):
            out[h] = np.frombuffer(vec, dtype=np.float32).copy()
    return out


def _store(entity_type, key, row, model, hash_, vec) -> None:
    if row is None:
        row = Embedding(entity_type=entity_type, entity_id=key[0], field=key[1], model_name=model)
        db.session.add(row)
    row.text_hash = hash_
    row.dim = int(vec.shape[0])
    row.vector = np.asarray(vec, dtype=np.float32).tobytes()


def rebuild_project_embeddings(progress: bool = False) -> dict:
    """Encode every project text that changed (one encode per distinct text)."""
    texts = {(pid, "text"): t for pid, t in documents.project_texts().items()}
    stale = [
        e
        for e in _stored("project", None, get_encoder().model_name).values()
        if (e.entity_id, e.field) not in texts
    ]
    for row in stale:
        db.session.delete(row)
    stats = sync_embeddings("project", texts, progress=progress)
    stats["removed"] += len(stale)
    return stats


def _project_vectors(model: str, ids: set[int] | None) -> tuple[dict, dict]:
    """({project id: vector}, {project id: text hash}) by one Core select."""
    t = Embedding.__table__.c
    q = select(t.entity_id, t.text_hash, t.vector).where(
        t.entity_type == "project", t.model_name == model
    )
    vecs, hashes = {}, {}
    chunks = [None] if ids is None else [sorted(ids)[i : i + 500] for i in range(0, len(ids), 500)]
    for chunk in chunks:
        sub = q if chunk is None else q.where(t.entity_id.in_(chunk))
        for pid, h, blob in db.session.execute(sub):
            vecs[pid] = np.frombuffer(blob, dtype=np.float32)
            hashes[pid] = h
    return vecs, hashes


def derive_org_vectors(org_ids=None, progress: bool = False) -> dict:
    """Write each organisation's "profile" vector from its projects' vectors and its own text.

    Returns counts: derived (written because an input changed), unchanged, removed.
    """
    model = get_encoder().model_name
    if org_ids is None:
        org_ids = list(db.session.execute(select(Organisation.id)).scalars())
    org_ids = list(org_ids)
    few = len(org_ids) < 500
    docs = documents.org_documents(org_ids if few else None)
    # A profile saved in a request derives one vector: read its projects' vectors, not all.
    wanted = {pid for ds in docs.values() for pid, _year in ds} if few else None
    pvecs, phash = _project_vectors(model, wanted)
    stored = _stored("organisation", org_ids, model)
    ref = documents.reference_year()
    stats = {"derived": 0, "unchanged": 0, "removed": 0}
    items = org_ids
    if progress:
        items = tqdm(org_ids, desc="Organisation vectors", unit="org", leave=False)
    for oid in items:
        own_row = stored.get((oid, "own"))
        own = (
            (np.frombuffer(own_row.vector, dtype=np.float32), own_row.text_hash)
            if own_row
            else None
        )
        derived = documents.derive_vector(docs.get(oid, []), pvecs, phash, own, ref)
        row = stored.get((oid, "profile"))
        if derived is None:
            if row is not None:
                db.session.delete(row)
                stats["removed"] += 1
            continue
        vec, key = derived
        if row is not None and row.text_hash == key:
            stats["unchanged"] += 1
            continue
        _store("organisation", (oid, "profile"), row, model, key, vec)
        stats["derived"] += 1
    db.session.flush()
    return stats


def _own_texts(orgs) -> dict[tuple[int, str], str]:
    texts = {}
    for org in orgs:
        for field, text in org_texts(org).items():
            texts[(org.id, OWN_FIELD[field])] = text
    return texts


def rebuild_org_embeddings(progress: bool = False) -> dict:
    """Encode the owners' texts that changed, then derive every organisation's vector."""
    orgs = db.session.execute(select(Organisation)).scalars().all()
    stats = sync_embeddings("organisation", _own_texts(orgs), progress=progress)
    derived = derive_org_vectors([o.id for o in orgs], progress=progress)
    stats.update(derived=derived["derived"])
    stats["removed"] += derived["removed"]
    if stats["encoded"] or stats["removed"] or stats["reused"] or derived["derived"]:
        bump_version()
    return stats


def forget_entities(entity_type: str, ids: Iterable[int]) -> int:
    """Delete every stored vector of these entities (all fields, all models) in the current
    transaction, so that they go when it commits and stay when it rolls back (the rows have no
    foreign key to cascade from). Returns how many rows went; the version stamp is the
    caller's (``engine.retire``)."""
    ids = sorted(set(ids))
    if not ids:
        return 0
    t = Embedding.__table__
    gone = 0
    for start in range(0, len(ids), 500):
        gone += db.session.execute(
            delete(t).where(
                t.c.entity_type == entity_type, t.c.entity_id.in_(ids[start : start + 500])
            )
        ).rowcount
    return gone


def update_org_embedding(org: Organisation) -> dict:
    """Re-encode one organisation's changed texts and derive its vector again (called when a
    profile is saved); the caller decides whether the version stamp moves (see
    ``engine.refresh_org``)."""
    stats = sync_embeddings("organisation", _own_texts([org]))
    derive_org_vectors([org.id])
    return stats


def load_vectors(entity_type: str, ids: Iterable[int] | None = None) -> dict[str, dict]:
    """Stored vectors by field: {field: {entity_id: vector}} for the current model.

    One Core select of (id, field, blob) — no ORM objects — and one contiguous float32 array
    per field; the dict values are rows (views) of it."""
    t = Embedding.__table__.c
    q = select(t.entity_id, t.field, t.vector).where(
        t.entity_type == entity_type, t.model_name == get_encoder().model_name
    )
    if ids is not None:
        ids = list(ids)
        if not ids:
            return {}
        q = q.where(t.entity_id.in_(ids))
    # Each blob is appended to one growing buffer per field as the rows stream in: no list of
    # 100,000 bytes objects next to their joined copy (twice the vectors at the peak).
    by_field: dict[str, tuple[list, bytearray]] = {}
    for eid, field, blob in db.session.execute(q):
        keys, buf = by_field.setdefault(field, ([], bytearray()))
        keys.append(eid)
        buf += blob
    out: dict[str, dict] = {}
    for field, (keys, buf) in by_field.items():
        mat = np.frombuffer(buf, dtype=np.float32).reshape(len(keys), -1)
        out[field] = dict(zip(keys, mat, strict=True))
    return out


def item_vectors(entity_type: str, items: dict[int, str]) -> dict[int, np.ndarray]:
    """Vectors of challenges / datasets as `flask match rebuild` stored them.

    Nothing is written here (pages call it in GET requests). An item whose text changed since
    the last rebuild (its stored hash differs) is encoded in memory for this answer only.
    """
    enc = get_encoder()
    stored = _stored(entity_type, list(items), enc.model_name)
    out: dict[int, np.ndarray] = {}
    missing = []
    for i, text in items.items():
        row = stored.get((i, "text"))
        if row is not None and row.text_hash == text_hash(text):
            out[i] = np.frombuffer(row.vector, dtype=np.float32)
        elif text.strip():
            missing.append(i)
    if missing:
        for i, vec in zip(missing, enc.encode([items[i] for i in missing]), strict=True):
            out[i] = vec
    return out
