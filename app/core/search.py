"""Full-text search for every listing: one index, Italian and English, accent- and case-blind.

Each searchable record (an organisation, a challenge, a project, a dataset) has one row in
`search_docs`: its name and the rest of its text, *analysed in Python* (case and accents folded,
each word with its Italian and English Snowball stems, PyStemmer). Both databases index that row
so that matching, counting and ranking read the index only, never the row (issue 18: the cost
of a search must not be the cost of reading every matching document):

- SQLite: an FTS5 table (`unicode61 remove_diacritics 2`) kept in step by triggers, ranked by
  bm25. The row id *is* the kind and the record: `search_docs.id = KIND_CODES[kind] << 32 |
  ref_id` (`doc_id`), so a query restricts the kind by a row-id range and reads the record's id
  from the row id, without a join to `search_docs`;
- PostgreSQL: a narrow table `search_fts(kind, ref_id, tsv)` kept in step by a trigger, the
  `tsvector` stored (name weighted above the rest) under a GIN index on (kind, tsv)
  (`btree_gin`), ranked by `ts_rank` on the stored vector; plus a `pg_trgm` index on the
  folded name for typo tolerance.

Analysing in Python gives the same tokens, stems and folding on both databases (SQLite has no
Italian stemmer). User input becomes only [a-z0-9] tokens, never a LIKE pattern or query syntax.
Features register a document function per model (`register`); the rows follow every ORM flush.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import click
import Stemmer
from flask.cli import AppGroup
from flask_babel import force_locale
from sqlalchemy import (
    DDL,
    BigInteger,
    Float,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy.orm import Mapped, Session, mapped_column
from tqdm import tqdm

from app.extensions import db

MAX_TERMS = 8
_TOKEN = re.compile(r"[a-z0-9]+")
# PyStemmer (C Snowball), the stemmer matching/ uses too.
_IT = Stemmer.Stemmer("italian")
_EN = Stemmer.Stemmer("english")
# Version of the analysis (folding, stemmer, documents). A stored index made by another
# version is rebuilt by `flask search rebuild --if-empty` (what `make db` runs).
ANALYSER_VERSION = 2
_STAMP = "_analyser"
# The kinds of record and their code in the row ids of the index (never renumber one: the
# stored ids carry them; a new kind takes a new code).
KIND_CODES = {"org": 1, "project": 2, "challenge": 3, "dataset": 4, "course": 5, _STAMP: 63}
_SHIFT = 32


def doc_id(kind: str, ref_id: int) -> int:
    """The id of a record's row in `search_docs` (and in the SQLite FTS table)."""
    return (KIND_CODES[kind] << _SHIFT) | ref_id


def _id_range(kind: str) -> tuple[int, int]:
    """[lo, hi) of the row ids of one kind; ref_id = rowid - lo."""
    lo = KIND_CODES[kind] << _SHIFT
    return lo, lo + (1 << _SHIFT)


class SearchDoc(db.Model):  # type: ignore[name-defined]
    """The analysed text of one searchable record (kind + id of the record)."""

    __tablename__ = "search_docs"

    # doc_id(kind, ref_id), set by the index code (64-bit: BIGINT on PostgreSQL).
    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False
    )
    kind: Mapped[str] = mapped_column(String(24))
    ref_id: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (UniqueConstraint("kind", "ref_id", name="uq_search_docs_kind_ref"),)


