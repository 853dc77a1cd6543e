"""Uploaded files live only if the transaction that records them commits (app.core.files)."""

from __future__ import annotations

from pathlib import Path

from app.core.files import discard_pending, save_new_file
from app.extensions import db


def test_commit_keeps_the_file_and_a_later_rollback_does_not_touch_it(app, tmp_path):
    path = save_new_file(db.session, tmp_path / "a" / "kept.bin", b"data")
    db.session.commit()
    db.session.rollback()
    assert path.read_bytes() == b"data"


def test_rollback_removes_the_files_written_since_the_last_commit(app, tmp_path):
    kept = save_new_file(db.session, tmp_path / "kept.bin", b"1")
    db.session.commit()
    db.session.execute(db.text("SELECT 1"))  # a transaction reaches the database
    dropped = save_new_file(db.session, tmp_path / "dropped.bin", b"2")
    db.session.rollback()
    assert kept.exists() and not dropped.exists()


def test_discard_pending_without_a_database_transaction(app, tmp_path):
    db.session.commit()
    path = save_new_file(db.session, tmp_path / "orphan.bin", b"3")
    path_gone_already = save_new_file(db.session, tmp_path / "gone.bin", b"4")
    path_gone_already.unlink()
    assert discard_pending(db.session) == 1
    assert not Path(path).exists()
    assert discard_pending(db.session) == 0
