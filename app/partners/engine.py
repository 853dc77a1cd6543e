"""The app's bridge to `matching/`: builds a PartnerMatcher from the database and keeps it in
memory, reloading when the version stamp in the database changes (several workers stay in sync).
"""

from __future__ import annotations

import mmap
import os
import pickle
import threading
import time
from collections import defaultdict
from pathlib import Path
from types import SimpleNamespace

import numpy as np
from flask import current_app, has_request_context
from sqlalchemy import Text, func, select, type_coerce

from app.core import caches
from app.core.txn import on_commit
from app.extensions import db
from app.orgs.directory import in_region
from app.orgs.models import Organisation, OrgArea
from app.partners import documents, embeddings
from app.partners.models import PartnershipProposal
from app.projects.models import FundedProject, ProjectPartner
from matching import OrgRecord, PartnerMatcher, PartnerRanker
from matching.documents import OrgDocument
from matching.graph import EdgeArrays

_lock = threading.RLock()
_state: dict[str, dict] = {}
# Candidates scored per query: with 13,000 organisations the 200 nearest vectors are mostly
# small companies with one matching project; a wider pool lets kind, place and graph signals
# bring in the large regional universities and IRCCS, whose many projects spread their vector.
N_CANDIDATES = 1500
# Other pages' caches to fill at start-up, after the matcher (e.g. the ecosystem network).
WARMERS: list = []
caches.register(_state.clear)


def _after_fork_in_child() -> None:
    """A forked worker (gunicorn --preload) starts with a fresh lock and no builder thread (the
    parent's does not exist in the child and may have held the lock). The matchers the parent
    had finished stay: their arrays are shared with the parent, page by page, until written."""
    global _lock
    _lock = threading.RLock()
    _builders.clear()
    _failed_at.clear()


os.register_at_fork(after_in_child=_after_fork_in_child)


def _record(org: Organisation, texts: dict[str, str], last_year: int | None, has: set):
    """The engine's record; a text whose vector is not stored yet is left out (the engine
    would encode it inside the request): `flask match rebuild` brings it in."""
    lo, hi = org.trl_min, org.trl_max
    if lo is not None and hi is not None and lo > hi:
        lo, hi = hi, lo
    return OrgRecord(
        id=org.id,
        name=org.name,
        kind=org.kind,
        text=texts["profile"] if "profile" in has else "",
        offers=texts["offers"] if "offers" in has else "",
        seeks=texts["seeks"] if "seeks" in has else "",
        trl_min=lo,
        trl_max=hi,
        province=org.province,
        region=org.region,
        last_active_year=last_year,
    )


def engine_texts(org: Organisation, research: str, own: dict | None = None) -> dict[str, str]:
    """Texts given to the engine: the owners' profile text followed by the research-profile
    text (lexical signal and shared key terms), offers and seeks (``own``: the
    ``embeddings.org_texts`` of the organisation when the caller has them)."""
    texts = dict(embeddings.org_texts(org) if own is None else own)
    texts["profile"] = "\n".join(t for t in (texts["profile"], research) if t.strip())
    return texts


def own_document(org, texts: dict[str, str] | None = None) -> OrgDocument | None:
    """The organisation's own lexical document: what its owners wrote (profile and offers);
    ``texts``: its ``embeddings.org_texts`` when the caller has them."""
    texts = embeddings.org_texts(org) if texts is None else texts
    text = "\n".join(t for t in (texts["profile"], texts["offers"]) if t)
    return OrgDocument(org.id, text, None, doc_id="profile") if text else None


