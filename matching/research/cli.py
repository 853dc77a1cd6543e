"""Command line: ``python -m matching consortium ...`` and ``python -m matching train-ranker``
(research tool; ``matching/__main__.py`` calls :func:`main`)."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import replace

import numpy as np

from ..copart import read_documents, read_participations, year_of
from ..dense import CachedEncoder, VectorCache, default_cache_dir
from ..documents import OrgDocument
from ..encoder import Encoder
from ..fusion import TextGraphScorer
from ..textmatch import TextMatcher
from ..training import train_consortium_ranker, train_default_ranker
from .consortium import FEATURES, ConsortiumRecommender


def read_queries(path: str) -> list[dict]:
    """Read and validate ``{"id", "seed", "start_date", "text"}`` JSON lines (ids opaque)."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                q = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path} line {n}: invalid JSON ({exc})") from None
            if not isinstance(q, dict):
                raise ValueError(f"{path} line {n}: a query must be a JSON object")
            if "id" not in q:
                raise ValueError(f"{path} line {n}: missing 'id'")
            seed = q.get("seed") or []
            if not isinstance(seed, list):
                raise ValueError(f"{path} line {n}: 'seed' must be a list")
            if not all(isinstance(s, (int, str)) and not isinstance(s, bool) for s in seed):
                raise ValueError(f"{path} line {n}: seed ids must be strings or integers")
            text = q.get("text")
            if text is not None and not isinstance(text, str):
                raise ValueError(f"{path} line {n}: 'text' must be a string")
            if not seed and not (text and text.strip()):
                raise ValueError(f"{path} line {n}: a query needs a seed or a text")
            date = q.get("start_date")
            if date:
                try:
                    year_of(str(date))
                except ValueError as exc:
                    raise ValueError(f"{path} line {n}: {exc}") from None
            q["seed"] = [str(s) for s in seed]
            q["text"] = text if text and text.strip() else None
            q["_line"] = n
            out.append(q)
    if not out:
        raise ValueError(f"{path}: no queries")
    return out


def _match_ids(queries: list[dict], known: set, path: str, strict: bool) -> int:
    """Map the seeds' string ids onto the model's ids (ints or strings); count unknown ones."""
    as_int = all(isinstance(o, int) for o in known)
    unknown = 0
    for q in queries:
        seed = []
        for s in q["seed"]:
            oid = int(s) if as_int and s.lstrip("-").isdigit() else s
            if oid in known:
                seed.append(oid)
            elif strict:
                raise ValueError(f"{path} line {q['_line']}: unknown organisation id {s!r}")
            else:
                unknown += 1
        q["seed"] = seed
    return unknown


def _documents(texts: dict, rows, known: set, path: str, strict: bool) -> list[OrgDocument]:
    """OrgDocuments from the texts file; the year comes from the row or its project."""
    pstart = {r.project_id: r.start_date for r in rows}
    docs = []
    for org, items in texts.items():
        if strict and org not in known:
            raise ValueError(f"{path}: org_id {org!r} is not in the participations file")
        for text, date, project in items:
            date = date or pstart.get(project)
            year = None if date is None else (float(date) if len(date) == 4 else year_of(date))
            docs.append(OrgDocument(org, text, year, doc_id=project))
    return docs


def _scorer(model: ConsortiumRecommender, tm: TextMatcher, args) -> TextGraphScorer:
    """The text path's scorer, given its parts (graph, text channels) explicitly."""
    return TextGraphScorer(
        model.graph,
        tm,
        text_k=args.text_k,
        project_weight=args.project_weight,
        ppr_weight=args.ppr_weight,
        dense_weight=args.dense_weight,
        feedback_weight=args.feedback_weight,
        text_only=args.text_only,
        blend_text_weight=args.blend_text_weight,
    )


def _plain(org_id):
    return int(org_id) if isinstance(org_id, (int, np.integer)) else org_id