# The statements that build the index; the migration runs the same lists.
SQLITE_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(title, body, "
    "content='search_docs', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts_vocab USING fts5vocab(search_fts, 'col')",
    "CREATE TRIGGER IF NOT EXISTS search_docs_ai AFTER INSERT ON search_docs BEGIN "
    "INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    "CREATE TRIGGER IF NOT EXISTS search_docs_ad AFTER DELETE ON search_docs BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); END",
    "CREATE TRIGGER IF NOT EXISTS search_docs_au AFTER UPDATE ON search_docs BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); "
    "INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
)
SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS search_docs_au",
    "DROP TRIGGER IF EXISTS search_docs_ad",
    "DROP TRIGGER IF EXISTS search_docs_ai",
    "DROP TABLE IF EXISTS search_fts_vocab",
    "DROP TABLE IF EXISTS search_fts",
)
# The stored vector of a search_docs row (the text is already folded by `analyse`).
PG_VECTOR = (
    "setweight(to_tsvector('simple', {row}.title), 'A') || "
    "setweight(to_tsvector('simple', {row}.body), 'B')"
)
PG_DDL = (
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    # unaccent() is only STABLE; an index expression needs an IMMUTABLE wrapper with the
    # dictionary named explicitly.
    "CREATE OR REPLACE FUNCTION portal_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE "
    "PARALLEL SAFE STRICT AS $$ SELECT unaccent('unaccent'::regdictionary, $1) $$",
    "CREATE TABLE IF NOT EXISTS search_fts (kind varchar(24) NOT NULL, ref_id integer NOT NULL, "
    "tsv tsvector NOT NULL, PRIMARY KEY (kind, ref_id))",
    "CREATE OR REPLACE FUNCTION search_docs_fts() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF TG_OP <> 'INSERT' THEN "
    "DELETE FROM search_fts WHERE kind = OLD.kind AND ref_id = OLD.ref_id; END IF; "
    "IF TG_OP <> 'DELETE' THEN INSERT INTO search_fts (kind, ref_id, tsv) "
    f"VALUES (NEW.kind, NEW.ref_id, {PG_VECTOR.format(row='NEW')}); END IF; "
    "RETURN NULL; END $$",
    "CREATE OR REPLACE TRIGGER search_docs_fts AFTER INSERT OR UPDATE OR DELETE ON search_docs "
    "FOR EACH ROW EXECUTE FUNCTION search_docs_fts()",
    "CREATE INDEX IF NOT EXISTS ix_search_fts_tsv ON search_fts USING gin (kind, tsv)",
    "CREATE INDEX IF NOT EXISTS ix_search_docs_trgm ON search_docs "
    "USING gin ((portal_unaccent(lower(title))) gin_trgm_ops)",
)
PG_DROP = (
    "DROP TRIGGER IF EXISTS search_docs_fts ON search_docs",
    "DROP TABLE IF EXISTS search_fts",
    "DROP FUNCTION IF EXISTS search_docs_fts()",
    "DROP INDEX IF EXISTS ix_search_docs_trgm",
    "DROP FUNCTION IF EXISTS portal_unaccent(text)",
)
for _stmt in SQLITE_DDL:
    event.listen(SearchDoc.__table__, "after_create", DDL(_stmt).execute_if(dialect="sqlite"))
for _stmt in PG_DDL:
    event.listen(SearchDoc.__table__, "after_create", DDL(_stmt).execute_if(dialect="postgresql"))
for _stmt in SQLITE_DROP:
    event.listen(SearchDoc.__table__, "before_drop", DDL(_stmt).execute_if(dialect="sqlite"))
for _stmt in PG_DROP:
    event.listen(SearchDoc.__table__, "before_drop", DDL(_stmt).execute_if(dialect="postgresql"))