def participations() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(project ids, organisation ids, start years or -1, whether the project is a CORDIS one)
    of every project partner: one columnar read that gives the graph, each organisation's
    last active year and the links of its research profile."""
    t = ProjectPartner.__table__.c
    f = FundedProject.__table__.c
    rows = db.session.execute(
        select(t.project_id, t.org_id, f.start_date, f.source == "cordis")
        .join(FundedProject.__table__, f.id == t.project_id)
        .distinct()
    ).all()
    if not rows:
        empty = np.zeros(0, np.int64)
        return empty, empty, empty, np.zeros(0, bool)
    pid = np.fromiter((r[0] for r in rows), np.int64, len(rows))
    oid = np.fromiter((r[1] for r in rows), np.int64, len(rows))
    year = np.fromiter((r[2].year if r[2] else -1 for r in rows), np.int64, len(rows))
    cordis = np.fromiter((bool(r[3]) for r in rows), bool, len(rows))
    return pid, oid, year, cordis


def research_links(parts) -> dict[int, list[int]]:
    """{organisation id: its CORDIS project ids} from the participations arrays (what
    ``documents.research_texts`` would read), in the order of the read."""
    pid, oid, _year, cordis = parts
    links: dict[int, list[int]] = defaultdict(list)
    for o, p in zip(oid[cordis].tolist(), pid[cordis].tolist(), strict=True):
        links[o].append(p)
    return links


def last_years(oid: np.ndarray, year: np.ndarray) -> dict[int, int]:
    """{organisation id: latest start year of its projects} (organisations with a year)."""
    known = year >= 0
    if not known.any():
        return {}
    orgs, inv = np.unique(oid[known], return_inverse=True)
    latest = np.full(len(orgs), -1, np.int64)
    np.maximum.at(latest, inv, year[known])
    return dict(zip(orgs.tolist(), latest.tolist(), strict=True))


def collaboration_edges(parts=None) -> EdgeArrays:
    """Co-participation in funded projects plus accepted partnerships, as aligned arrays (one
    row per pair of members of a project, year of its start or -1): pairs generated per
    consortium size with numpy, duplicates summed by the graph's CSR build."""
    pid, oid, year = (participations() if parts is None else parts)[:3]
    order = np.lexsort((oid, pid))
    pid, oid, year = pid[order], oid[order], year[order]
    _, starts, sizes = np.unique(pid, return_index=True, return_counts=True)
    a_parts, b_parts, y_parts = [], [], []
    for size in np.unique(sizes[sizes > 1]):
        first = starts[sizes == size]
        members = oid[first[:, None] + np.arange(size)]
        i, j = np.triu_indices(int(size), 1)
        a_parts.append(members[:, i].ravel())
        b_parts.append(members[:, j].ravel())
        y_parts.append(np.repeat(year[first], len(i)))
    accepted = db.session.execute(
        select(
            PartnershipProposal.from_org_id,
            PartnershipProposal.to_org_id,
            PartnershipProposal.updated_at,
        ).where(PartnershipProposal.status == "accepted")
    ).all()
    if accepted:
        a_parts.append(np.array([r[0] for r in accepted], np.int64))
        b_parts.append(np.array([r[1] for r in accepted], np.int64))
        y_parts.append(np.array([r[2].year for r in accepted], np.int64))
    a = np.concatenate(a_parts) if a_parts else np.zeros(0, np.int64)
    b = np.concatenate(b_parts) if b_parts else np.zeros(0, np.int64)
    y = np.concatenate(y_parts) if y_parts else np.zeros(0, np.int64)
    return EdgeArrays(a, b, np.ones(len(a)), y)


def ranker_path(task: str = "partners"):
    """Where `flask match train` saves retrained weights (the shipped defaults otherwise):
    ``ranker.json`` for partner suggestions, ``consortium_ranker.json`` beside it for
    consortium completion."""
    configured = current_app.config.get("MATCHING_RANKER_PATH")
    path = Path(configured) if configured else Path(current_app.instance_path) / "ranker.json"
    return path if task == "partners" else path.with_name(f"{task}_ranker.json")


def _ranker(task: str = "partners"):
    path = ranker_path(task)
    return PartnerRanker.load(path) if path.exists() else None