def run_consortium(args: argparse.Namespace) -> int:
    """Rank missing partners for each query and write the rankings."""
    t0 = time.time()
    verbose = not args.quiet
    if args.k <= 0:
        raise ValueError("--k must be positive")
    if args.text_k <= 0:
        raise ValueError("--text-k must be positive")
    if not 0.0 <= args.blend_text_weight <= 1.0:
        raise ValueError("--blend-text-weight must be between 0 and 1")
    if args.max_passages <= 0:
        raise ValueError("--max-passages must be positive")
    if args.signal is not None and args.signal not in FEATURES:
        raise ValueError(f"--signal must be one of {list(FEATURES)}")
    rows = read_participations(args.participations)
    queries = read_queries(args.queries)
    texts = read_documents(args.texts) if args.texts else {}
    history = {r.org_id for r in rows}
    if texts and all(isinstance(o, int) for o in history) != all(isinstance(o, int) for o in texts):
        # One file has integer ids, the other not: compare them as strings.
        rows = [replace(r, org_id=str(r.org_id)) for r in rows]
        texts = {str(o): d for o, d in texts.items()}
        history = {r.org_id for r in rows}
    known = history | set(texts)
    n_unknown = _match_ids(queries, known, args.queries, args.strict_ids)
    docs = _documents(texts, rows, history, args.texts, args.strict_ids) if texts else []
    focus = {s for q in queries for s in q["seed"]}
    model = ConsortiumRecommender(
        half_life=args.half_life,
        popularity_weight=args.popularity_weight,
        second_weight=args.second_weight,
        prf_weight=args.prf_weight,
        text_weight=args.text_weight,
        verbose=verbose,
    )
    # The learned graph ranker serves only seed queries without a text (queries with a text
    # are ranked by the text blend below), so it is trained only when such a query exists.
    train = args.signal is None and any(q["seed"] and not (docs and q["text"]) for q in queries)
    model.fit(rows, extra_orgs=tuple(sorted(set(texts) - history)), focus_orgs=focus, train=train)
    tm, cenc = None, None
    if docs and any(q["text"] for q in queries):
        encoder = Encoder(args.model or os.environ.get("MATCHING_MODEL") or None, batch_size=64)
        cache = None if args.no_cache else VectorCache(args.cache, encoder.model_name)
        cenc = CachedEncoder(encoder, cache)
        tm = TextMatcher(
            cenc if args.dense_weight > 0 else None, max_passages=args.max_passages, cosine=True
        ).fit(docs, org_ids=list(model.graph.org_ids_), show_progress=verbose)
        scorer = _scorer(model, tm, args)
    graph = model.graph
    with open(args.out, "w", encoding="utf-8") as fh:
        for q in queries:
            sem = None
            year = year_of(q["start_date"]) if q.get("start_date") else model.end_year_
            if tm is not None and q["text"] and args.signal is None:
                seed_pos = np.array(sorted(graph.pos_[s] for s in q["seed"] if s in graph.pos_))
                top = scorer.rank(q["text"], seed_pos.astype(np.int64), args.k, year)
                ranking = [_plain(graph.org_ids_[i]) for i in top]
            else:
                ranking = model.rank(q["seed"], year, args.k, sem=sem, signal=args.signal)
            fh.write(json.dumps({"id": q["id"], "ranking": ranking}) + "\n")
    if verbose:
        enc = f"; encoded {cenc.n_encoded_} new texts" if cenc is not None else ""
        print(
            f"wrote {len(queries)} rankings of {args.k} to {args.out} "
            f"({graph.n_orgs} organisations, {len(texts)} with texts, "
            f"{n_unknown} unknown seed ids ignored{enc}) in {time.time() - t0:.1f} s",
            file=sys.stderr,
        )
    return 0


