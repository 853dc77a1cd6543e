"""Files that follow the transaction: written files live only if it commits, deleted files go
only when it commits (see :mod:`app.core.txn`, the unit of work).

A service writes a file with :func:`save_new_file` before it adds the row that points to it: a
rollback (an error later in the request, a failed commit, a refused response) deletes the file,
so that no file is left on disk without its record. A service that deletes a row calls
:func:`delete_file_on_commit` for its file: a rollback keeps both.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from app.core.txn import on_commit, on_rollback


def _unlink(path: Path) -> bool:
    try:
        path.unlink()
        return True
    except FileNotFoundError:
        return False


def _real(session) -> Session | None:
    """Accept the scoped ``db.session`` proxy as well as a Session."""
    if session is None or isinstance(session, Session):
        return session
    return session()


def save_new_file(session: Session | None, path: Path, content: bytes) -> Path:
    """Write ``content`` to ``path`` and tie the file to ``session``'s transaction."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    on_rollback(lambda: _unlink(path), session=_real(session))
    return path


def delete_file_on_commit(path: Path, session: Session | None = None) -> None:
    """Delete ``path`` once the transaction commits (kept if it rolls back)."""
    on_commit(lambda: _unlink(Path(path)), session=_real(session))