def _org_rows() -> list[SimpleNamespace]:
    """The organisation fields the engine reads: one Core select of the columns (no ORM
    objects, no identity map), areas from one more."""
    areas: dict[int, list[str]] = defaultdict(list)
    a = OrgArea.__table__.c
    for oid, area in db.session.execute(select(a.org_id, a.area)):
        areas[oid].append(area)
    c = Organisation.__table__.c
    cols = [
        c.id,
        c.name,
        c.kind,
        c.description,
        type_coerce(c.competences, Text).label("competences"),
        c.offers,
        c.seeks,
        c.trl_min,
        c.trl_max,
        c.province,
        c.region,
        c.updated_at,
    ]
    keys = [col.name for col in cols]
    out = []
    for row in db.session.execute(select(*cols).order_by(c.id)).tuples():
        org = SimpleNamespace(**dict(zip(keys, row, strict=True)))
        org.competences = documents.json_list(org.competences)
        org.area_codes = sorted(areas.get(org.id, ()))
        out.append(org)
    return out


def _offer_vectors(vecs: dict, ids: set, research: dict) -> tuple[dict, list[int]]:
    """What an organisation offers: the text its owners wrote, else what its projects did
    (its research profile vector), so that a start-up's "seeks" meets the research
    organisations. Returns (the owners' offer vectors, the ids whose offer is their profile
    vector): the matcher reads those from its profile index instead of keeping a copy."""
    offers = {k: v for k, v in vecs.get("offers", {}).items() if k in ids}
    shared = [k for k in vecs.get("profile", {}) if k in ids and k not in offers and k in research]
    return offers, shared


def build_matcher(previous=None):
    """A fitted PartnerMatcher over every organisation, with the stored vectors.

    ``previous`` (the matcher this one replaces after a version change) lends its fitted
    key-term vocabulary: only the texts that changed are analysed again. The time of each
    phase is logged and kept in ``BUILD_PHASES`` (bench/matcher_build.py reports it)."""
    phases: dict[str, float] = {}
    cpu: dict[str, float] = {}
    clock, cpu_clock = time.perf_counter(), time.process_time()

    def lap(name: str) -> None:
        nonlocal clock, cpu_clock
        now, cpu_now = time.perf_counter(), time.process_time()
        phases[name] = round(now - clock, 2)
        cpu[name] = round(cpu_now - cpu_clock, 2)
        clock, cpu_clock = now, cpu_now

    parts = participations()
    last_year = last_years(parts[1], parts[2])
    lap("participations")
    vecs = embeddings.load_vectors("organisation")
    lap("vectors")
    projects = documents.project_rows()
    lap("projects")
    research = documents.research_texts(links=research_links(parts), rows=projects)
    lap("research_texts")
    records = []
    docs = documents.project_documents(parts, projects)
    del projects
    lap("project_documents")
    for org in _org_rows():
        start = last_year.get(org.id, 0)
        year = max(start, org.updated_at.year if org.updated_at else 0)
        has = {f for f in embeddings.ORG_FIELDS if org.id in vecs.get(f, {})}
        written = embeddings.org_texts(org)
        texts = engine_texts(org, research.get(org.id, ""), written)
        records.append(_record(org, texts, year or None, has))
        own = own_document(org, written)
        if own is not None:
            docs.append(own)
    lap("org_rows")
    if not records:
        return None
    ids = {r.id for r in records}
    edges = collaboration_edges(parts)
    lap("edges")
    matcher = PartnerMatcher(
        encoder=embeddings.get_encoder(),
        ranker=_ranker(),
        consortium_ranker=_ranker("consortium"),
        n_candidates=N_CANDIDATES,
    )
    offers, offers_from_profile = _offer_vectors(vecs, ids, research)
    matcher.fit(
        records,
        vectors={k: v for k, v in vecs.get("profile", {}).items() if k in ids},
        offer_vectors=offers,
        seek_vectors={k: v for k, v in vecs.get("seeks", {}).items() if k in ids},
        edges=edges,
        previous=previous,
        documents=docs,
        offers_from_profile=offers_from_profile,
    )
    lap("fit")
    phases.update({f"fit.{k}": v for k, v in getattr(matcher, "fit_phases_", {}).items()})
    BUILD_PHASES.clear()
    BUILD_PHASES.update(phases)
    BUILD_CPU.clear()
    BUILD_CPU.update(cpu)
    current_app.logger.info("matcher build phases (s): %s", phases)
    return matcher


