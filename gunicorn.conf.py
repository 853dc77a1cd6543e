"""gunicorn settings for the portal: `gunicorn -c gunicorn.conf.py wsgi:app` (README, Production).

- One BLAS / OpenMP / torch thread per worker: every worker is one process on a shared machine,
  and a per-worker thread pool as wide as the machine made the matcher pages slower under load
  (similar organisations 88 -> 199 req/s at 10,000 organisations with one thread). Set here,
  before the application (and numpy) is imported; an explicit environment value wins.
- ``preload_app``: the master imports the application once and loads the matcher snapshot
  (`flask match rebuild` writes it) before forking, so the workers start with it: its large
  arrays are mapped from ``instance/matcher.bin`` and shared between the workers.
- Each worker then brings its matcher up to date in a background thread (``post_fork``); a
  request never builds it (a page answers "suggestions are being prepared" until then).
"""

from __future__ import annotations

import os

for _name in (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
):
    os.environ.setdefault(_name, os.environ.get("PORTAL_WORKER_THREADS", "1"))
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# The warm-up runs in each worker after the fork (post_fork), not in a thread of the master.
_warmup = os.environ.get("PORTAL_MATCHING_WARMUP", os.environ.get("MATCHING_WARMUP", "1")) == "1"
os.environ["PORTAL_MATCHING_WARMUP"] = "0"

bind = os.environ.get("PORTAL_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("PORTAL_WORKERS", "2"))
preload_app = True
timeout = int(os.environ.get("PORTAL_WORKER_TIMEOUT", "30"))


def on_starting(server) -> None:
    """Master, before the workers exist: load the matcher snapshot when it is up to date."""
    if not _warmup:
        return
    from app.partners.engine import preload

    preload(server.app.wsgi())


def post_fork(server, worker) -> None:
    """Worker: bring the matcher up to date in the background, then fill the other caches."""
    if not _warmup:
        return
    from app.partners.engine import start_warmup

    start_warmup(server.app.wsgi())
