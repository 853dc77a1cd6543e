"""Time ``python -m matching consortium`` on real files of the issue's size, cold and cached.

    python bench/cli_time.py [--out DIR] [--docs 13000]

Writes P.csv (H2020 + Horizon Europe participations before 2023, PICs as ``pic:N`` strings to
exercise opaque ids), T.csv (``org_id,text,start_date,project_id``: the Horizon Europe documents
of 2021-2022, the first ``--docs`` rows) and Q.jsonl (the 2023 Horizon Europe health projects:
seed + text for even rows, text only for odd ones), then runs the command twice with a fresh
cache folder: the first run encodes every distinct text, the second none.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import realdata  # noqa: E402

from matching.evaluate import hide_half  # noqa: E402


def main() -> None:
    """Entry point."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=tempfile.mkdtemp(prefix="cli_time_"))
    ap.add_argument("--docs", type=int, default=13000)
    ap.add_argument("--cache", default=None, help="use this cache folder (default: a new one)")
    ap.add_argument("--runs", type=int, default=2)
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    projects = realdata.horizon()
    model = [p for p in projects if p.start < 2023]
    with open(out / "P.csv", "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["project_id", "org_id", "role", "org_type", "country", "start_date"])
        for p in model:
            for o, (role, typ, country) in p.members.items():
                w.writerow([p.id, f"pic:{o}", role, typ, country, p.date])
    n = 0
    with open(out / "T.csv", "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["org_id", "text", "start_date", "project_id"])
        for p in sorted((p for p in model if p.source == "he"), key=lambda p: p.id):
            for o in p.members:
                if n < args.docs:
                    w.writerow([f"pic:{o}", p.text, p.date, p.id])
                    n += 1
    with open(out / "Q.jsonl", "w") as fh:
        qs = [p for p in projects if p.source == "he" and p.is_health and 2023 <= p.start < 2024]
        for i, p in enumerate(qs):
            seed = []
            if i % 2 == 0:
                seed, _ = hide_half(sorted(p.members), p.coordinator, random.Random(p.id))
            q = {"id": p.id, "seed": [f"pic:{s}" for s in seed], "start_date": p.date}
            fh.write(json.dumps(q | {"text": p.text}) + "\n")
    cache = Path(args.cache) if args.cache else out / "vectors"
    cmd = [
        sys.executable,
        "-m",
        "matching",
        "consortium",
        "--participations",
        str(out / "P.csv"),
        "--queries",
        str(out / "Q.jsonl"),
        "--texts",
        str(out / "T.csv"),
        "--out",
        str(out / "R.jsonl"),
        "--k",
        "100",
        "--cache",
        str(cache),
    ]
    for run in ("first run", "second run", "third run")[: args.runs]:
        t0 = time.time()
        res = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        print(
            f"{run}: {time.time() - t0:.0f} s, exit {res.returncode}; "
            f"{res.stderr.strip().splitlines()[-1] if res.stderr.strip() else ''}",
            flush=True,
        )


if __name__ == "__main__":
    main()