BUILD_PHASES: dict[str, float] = {}  # wall seconds per phase of the last build
BUILD_CPU: dict[str, float] = {}  # CPU seconds of this process per phase (a shared machine)


def _key() -> str:
    return current_app.config["SQLALCHEMY_DATABASE_URI"]


def snapshot_path() -> Path:
    """Where `flask match rebuild` saves the fitted matcher (MATCHING_SNAPSHOT_PATH, default
    instance/matcher.pkl; its large arrays go to matcher.bin beside it, memory-mapped)."""
    configured = current_app.config.get("MATCHING_SNAPSHOT_PATH")
    return Path(configured) if configured else Path(current_app.instance_path) / "matcher.pkl"


def _snapshot_key(version: int) -> str:
    # The database, the version stamp and a fingerprint of its content: the stamp alone starts
    # again at 1 when a database is recreated at the same URL (a deleted portal.db, a test
    # database emptied between tests), and a snapshot of the old content must not be loaded.
    fingerprint = db.session.execute(
        select(
            func.count(Organisation.id),
            func.max(Organisation.id),
            func.max(Organisation.updated_at),
        )
    ).one()
    partners = db.session.execute(select(func.count()).select_from(ProjectPartner)).scalar()
    return f"{_key()}#{version}#{tuple(fingerprint)}#{partners}#{SNAPSHOT_FORMAT}"


# Bumped when the pickled classes change shape: an older snapshot is then rebuilt, not loaded.
SNAPSHOT_FORMAT = (
    7  # 5: offers shared with the profile index; 6: OrgRecord slots; 7: float32 TF-IDF
)
# Arrays of at least this size leave the pickle for the memory-mapped side file.
_OUT_OF_BAND = 1 << 16
_ALIGN = 64


def write_snapshot(path: Path, key: str, matcher) -> None:
    """Pickle the matcher with its large arrays (vectors, graph, tables) out of band in
    ``path.with_suffix('.bin')``, each aligned, so that a worker maps them instead of reading
    them: workers of one machine share those pages (copy-on-write if a worker changes one)."""
    buffers: list[pickle.PickleBuffer] = []

    def keep(buf: pickle.PickleBuffer) -> bool:
        if buf.raw().nbytes < _OUT_OF_BAND:
            return True  # small: stays in the pickle stream
        buffers.append(buf)
        return False

    path.parent.mkdir(parents=True, exist_ok=True)
    body = pickle.dumps({"key": key, "matcher": matcher}, protocol=5, buffer_callback=keep)
    layout, offset = [], 0
    bin_tmp = path.with_suffix(".bin.tmp")
    with bin_tmp.open("wb") as fh:
        for buf in buffers:
            raw = buf.raw()
            pad = -offset % _ALIGN
            fh.write(b"\0" * pad)
            offset += pad
            fh.write(raw)
            layout.append((offset, raw.nbytes))
            offset += raw.nbytes
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as fh:
        pickle.dump({"key": key, "layout": layout, "body": body}, fh, protocol=5)
    os.replace(bin_tmp, path.with_suffix(".bin"))
    os.replace(tmp, path)  # readers never see a half-written file (the key decides)
    path.with_suffix(".key").write_text(key)