def fold(value: str) -> str:
    """Lower case without accents: 'UNIVERSITÀ' -> 'universita'."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=200_000)
def stems(token: str) -> tuple[str, ...]:
    """The token and its Italian and English stems (distinct, token first)."""
    if len(token) <= 3 or not token.isalpha():
        return (token,)
    out = [token]
    for stem in (_IT.stemWord(token), _EN.stemWord(token)):
        if stem not in out and len(stem) >= 3:
            out.append(stem)
    return tuple(out)


def analyse(*texts: str | None) -> str:
    """The indexed form of some texts: folded words, each followed by its stems."""
    seen: dict[str, None] = {}
    for value in texts:
        for token in _TOKEN.findall(fold(value or "")):
            for form in stems(token):
                seen.setdefault(form, None)
    return " ".join(seen)


def query_terms(q: str | None) -> list[tuple[str, ...]]:
    """User input -> up to MAX_TERMS groups of alternatives (a word and its stems)."""
    groups = []
    for token in _TOKEN.findall(fold(q or ""))[:MAX_TERMS]:
        groups.append(stems(token))
    return groups


# ---- Registry: which model is indexed, under which kind, with which document. ----


@dataclass(frozen=True)
class Indexed:
    kind: str
    document: Callable | None  # obj -> (name, [other texts]); None for parents-only models
    parents: Callable | None = None  # for dependent rows: obj -> records to re-index
    # () -> loader options for `rebuild` (what `document` reads of each row); a function, so
    # that registering at import time does not configure the mappers before every model exists.
    load: Callable[[], tuple] = tuple
    documents: Callable | None = None  # [obj] -> [(name, [texts])], `document` for a batch


_REGISTRY: dict[type, Indexed] = {}
# Derived data refreshed by `flask search rebuild` after bulk SQL imports (e.g. activity counts).
_REBUILD_HOOKS: list[Callable[[], None]] = []


def after_rebuild(hook: Callable[[], None]) -> Callable[[], None]:
    """Register a function that `rebuild` runs first (refreshing derived columns)."""
    _REBUILD_HOOKS.append(hook)
    return hook


def register(
    model: type,
    kind: str,
    document: Callable | None = None,
    parents=None,
    load: Callable[[], tuple] = tuple,
    documents: Callable | None = None,
) -> None:
    """Index `model` rows under `kind`; `document(obj)` returns (name, [texts]).

    A model registered with `parents` only (e.g. a project partner) re-indexes its parents.
    For `rebuild`: `load()`, the loader options (e.g. `selectinload` of what `document`
    reads), called at rebuild time;
    `documents(objs)`, the documents of a batch of rows in a few queries instead of a few per
    row. A new kind needs a code in KIND_CODES.
    """
    if kind not in KIND_CODES:
        raise ValueError(f"search kind {kind!r} has no code in KIND_CODES")
    if documents is None and document is not None:
        documents = lambda objs: [document(obj) for obj in objs]  # noqa: E731
    _REGISTRY[model] = Indexed(kind, document, parents, load, documents)


def _insert(conn, objs: list, spec: Indexed) -> None:
    """Analyse and insert the documents of a batch of rows of one model."""
    assert spec.documents is not None  # parents-only specs are never analysed
    rows = [
        {
            "id": doc_id(spec.kind, obj.id),
            "kind": spec.kind,
            "ref_id": obj.id,
            "title": analyse(name),
            "body": analyse(*texts),
        }
        for obj, (name, texts) in zip(objs, spec.documents(objs), strict=True)
    ]
    conn.execute(SearchDoc.__table__.insert(), rows)


def _sync(connection, objs: Iterable, deleted: Iterable) -> None:
    docs = SearchDoc.__table__
    for kind, ref_id in deleted:
        connection.execute(docs.delete().where(docs.c.kind == kind, docs.c.ref_id == ref_id))
    # One batch per model (its documents in a few queries), as `rebuild` reads them.
    batches: dict[str, tuple[Indexed, list]] = {}
    for obj, spec in objs:
        batches.setdefault(spec.kind, (spec, []))[1].append(obj)
    for kind, (spec, batch) in batches.items():
        ids = [obj.id for obj in batch]
        connection.execute(docs.delete().where(docs.c.kind == kind, docs.c.ref_id.in_(ids)))
        _insert(connection, batch, spec)


def _changes(session: Session) -> list[tuple]:
    """(object, spec, deleted) for every indexed row of this flush (nothing loaded here)."""
    out = []
    for obj in (*session.new, *session.dirty, *session.deleted):
        spec = _REGISTRY.get(type(obj))
        if spec is not None:
            out.append((obj, spec, obj in session.deleted))
    return out


def _targets(changes: list[tuple]):
    touched: dict[tuple[str, int], tuple] = {}
    deleted: set[tuple[str, int]] = set()
    gone = {id(obj) for obj, _spec, was_deleted in changes if was_deleted}
    for obj, spec, was_deleted in changes:
        if spec.parents is not None:
            for parent in spec.parents(obj) or ():
                pspec = _REGISTRY.get(type(parent))
                if pspec is not None and parent.id is not None and id(parent) not in gone:
                    touched[(pspec.kind, parent.id)] = (parent, pspec)
        elif was_deleted:
            deleted.add((spec.kind, obj.id))
        elif obj.id is not None:
            touched[(spec.kind, obj.id)] = (obj, spec)
    for key in deleted:
        touched.pop(key, None)
    return list(touched.values()), deleted


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _ctx) -> None:
    # Only note what changed: the new rows are not in the identity map yet, so loading a
    # document's relationships now would load second copies of them.
    if _REGISTRY and not session.info.get(_DEFERRED):
        changes = _changes(session)
        if changes:
            session.info.setdefault("search_pending", []).extend(changes)


@event.listens_for(Session, "after_flush_postexec")
def _after_flush_postexec(session: Session, _ctx) -> None:
    # Same transaction as the records: the index commits or rolls back with them.
    changes = session.info.pop("search_pending", None)
    if not changes:
        return
    with session.no_autoflush:
        objs, deleted = _targets(changes)
        if objs or deleted:
            _sync(session.connection(), objs, deleted)


@event.listens_for(Session, "after_soft_rollback")
def _forget_pending(session: Session, _previous) -> None:
    session.info.pop("search_pending", None)


_DEFERRED = "search_deferred"


@contextmanager
def deferred(kinds: Iterable[str], progress=None) -> Iterator[None]:
    """Bulk writes (an import): no index sync at each flush inside the block, then the given
    kinds re-indexed once at its end, with the rebuild hooks (the counts and sums that the
    import's Core inserts do not update). On an error nothing is re-indexed: the caller rolls
    the transaction back, and the index with it. Into an empty index, with no rows of the
    other kinds (a new database), every document is then written by this analyser: the index
    is stamped current, so `flask search rebuild --if-empty` (what `make db` runs next) does
    not analyse everything a second time."""
    kinds = tuple(kinds)
    session = db.session()
    # Mapped classes, each with an `id` column (typed as Any: `type` has no `id`).
    models: tuple[Any, ...] = (
        SearchDoc,
        *(m for m, sp in _REGISTRY.items() if sp.parents is None and sp.kind not in kinds),
    )
    empty = all(session.execute(db.select(model.id).limit(1)).first() is None for model in models)
    session.info[_DEFERRED] = True
    try:
        yield
        session.flush()
    finally:
        session.info.pop(_DEFERRED, None)
    rebuild(kinds, progress)
    if empty:
        _stamp(session.connection())


def _stamp(conn) -> None:
    conn.execute(SearchDoc.__table__.delete().where(SearchDoc.kind == _STAMP))
    conn.execute(
        SearchDoc.__table__.insert().values(
            id=doc_id(_STAMP, ANALYSER_VERSION),
            kind=_STAMP,
            ref_id=ANALYSER_VERSION,
            title="",
            body="",
        )
    )


def rebuild(kinds: Iterable[str] | None = None, progress=None) -> dict[str, int]:
    """Re-analyse every registered record (after bulk imports or a change of analyser)."""
    counts: dict[str, int] = {}
    conn = db.session.connection()
    # Statistics for the planner after a bulk import: without them SQLite reads an
    # organisation's projects through the `source` index (1.7 ms a query, 70x slower than
    # through the partners' org_id) and PostgreSQL joins fresh tables by nested loops.
    conn.execute(text("ANALYZE"))
    for hook in _REBUILD_HOOKS:
        hook()
    for model, spec in _REGISTRY.items():
        if spec.parents is not None or (kinds and spec.kind not in kinds):
            continue
        conn.execute(SearchDoc.__table__.delete().where(SearchDoc.kind == spec.kind))
        rows = db.session.execute(db.select(model).options(*spec.load())).scalars()
        batch: list = []
        for obj in progress(rows, desc=spec.kind) if progress else rows:
            batch.append(obj)
            if len(batch) >= 500:
                _insert(conn, batch, spec)
                batch = []
        if batch:
            _insert(conn, batch, spec)
        counts[spec.kind] = db.session.execute(
            db.select(db.func.count()).where(SearchDoc.kind == spec.kind)
        ).scalar_one()
    if not kinds:
        _stamp(conn)
    return counts


def is_current() -> bool:
    """Was the stored index built by this version of the analysis."""
    stamp = db.session.execute(
        db.select(SearchDoc.ref_id).where(SearchDoc.kind == _STAMP)
    ).scalar_one_or_none()
    return stamp == ANALYSER_VERSION


# ---- Querying. ----


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def _has_prefix(term: str, dialect: str) -> bool:
    if dialect == "sqlite":
        sql = "SELECT 1 FROM search_fts_vocab WHERE term >= :a AND term < :b LIMIT 1"
        return db.session.execute(text(sql), {"a": term, "b": term + "{"}).first() is not None
    sql = "SELECT 1 FROM search_fts WHERE tsv @@ to_tsquery('simple', :q) LIMIT 1"
    return db.session.execute(text(sql), {"q": f"{term}:*"}).first() is not None


def _close_names(term: str, dialect: str) -> list[str]:
    """Words of indexed names close to a misspelt term (typo tolerance for names)."""
    if len(term) < 5:
        return []
    if dialect == "sqlite":
        sql = "SELECT term FROM search_fts_vocab WHERE col = 'title' AND term >= :a AND term < :b"
        words = [w for (w,) in db.session.execute(text(sql), {"a": term[0], "b": term[0] + "{"})]
    else:
        # pg_trgm's % (similarity above 0.3) uses the trigram index on the folded name.
        sql = (
            "SELECT DISTINCT w FROM (SELECT regexp_split_to_table(title, ' ') AS w "
            "FROM search_docs WHERE portal_unaccent(lower(title)) % :t) s"
        )
        words = [w for (w,) in db.session.execute(text(sql), {"t": term})]
    return difflib.get_close_matches(term, words, n=3, cutoff=0.8)


def _expand(groups: list[tuple[str, ...]], dialect: str) -> list[tuple[str, ...]]:
    out = []
    for group in groups:
        if any(_has_prefix(alt, dialect) for alt in group):
            out.append(group)
        else:
            out.append(group + tuple(_close_names(group[0], dialect)))
    return out


def ranked(kind: str, q: str | None, *, rank: bool = True):
    """Subquery (ref_id, rank) of the `kind` records matching q, best first by rank ascending;
    None when q is blank (the caller then applies no text filter). It reads the index only
    (never a `search_docs` row); rank=False leaves the ranking out (rank 0), for counts."""
    if not (q or "").strip():
        return None
    groups = query_terms(q)
    if not groups:
        # Only punctuation (e.g. "%" or "_"): nothing can match; never "everything".
        empty = text("SELECT 0 AS ref_id, 0.0 AS rank WHERE 1 = 0")
        return empty.columns(ref_id=Integer, rank=Float).subquery(f"search_{kind}")
    dialect = _dialect()
    groups = _expand(groups, dialect)
    if dialect == "sqlite":
        match = " AND ".join("(" + " OR ".join(f'"{a}"*' for a in g) + ")" for g in groups)
        lo, hi = _id_range(kind)  # integers of KIND_CODES, never user input
        score = "bm25(search_fts, 4.0, 1.0)" if rank else "0.0"
        sql = (
            f"SELECT rowid - {lo} AS ref_id, {score} AS rank FROM search_fts "
            f"WHERE search_fts MATCH :m AND rowid >= {lo} AND rowid < {hi}"
        )
        stmt = text(sql).bindparams(m=match)
    else:
        tsq = " & ".join("(" + " | ".join(f"{a}:*" for a in g) + ")" for g in groups)
        score = "-ts_rank(tsv, to_tsquery('simple', :m))" if rank else "0.0"
        sql = (
            f"SELECT ref_id, {score} AS rank FROM search_fts "
            "WHERE kind = :k AND tsv @@ to_tsquery('simple', :m)"
        )
        stmt = text(sql).bindparams(m=tsq, k=kind)
    return stmt.columns(ref_id=Integer, rank=Float).subquery(f"search_{kind}")


def matching(kind: str, q: str | None):
    """Select of the ids of `kind` records matching q, for `Model.id.in_(...)`; None if q is
    empty (no text filter)."""
    sub = ranked(kind, q, rank=False)
    return None if sub is None else db.select(sub.c.ref_id)


def by_relevance(query, id_column, kind: str, q: str | None):
    """Order a select by relevance to q first (no-op when q is empty)."""
    sub = ranked(kind, q)
    if sub is None:
        return query
    return query.outerjoin(sub, sub.c.ref_id == id_column).order_by(sub.c.rank)


def restrict(query, id_column, kind: str, q: str | None):
    """Restrict a select to the records matching q (no-op when q is empty)."""
    ids = matching(kind, q)
    return query if ids is None else query.where(id_column.in_(ids))


def in_all_languages(*labels) -> list[str]:
    """Translatable labels rendered in Italian and English, so either language finds them."""
    out: list[str] = []
    for locale in ("it", "en"):
        with force_locale(locale):
            out.extend(str(label) for label in labels if label)
    return out


search_cli = AppGroup("search", help="Full-text search index.")


@search_cli.command("rebuild")
@click.option(
    "--if-empty",
    is_flag=True,
    help="Only when the index holds no row yet or was built by another analyser version.",
)
def rebuild_cmd(if_empty: bool) -> None:
    """Re-index every searchable record (after a bulk import); commits once at the end."""
    if if_empty and is_current():
        click.echo("search: index already built (run without --if-empty to rebuild)")
        return
    counts = rebuild(progress=tqdm)
    db.session.commit()
    click.echo("search: indexed " + ", ".join(f"{n} {k}" for k, n in counts.items()))


def include_name(name, type_, parent_names) -> bool:
    """Alembic filter: the FTS5 tables and the expression indexes are built by DDL, not models."""
    if type_ == "table":
        return not str(name).startswith("search_fts")
    return not (
        type_ == "index"
        and name in ("ix_search_docs_tsv", "ix_search_docs_trgm", "ix_search_fts_tsv")
    )
