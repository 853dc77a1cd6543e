"""Encode the passages of the real-text benchmarks into the vector cache, most useful first.

    python bench/warm_cache.py [--cache DIR] [--threads 1]

Order: Horizon Europe 2023 health queries, the first passage of each Horizon Europe document
before 2023 (enough for ``real_text.py --max-passages 1``), H2020 texts, the other passages of
the Horizon Europe documents, NSF queries (2009 groups), the first passage of each NSF
document, the other NSF passages. Safe to stop and
restart: every chunk is stored.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import realdata  # noqa: E402

from matching.dense import (  # noqa: E402
    CachedEncoder,
    PassageIndex,
    VectorCache,
    default_cache_dir,
)
from matching.encoder import Encoder  # noqa: E402


def main() -> None:
    """Entry point."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", default=str(default_cache_dir()))
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--model", default=None)
    args = ap.parse_args()
    import torch

    torch.set_num_threads(args.threads)
    enc = Encoder(args.model, batch_size=32)
    cenc = CachedEncoder(enc, VectorCache(args.cache, enc.model_name))
    pidx = PassageIndex(cenc)
    he = [p for p in realdata.horizon() if p.text]
    ns = [p for p in realdata.nsf() if p.text]
    stages = [
        (
            "HE 2023 health queries",
            [p for p in he if p.source == "he" and p.is_health and 2023 <= p.start < 2024],
        ),
        ("HE before 2023, first passages", [p for p in he if p.source == "he" and p.start < 2023]),
        ("H2020", [p for p in he if p.source == "h2020"]),
        ("HE before 2023", [p for p in he if p.source == "he" and p.start < 2023]),
        ("NSF 2009 groups", [p for p in ns if len(p.members) >= 2 and p.start >= 2009]),
        ("NSF before 2009, first passages", [p for p in ns if p.start < 2009]),
        ("NSF before 2009", [p for p in ns if p.start < 2009]),
    ]
    for name, projects in stages:
        first = name.endswith("first passages")
        chunks = list(
            dict.fromkeys(
                c for p in projects for c in pidx.passages(p.text)[: 1 if first else None]
            )
        )
        t0 = time.time()
        for i in range(0, len(chunks), 256):
            cenc.encode(chunks[i : i + 256])
            done = min(i + 256, len(chunks))
            rate = cenc.n_encoded_ / max(time.time() - t0, 1e-9)
            print(f"{name}: {done}/{len(chunks)} ({rate:.1f}/s)", flush=True)
        cenc.n_encoded_ = 0


if __name__ == "__main__":
    main()