def run_train_ranker(args: argparse.Namespace) -> int:
    """Train the PartnerMatcher default weights (partners or consortium) from participations."""
    train = train_consortium_ranker if args.task == "consortium" else train_default_ranker
    ranker = train(
        read_participations(args.participations),
        split_year=args.split_year,
        horizon=args.horizon,
        verbose=not args.quiet,
    )
    ranker.save(args.out)
    print(f"wrote ranker weights to {args.out}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    parser = argparse.ArgumentParser(prog="python -m matching")
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("consortium", help="rank missing consortium partners")
    c.add_argument("--participations", required=True)
    c.add_argument("--queries", required=True)
    c.add_argument("--out", required=True)
    c.add_argument("--k", type=int, default=100)
    c.add_argument(
        "--texts", help="org_id,text[,start_date|year][,project_id] rows (several per org)"
    )
    c.add_argument(
        "--model",
        default=None,
        help="sentence-transformers model path or name (default: $MATCHING_MODEL, else MiniLM)",
    )
    c.add_argument(
        "--cache",
        default=str(default_cache_dir()),
        help="folder of cached text vectors (keyed by model + text hash)",
    )
    c.add_argument("--no-cache", action="store_true", help="do not read or write the cache")
    c.add_argument(
        "--dense-weight",
        type=float,
        default=1.0,
        help="weight of the dense z-score in the document-level text fusion (0: BM25 + cosine)",
    )
    c.add_argument(
        "--ppr-weight",
        type=float,
        default=0.5,
        help="weight of short-range PPR from the seed in text queries with a seed",
    )
    c.add_argument(
        "--feedback-weight",
        type=float,
        default=0.0,
        help="weight of PageRank from the best text matches in text queries",
    )
    c.add_argument(
        "--project-weight",
        type=float,
        default=1.0,
        help="weight of the projects shared by the seed, weighted by their text match",
    )
    c.add_argument(
        "--text-k",
        type=int,
        default=5,
        help="documents summed per organisation in the text channel",
    )
    c.add_argument(
        "--max-passages",
        type=int,
        default=1,
        help="passages (150 words each) encoded per text in the dense channel, the first ones "
        "(1: the best on validation and 2.4x fewer to encode than 8)",
    )
    c.add_argument(
        "--text-only",
        choices=TextGraphScorer.TEXT_ONLY_MODES,
        default="blend",
        help="score of text queries without a seed: the document-level fusion alone, or its "
        "blend with z(BM25) + z(dense) of the organisations",
    )
    c.add_argument(
        "--blend-text-weight",
        type=float,
        default=0.25,
        help="weight of the document-level fusion in --text-only blend (0-1; the rest goes to "
        "z(BM25) + z(dense))",
    )
    c.add_argument(
        "--strict-ids",
        action="store_true",
        help="refuse seed ids unknown to the files and texts of organisations without history",
    )
    c.add_argument("--signal", default=None, help="rank by one feature only (baseline)")
    c.add_argument("--half-life", type=float, default=3.0)
    c.add_argument(
        "--popularity-weight",
        type=float,
        default=0.7,
        help="weight of the activity prior for text-only queries",
    )
    c.add_argument(
        "--second-weight",
        type=float,
        default=0.5,
        help="weight of an organisation's second-best document (text-only queries)",
    )
    c.add_argument(
        "--prf-weight",
        type=float,
        default=0.5,
        help="weight of the graph feedback from the best text matches (text-only queries)",
    )
    c.add_argument(
        "--text-weight",
        type=float,
        default=0.5,
        help="weight of the text similarity next to the graph score",
    )
    c.add_argument("--quiet", action="store_true")
    c.set_defaults(func=run_consortium)
    t = sub.add_parser("train-ranker", help="train the PartnerMatcher default ranker weights")
    t.add_argument("--participations", required=True)
    t.add_argument("--out", required=True)
    t.add_argument("--split-year", type=float, default=2017.0)
    t.add_argument("--horizon", type=float, default=2.0, help="years of queries after the split")
    t.add_argument(
        "--task",
        choices=("partners", "consortium"),
        default="partners",
        help="suggest_partners weights (new partners of one organisation) or "
        "complete_consortium weights (missing members of a consortium)",
    )
    t.add_argument("--quiet", action="store_true")
    t.set_defaults(func=run_train_ranker)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
