"""The single commit point: a request commits once, at the end, if it succeeded (and the
files it wrote are removed if it did not: see ``app.core.files``)."""

from __future__ import annotations

from flask import Flask

from app.core.files import discard_pending
from app.extensions import db


def register_transaction_hooks(app: Flask) -> None:
    """Commit after a successful response, roll back after an error or an exception."""

    @app.after_request
    def _commit(response):
        if response.status_code < 400:
            db.session.commit()
        else:
            db.session.rollback()
            discard_pending(db.session)  # also when nothing reached the database
        return response

    @app.teardown_request
    def _rollback(exc):
        if exc is not None:
            db.session.rollback()
            discard_pending(db.session)