def read_snapshot(path: Path, key: str):
    """The matcher saved under ``key``, its large arrays mapped from the side file; None when
    the file is missing or belongs to another key."""
    stamp = path.with_suffix(".key")
    if not (path.is_file() and stamp.is_file()) or stamp.read_text() != key:
        return None  # decided from the small stamp file, without reading the snapshot
    with path.open("rb") as fh:
        head = pickle.load(fh)  # noqa: S301 - written by `flask match rebuild` only
    if head.get("key") != key:
        return None
    with path.with_suffix(".bin").open("rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        mapped = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_COPY) if size else b""
    view = memoryview(mapped)
    buffers = [view[o : o + n] for o, n in head["layout"]]
    data = pickle.loads(head["body"], buffers=buffers)  # noqa: S301 - our own file
    return data["matcher"]


def save_snapshot() -> Path | None:
    """Fit the matcher and save it for the workers, so that none refits it at start-up.

    Called by `flask match rebuild` after its commit; the file is the portal's own output in
    its instance folder (trusted like the database). Returns the path, None without orgs.
    """
    version = embeddings.current_version()
    key = _snapshot_key(version)
    path = snapshot_path()
    stamp = path.with_suffix(".key")
    if path.is_file() and stamp.is_file() and stamp.read_text() == key:
        return path  # nothing changed since the last rebuild: a warm `make run` stays quick
    matcher = build_matcher()
    if matcher is None:
        return None
    write_snapshot(path, key, matcher)
    with _lock:
        _state[_key()] = {"version": version, "matcher": matcher}
    return path


def _load_snapshot(version: int):
    path = snapshot_path()
    try:
        return read_snapshot(path, _snapshot_key(version))
    except Exception:  # noqa: BLE001 - a stale or broken file only costs a refit
        current_app.logger.warning("matcher snapshot %s unreadable; refitting", path)
        return None


def _fresh_matcher(version: int, previous=None):
    """The matcher of this version: the snapshot when it is the one, else built (lending the
    previous matcher's key-term vocabulary)."""
    matcher = _load_snapshot(version)
    if matcher is None:
        matcher = build_matcher(previous) if previous is not None else build_matcher()
    return matcher


def _build_in_request() -> bool:
    """Whether this caller builds a missing matcher itself: outside a request (CLI commands
    such as the digest, the warm-up) or with MATCHING_BUILD_IN_REQUEST (the test suite)."""
    return not has_request_context() or bool(current_app.config.get("MATCHING_BUILD_IN_REQUEST"))


def get_matcher():
    """The in-memory matcher, never built inside a request.

    Up to date: returned. Version stamp moved (a profile edit in another worker, a rebuild):
    the previous matcher is returned while a background thread builds the new one
    (stale-while-rebuilding). None yet (a worker that just started): the background thread
    loads the snapshot or builds it, and this returns None, which the pages show as
    "suggestions are being prepared" (see ``status``). Outside a request (CLI commands) or
    with MATCHING_BUILD_IN_REQUEST (the test suite) the caller builds it synchronously.
    """
    version = embeddings.current_version()
    key = _key()
    state = _state.get(key)
    if state is not None and state["version"] == version:
        return state["matcher"]
    if _build_in_request():
        with _lock:
            state = _state.get(key)
            if state is None or state["version"] != version:
                matcher = _load_snapshot(version) if state is None else None
                state = {"version": version, "matcher": matcher or build_matcher()}
                _state[key] = state
            return state["matcher"]
    ensure_background(current_app._get_current_object())
    return state["matcher"] if state is not None else None


def status() -> str:
    """ "ready" (up to date), "stale" (the previous matcher serves while the new one builds),
    "preparing" (none yet: being loaded or built in the background) or "off"."""
    if not current_app.config.get("MATCHING_ENABLED", True):
        return "off"
    state = _state.get(_key())
    if state is None or state["matcher"] is None:
        return "preparing"
    return "ready" if state["version"] == embeddings.current_version() else "stale"


def status_headers(response):
    """After-request hook of the partners pages and API: ``X-Matcher-Status`` says whether the
    engine was ready; "preparing" (an empty answer while this worker loads it) adds
    ``Retry-After``."""
    if response.status_code < 400:
        state = status()
        response.headers["X-Matcher-Status"] = state
        if state == "preparing":
            response.headers["Retry-After"] = "5"
    return response


_builders: dict[str, threading.Thread] = {}
_failed_at: dict[str, float] = {}
RETRY_AFTER_S = 30.0


def _build_until_current(app) -> None:
    """Bring this process's matcher to the database's version stamp (loops while it moves)."""
    with app.app_context():
        key = _key()
        try:
            for _attempt in range(5):
                version = embeddings.current_version()
                state = _state.get(key)
                if state is not None and state["version"] == version:
                    return
                started = time.perf_counter()
                matcher = _fresh_matcher(version, state["matcher"] if state else None)
                with _lock:
                    _state[key] = {"version": version, "matcher": matcher}
                took = time.perf_counter() - started
                app.logger.info("matcher ready (version %s, %.1fs)", version, took)
                db.session.remove()  # see the stamp of now, not of the snapshot's transaction
        finally:
            db.session.remove()


def ensure_background(app) -> threading.Thread | None:
    """Start the background build of this process's matcher unless one runs (returns it)."""
    key = app.config["SQLALCHEMY_DATABASE_URI"]
    with _lock:
        running = _builders.get(key)
        if running is not None and running.is_alive():
            return running
        if time.monotonic() - _failed_at.get(key, -RETRY_AFTER_S) < RETRY_AFTER_S:
            return None  # failed a moment ago: the pages say "being prepared", no hot loop

        def run() -> None:
            try:
                _build_until_current(app)
            except Exception:  # noqa: BLE001 - logged; retried by a later request
                _failed_at[key] = time.monotonic()
                app.logger.exception("matcher build failed")

        thread = threading.Thread(target=run, name="matcher-build", daemon=True)
        _builders[key] = thread
        thread.start()
        return thread


def outside_region() -> frozenset[int]:
    """Ids of the organisations outside the regional ecosystem (cached per index version)."""
    version = embeddings.current_version()
    with _lock:
        state = _state.setdefault(_key() + "#region", {})
        if state.get("version") != version:
            ids = db.session.execute(select(Organisation.id).where(~in_region())).scalars()
            state.update(version=version, ids=frozenset(ids))
        return state["ids"]


def preload(app) -> bool:
    """Load the snapshot synchronously when it matches the database (the gunicorn master calls
    this before forking, so that the workers share it); never builds. Returns whether loaded."""
    if not app.config.get("MATCHING_ENABLED", True):
        return False
    with app.app_context():
        try:
            version = embeddings.current_version()
            matcher = _load_snapshot(version)
            if matcher is not None:
                with _lock:
                    _state[_key()] = {"version": version, "matcher": matcher}
            return matcher is not None
        finally:
            db.session.remove()
            db.engine.dispose()  # the forked workers must not share the master's connections


def start_warmup(app) -> threading.Thread:
    """Load (or build) the matcher in a daemon thread at start-up, then fill the other pages'
    caches (WARMERS). Requests that arrive meanwhile get "being prepared" pages instead of
    waiting. A failure is logged, never raised."""

    def warm() -> None:
        with app.app_context():
            try:
                _build_until_current(app)
                app.logger.info("matcher ready (warm-up)")
                for warmer in WARMERS:
                    warmer()
            except Exception:  # noqa: BLE001 - a later request retries in the background
                app.logger.exception("matcher warm-up failed")
            finally:
                db.session.remove()

    thread = threading.Thread(target=warm, name="matcher-warmup", daemon=True)
    with _lock:
        _builders[app.config["SQLALCHEMY_DATABASE_URI"]] = thread
    thread.start()
    return thread


def _last_year(org: Organisation) -> int | None:
    """The year build_matcher() gives an organisation: its latest project or its last update."""
    start = db.session.execute(
        select(func.max(FundedProject.start_date))
        .join(ProjectPartner, FundedProject.id == ProjectPartner.project_id)
        .where(ProjectPartner.org_id == org.id)
    ).scalar()
    year = max(start.year if start else 0, org.updated_at.year if org.updated_at else 0)
    return year or None


def _apply_after_commit(key: str, version: int, change) -> None:
    """Apply ``change(matcher)`` to this worker's matcher once the transaction commits.

    The in-memory stamp follows only when the matcher was exactly one version behind (this
    change is the only one it misses); otherwise another worker's change landed meanwhile and
    the next get_matcher() rebuilds. A rollback drops the change: the matcher never holds text
    that the database does not.
    """

    def apply() -> None:
        with _lock:
            state = _state.get(key)
            if state is None or state["matcher"] is None:
                return
            change(state["matcher"])
            # A changed text whose lexical documents wait for a refit (text_stale_) leaves the
            # stamp behind: this worker then refits in the background, as the others do.
            stale = getattr(state["matcher"], "text_stale_", False)
            if state["version"] == version - 1 and not stale:
                state["version"] = version

    return apply


def refresh_org(org: Organisation) -> bool:
    """Store one organisation's changed vectors now and update this worker's matcher after the
    commit. The version stamp (which costs every other worker a rebuild) moves only when the
    matcher's view of the organisation changed; returns whether it did."""
    stats = embeddings.update_org_embedding(org)
    vecs = embeddings.load_vectors("organisation", [org.id])
    research = documents.research_texts([org.id])
    has = {f for f in embeddings.ORG_FIELDS if org.id in vecs.get(f, {})}
    record = _record(org, engine_texts(org, research.get(org.id, "")), _last_year(org), has)
    key = _key()
    with _lock:
        state = _state.get(key)
        current = state is not None and state["version"] == embeddings.current_version()
        known = state["matcher"].orgs_.get(org.id) if current and state["matcher"] else None
    if not (stats["encoded"] or stats["removed"]) and known is not None and known == record:
        return False
    vectors = [vecs.get(f, {}).get(org.id) for f in embeddings.ORG_FIELDS]
    # as build_matcher: without an owner's offer, the research profile is the offer
    shared = vectors[1] is None and org.id in research and vectors[0] is not None
    version = embeddings.bump_version()
    on_commit(
        _apply_after_commit(
            key, version, lambda m: m.update_org(record, *vectors, offer_from_profile=shared)
        )
    )
    return True


def add_partnership_edge(a: int, b: int, year: int) -> None:
    """An accepted partnership becomes a graph edge in this worker after the commit, and in the
    others when they see the version stamp move."""
    version = embeddings.bump_version()
    on_commit(_apply_after_commit(_key(), version, lambda m: m.add_edge(a, b, 1.0, year)))


def retire(entity_type: str, ids) -> int:
    """Items that left what the portal matches (a closed, withdrawn or awarded challenge; a
    closed organisation, its challenges and datasets) leave the matcher.

    Their stored vectors are deleted in the current transaction: gone when it commits, back
    when it rolls back. A retired organisation also leaves this worker's in-memory matcher,
    after the commit only; the version stamp moves (the other workers rebuild without it) only
    when the matcher's view changed. Challenges and datasets are not held in memory: their
    vectors are read from the table (``embeddings.item_vectors``). Returns the rows deleted."""
    ids = sorted(set(ids))
    gone = embeddings.forget_entities(entity_type, ids)
    if entity_type != "organisation" or not ids:
        return gone
    key = _key()
    with _lock:
        state = _state.get(key)
        matcher = state["matcher"] if state is not None else None
        held = matcher is not None and any(i in matcher.orgs_ for i in ids)
    if gone or held:
        version = embeddings.bump_version()

        def remove(m) -> None:
            for i in ids:
                if i in m.orgs_:
                    m.remove_org(i)

        on_commit(_apply_after_commit(key, version, remove))
    return gone
