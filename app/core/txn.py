"""The unit of work: one transaction per request (or CLI command), and the side effects that
must follow it only if it commits.

A service never commits. When it needs something to happen *outside* the database (mail sent,
a notification e-mailed, this worker's in-memory matcher updated, a file deleted), it queues a
callback with :func:`on_commit`; the callback runs once the outermost transaction has committed
and is dropped if it rolls back. :func:`on_rollback` queues the opposite (a file written before
its row, removed if the row never lands). Savepoints (``db.session.begin_nested()``) are
honoured: callbacks queued inside a savepoint that is rolled back are dropped with it.

The request commits once, at the end, when its answer is below 400 (``register_transaction_hooks``);
a CLI command calls ``db.session.commit()`` once at its end. Tests that call services and then
``db.session.commit()`` get exactly the production behaviour: the queue lives on the session.

Callbacks run after the commit and cannot touch the session (SQLAlchemy forbids SQL in
``after_commit``): compute what they need inside the transaction and close over it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from flask import Flask, current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, SessionTransaction

from app.core.errors import conflict_from_integrity
from app.extensions import db

_KEY = "unit_of_work"
log = logging.getLogger(__name__)


@dataclass
class _Entry:
    scopes: tuple[SessionTransaction, ...]  # the savepoints open when queued (none = root)
    commit: Callable[[], object] | None
    rollback: Callable[[], object] | None
    key: Hashable | None


def _session(session: Session | None) -> Session:
    """The real Session (not the scoped proxy): events receive this object."""
    return session if session is not None else db.session()


def _queue(session: Session) -> list[_Entry]:
    return session.info.setdefault(_KEY, [])


def _add(session: Session | None, entry_commit, entry_rollback, key) -> None:
    sess = _session(session)
    if not sess.in_transaction():
        # Begin now so that a rollback with nothing sent to the database still ends "this"
        # transaction and fires the events (autobegin would wait for the first SQL).
        sess.begin()
    queue = _queue(sess)
    if key is not None:
        queue[:] = [e for e in queue if e.key != key]
    scopes = []
    txn = sess.get_nested_transaction()
    while txn is not None:
        if txn.nested:
            scopes.append(txn)
        txn = txn.parent
    queue.append(_Entry(tuple(scopes), entry_commit, entry_rollback, key))


def on_commit(
    callback: Callable[[], object], *, key: Hashable | None = None, session: Session | None = None
) -> None:
    """Run ``callback()`` after the current transaction commits; drop it on rollback.

    ``key`` de-duplicates: queuing again with the same key replaces the earlier callback (e.g.
    one matcher refresh per organisation per transaction, however many times it was saved).
    """
    _add(session, callback, None, key)


def on_rollback(callback: Callable[[], object], *, session: Session | None = None) -> None:
    """Run ``callback()`` if the current transaction (or savepoint) rolls back; drop it on
    commit."""
    _add(session, None, callback, None)


def pending(session: Session | None = None) -> int:
    """How many after-commit callbacks are queued (for tests and diagnostics)."""
    return sum(1 for e in _session(session).info.get(_KEY, []) if e.commit is not None)


def _run(callbacks: list[Callable[[], object]], what: str) -> None:
    """Run each callback; one failing never stops the others (the transaction is over)."""
    errors = []
    for cb in callbacks:
        try:
            cb()
        except Exception as exc:  # noqa: BLE001 - logged; the data is committed already
            log.exception("%s callback %r failed", what, cb)
            errors.append(exc)
    if errors and has_app_context() and current_app.config.get("UOW_RAISE_ERRORS"):
        raise errors[0]


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    queue = session.info.pop(_KEY, [])
    _run([e.commit for e in queue if e.commit is not None], "after-commit")


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session: Session, previous: SessionTransaction) -> None:
    queue = session.info.get(_KEY, [])
    if previous.nested:
        # A savepoint that was released earlier stays in its entries' scopes: they go with
        # whichever enclosing savepoint (or root) is rolled back later.
        dropped = [e for e in queue if any(t is previous for t in e.scopes)]
        session.info[_KEY] = [e for e in queue if not any(t is previous for t in e.scopes)]
    else:
        dropped = session.info.pop(_KEY, [])
    _run([e.rollback for e in reversed(dropped) if e.rollback is not None], "on-rollback")


@event.listens_for(Session, "after_transaction_end")
def _after_transaction_end(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None and not transaction.nested and session.info.get(_KEY):
        # The root ended without commit or rollback events (session.close()): nothing
        # committed, so behave as a rollback.
        dropped = session.info.pop(_KEY, [])
        _run([e.rollback for e in reversed(dropped) if e.rollback is not None], "on-rollback")


def register_transaction_hooks(app: Flask) -> None:
    """Commit after a successful response, roll back after an error or an exception."""

    @app.after_request
    def _commit(response):
        if response.status_code >= 400:
            db.session.rollback()
            return response
        try:
            db.session.commit()
        except IntegrityError as exc:
            # Two requests raced past the same check (a duplicate e-mail, slug, response):
            # the loser gets 409 naming the field, not a 500 after the fact.
            db.session.rollback()
            return app.make_response(app.handle_user_exception(conflict_from_integrity(exc)))
        return response

    @app.teardown_request
    def _rollback(exc):
        if exc is not None:
            db.session.rollback()
