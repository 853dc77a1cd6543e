"""Uploaded files that live only if the transaction that records them commits.

A service writes a file with :func:`save_new_file` before it adds the row that points to it.
The path is remembered on the database session: a commit keeps the file; a rollback (an error
later in the request, a failed commit, a refused response) deletes it, so that no file is left
on disk without its record.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import event
from sqlalchemy.orm import Session

_KEY = "pending_files"


def save_new_file(session, path: Path, content: bytes) -> Path:
    """Write ``content`` to ``path`` and tie the file to ``session``'s transaction."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    session.info.setdefault(_KEY, []).append(str(path))
    return path


def discard_pending(session) -> int:
    """Delete the files written since the last commit; returns how many were removed."""
    removed = 0
    for name in session.info.pop(_KEY, []):
        try:
            Path(name).unlink()
            removed += 1
        except FileNotFoundError:
            pass
    return removed


@event.listens_for(Session, "after_commit")
def _keep(session) -> None:
    session.info.pop(_KEY, None)


@event.listens_for(Session, "after_rollback")
def _drop(session) -> None:
    discard_pending(session)
