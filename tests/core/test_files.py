"""Files follow the transaction (app.core.files on the unit of work in app.core.txn)."""

from __future__ import annotations

from app.core.files import delete_file_on_commit, save_new_file
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


def test_rollback_without_a_database_transaction_still_removes_the_file(app, tmp_path):
    db.session.commit()
    path = save_new_file(db.session, tmp_path / "orphan.bin", b"3")
    gone = save_new_file(db.session, tmp_path / "gone.bin", b"4")
    gone.unlink()
    db.session.rollback()
    assert not path.exists()


def test_a_file_deleted_on_commit_stays_when_the_transaction_rolls_back(app, tmp_path):
    path = tmp_path / "old.bin"
    path.write_bytes(b"x")
    delete_file_on_commit(path, db.session)
    db.session.rollback()
    assert path.exists()
    delete_file_on_commit(path, db.session)
    db.session.commit()
    assert not path.exists()


def test_closing_the_session_without_commit_removes_the_file(app, tmp_path):
    path = save_new_file(db.session, tmp_path / "closed.bin", b"5")
    db.session.close()
    assert not path.exists()
