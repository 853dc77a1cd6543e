"""Full-text search for every listing: one index, Italian and English, accent- and case-blind.

Each searchable record (an organisation, a challenge, a project, a dataset) has one row in
`search_docs`: its name and the rest of its text, *analysed in Python* (case and accents folded,
each word with its Italian and English Snowball stems). Both databases index that row:

- SQLite: an FTS5 table (`unicode61 remove_diacritics 2`) kept in step by triggers, ranked by bm25;
- PostgreSQL: a GIN index on `to_tsvector('simple', unaccent(...))` (name weighted above the
  rest), ranked by `ts_rank`, plus a `pg_trgm` index on the folded name for typo tolerance.

Analysing in Python gives the same tokens, stems and folding on both databases (SQLite has no
Italian stemmer). User input becomes only [a-z0-9] tokens, never a LIKE pattern or query syntax.
Features register a document function per model (`register`); the rows follow every ORM flush.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

import click
import snowballstemmer
from flask.cli import AppGroup
from flask_babel import force_locale
from sqlalchemy import DDL, Float, Integer, String, Text, UniqueConstraint, event, text
from sqlalchemy.orm import Mapped, Session, mapped_column
from tqdm import tqdm

from app.extensions import db

MAX_TERMS = 8
_TOKEN = re.compile(r"[a-z0-9]+")
_IT = snowballstemmer.stemmer("italian")
_EN = snowballstemmer.stemmer("english")


class SearchDoc(db.Model):
    """The analysed text of one searchable record (kind + id of the record)."""

    __tablename__ = "search_docs"

    id: Mapped[int] = mapped_column(primary_key=True)
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
PG_VECTOR = (
    "setweight(to_tsvector('simple', portal_unaccent(title)), 'A') || "
    "setweight(to_tsvector('simple', portal_unaccent(body)), 'B')"
)
PG_DDL = (
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # unaccent() is only STABLE; an index expression needs an IMMUTABLE wrapper with the
    # dictionary named explicitly.
    "CREATE OR REPLACE FUNCTION portal_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE "
    "PARALLEL SAFE STRICT AS $$ SELECT unaccent('unaccent'::regdictionary, $1) $$",
    f"CREATE INDEX IF NOT EXISTS ix_search_docs_tsv ON search_docs USING gin (({PG_VECTOR}))",
    "CREATE INDEX IF NOT EXISTS ix_search_docs_trgm ON search_docs "
    "USING gin ((portal_unaccent(lower(title))) gin_trgm_ops)",
)
PG_DROP = (
    "DROP INDEX IF EXISTS ix_search_docs_trgm",
    "DROP INDEX IF EXISTS ix_search_docs_tsv",
    "DROP FUNCTION IF EXISTS portal_unaccent(text)",
)
for _stmt in SQLITE_DDL:
    event.listen(SearchDoc.__table__, "after_create", DDL(_stmt).execute_if(dialect="sqlite"))
for _stmt in PG_DDL:
    event.listen(SearchDoc.__table__, "after_create", DDL(_stmt).execute_if(dialect="postgresql"))
for _stmt in SQLITE_DROP:
    event.listen(SearchDoc.__table__, "before_drop", DDL(_stmt).execute_if(dialect="sqlite"))


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
    document: Callable  # obj -> (name, [other texts])
    parents: Callable | None = None  # for dependent rows: obj -> records to re-index


_REGISTRY: dict[type, Indexed] = {}


def register(model: type, kind: str, document: Callable | None = None, parents=None) -> None:
    """Index `model` rows under `kind`; `document(obj)` returns (name, [texts]).

    A model registered with `parents` only (e.g. a project partner) re-indexes its parents.
    """
    _REGISTRY[model] = Indexed(kind, document, parents)


def _row(obj, spec: Indexed) -> dict:
    name, texts = spec.document(obj)
    return {
        "kind": spec.kind,
        "ref_id": obj.id,
        "title": analyse(name),
        "body": analyse(*texts),
    }


def _sync(connection, objs: Iterable, deleted: Iterable) -> None:
    docs = SearchDoc.__table__
    for kind, ref_id in deleted:
        connection.execute(docs.delete().where(docs.c.kind == kind, docs.c.ref_id == ref_id))
    for obj, spec in objs:
        row = _row(obj, spec)
        connection.execute(
            docs.delete().where(docs.c.kind == row["kind"], docs.c.ref_id == row["ref_id"])
        )
        connection.execute(docs.insert().values(**row))


def _targets(session: Session):
    touched: dict[tuple[str, int], tuple] = {}
    deleted: set[tuple[str, int]] = set()
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        spec = _REGISTRY.get(type(obj))
        if spec is None:
            continue
        if spec.parents is not None:
            for parent in spec.parents(obj) or ():
                pspec = _REGISTRY.get(type(parent))
                if pspec is not None and parent.id is not None and parent not in session.deleted:
                    touched[(pspec.kind, parent.id)] = (parent, pspec)
        elif obj in session.deleted:
            deleted.add((spec.kind, obj.id))
        elif obj.id is not None:
            touched[(spec.kind, obj.id)] = (obj, spec)
    for key in deleted:
        touched.pop(key, None)
    return touched.values(), deleted


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _ctx) -> None:
    # Runs inside the same transaction: the index commits or rolls back with the records.
    if not _REGISTRY:
        return
    with session.no_autoflush:
        objs, deleted = _targets(session)
        if objs or deleted:
            _sync(session.connection(), list(objs), deleted)


def rebuild(kinds: Iterable[str] | None = None, progress=None) -> dict[str, int]:
    """Re-analyse every registered record (after bulk imports or a change of analyser)."""
    counts: dict[str, int] = {}
    conn = db.session.connection()
    for model, spec in _REGISTRY.items():
        if spec.parents is not None or (kinds and spec.kind not in kinds):
            continue
        conn.execute(SearchDoc.__table__.delete().where(SearchDoc.kind == spec.kind))
        rows = db.session.execute(db.select(model)).scalars()
        batch = []
        for obj in progress(rows, desc=spec.kind) if progress else rows:
            batch.append(_row(obj, spec))
            if len(batch) >= 500:
                conn.execute(SearchDoc.__table__.insert(), batch)
                batch = []
        if batch:
            conn.execute(SearchDoc.__table__.insert(), batch)
        counts[spec.kind] = db.session.execute(
            db.select(db.func.count()).where(SearchDoc.kind == spec.kind)
        ).scalar_one()
    return counts


# ---- Querying. ----


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def _has_prefix(term: str, dialect: str) -> bool:
    if dialect == "sqlite":
        sql = "SELECT 1 FROM search_fts_vocab WHERE term >= :a AND term < :b LIMIT 1"
        return db.session.execute(text(sql), {"a": term, "b": term + "{"}).first() is not None
    sql = f"SELECT 1 FROM search_docs WHERE ({PG_VECTOR}) @@ to_tsquery('simple', :q) LIMIT 1"
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


def ranked(kind: str, q: str | None):
    """Subquery (ref_id, rank) of the `kind` records matching q, best first by rank ascending;
    None when q is blank (the caller then applies no text filter)."""
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
        sql = (
            # CROSS JOIN keeps the FTS match as the outer loop: with a plain JOIN SQLite may
            # walk search_docs and re-run the MATCH once per row (seconds instead of ms).
            "SELECT d.ref_id AS ref_id, bm25(search_fts, 4.0, 1.0) AS rank FROM search_fts "
            "CROSS JOIN search_docs d ON d.id = search_fts.rowid "
            "WHERE search_fts MATCH :m AND d.kind = :k"
        )
        stmt = text(sql).bindparams(m=match, k=kind)
    else:
        tsq = " & ".join("(" + " | ".join(f"{a}:*" for a in g) + ")" for g in groups)
        sql = (
            f"SELECT ref_id, -ts_rank({PG_VECTOR}, to_tsquery('simple', :m)) AS rank "
            f"FROM search_docs WHERE kind = :k AND ({PG_VECTOR}) @@ to_tsquery('simple', :m)"
        )
        stmt = text(sql).bindparams(m=tsq, k=kind)
    return stmt.columns(ref_id=Integer, rank=Float).subquery(f"search_{kind}")


def matching(kind: str, q: str | None):
    """Select of the ids of `kind` records matching q, for `Model.id.in_(...)`; None if q is
    empty (no text filter)."""
    sub = ranked(kind, q)
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
    out = []
    for locale in ("it", "en"):
        with force_locale(locale):
            out.extend(str(label) for label in labels if label)
    return out


search_cli = AppGroup("search", help="Full-text search index.")


@search_cli.command("rebuild")
@click.option("--if-empty", is_flag=True, help="Only when the index holds no row yet.")
def rebuild_cmd(if_empty: bool) -> None:
    """Re-index every searchable record (after a bulk import); commits once at the end."""
    if if_empty and db.session.execute(db.select(SearchDoc.id).limit(1)).first() is not None:
        click.echo("search: index already built (run without --if-empty to rebuild)")
        return
    counts = rebuild(progress=tqdm)
    db.session.commit()
    click.echo("search: indexed " + ", ".join(f"{n} {k}" for k, n in counts.items()))


def include_name(name, type_, parent_names) -> bool:
    """Alembic filter: the FTS5 tables and the expression indexes are built by DDL, not models."""
    if type_ == "table":
        return not str(name).startswith("search_fts")
    return not (type_ == "index" and name in ("ix_search_docs_tsv", "ix_search_docs_trgm"))
