"""Command line: ``python -m matching consortium ...`` and ``python -m matching train-ranker``."""

from __future__ import annotations

import argparse
import json
import sys
import time

from .consortium import FEATURES, ConsortiumRecommender
from .copart import read_participations, read_texts, year_of


def read_queries(path: str) -> list[dict]:
    """Read and validate ``{"id", "seed", "start_date", "text"}`` JSON lines."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                q = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path} line {n}: invalid JSON ({exc})") from None
            if "id" not in q:
                raise ValueError(f"{path} line {n}: missing 'id'")
            seed = q.get("seed") or []
            if not isinstance(seed, list):
                raise ValueError(f"{path} line {n}: 'seed' must be a list")
            text = q.get("text")
            if text is not None and not isinstance(text, str):
                raise ValueError(f"{path} line {n}: 'text' must be a string")
            if not seed and not (text and text.strip()):
                raise ValueError(f"{path} line {n}: a query needs a seed or a text")
            q["seed"] = [int(s) for s in seed]
            q["text"] = text if text and text.strip() else None
            out.append(q)
    return out


def run_consortium(args: argparse.Namespace) -> int:
    """Rank missing partners for each query and write the rankings."""
    t0 = time.time()
    verbose = not args.quiet
    if args.k <= 0:
        raise ValueError("--k must be positive")
    if args.signal is not None and args.signal not in FEATURES:
        raise ValueError(f"--signal must be one of {list(FEATURES)}")
    rows = read_participations(args.participations)
    queries = read_queries(args.queries)
    texts = read_texts(args.texts) if args.texts else {}
    focus = {s for q in queries for s in q["seed"]}
    model = ConsortiumRecommender(
        half_life=args.half_life,
        popularity_weight=args.popularity_weight,
        second_weight=args.second_weight,
        prf_weight=args.prf_weight,
        text_weight=args.text_weight,
        verbose=verbose,
    )
    train = args.signal is None and any(q["seed"] for q in queries)  # text-only needs no ranker
    model.fit(rows, extra_orgs=tuple(texts), focus_orgs=focus, train=train)
    docs = None
    if texts and any(q["text"] for q in queries):
        from .doctext import OrgDocuments
        from .encoder import Encoder

        encoder = Encoder(args.model, batch_size=64)
        docs = OrgDocuments(encoder).fit(texts, model.cp_.org_ids_, show_progress=verbose)
        qtexts = [q["text"] for q in queries if q["text"]]
        qvecs = dict(
            zip(
                [q["id"] for q in queries if q["text"]],
                encoder.encode(qtexts, show_progress=verbose),
                strict=True,
            )
        )
    with open(args.out, "w", encoding="utf-8") as fh:
        for q in queries:
            sem = None
            if docs is not None and q["text"]:
                mean, best, second = docs.similarity(qvecs[q["id"]])
                sem = {"mean": (mean, mean, mean), "max": (best, best, best)}.get(
                    args.doc_agg, (mean, best, second)
                )
            year = year_of(q["start_date"]) if q.get("start_date") else model.end_year_
            ranking = model.rank(q["seed"], year, args.k, sem=sem, signal=args.signal)
            fh.write(json.dumps({"id": q["id"], "ranking": ranking}) + "\n")
    if verbose:
        print(
            f"wrote {len(queries)} rankings of {args.k} to {args.out} "
            f"({model.cp_.n_orgs} organisations, {len(texts)} with texts) "
            f"in {time.time() - t0:.1f} s",
            file=sys.stderr,
        )
    return 0


def run_train_ranker(args: argparse.Namespace) -> int:
    """Train the PartnerMatcher default weights (partners or consortium) from participations."""
    from .training import train_consortium_ranker, train_default_ranker

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
    c.add_argument("--texts")
    c.add_argument("--model", default=None, help="sentence-transformers model path or name")
    c.add_argument("--signal", default=None, help="rank by one feature only (baseline)")
    c.add_argument("--doc-agg", choices=("both", "mean", "max"), default="both")
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
