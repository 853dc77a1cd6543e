"""State transitions that exactly one of several concurrent requests wins.

``move_state(obj, "submitted")`` writes ``UPDATE <table> SET status = 'submitted' WHERE id = :id
AND status = :old`` where ``:old`` is the state this transaction read. A concurrent request
that moved the row first makes the WHERE match nothing (PostgreSQL re-reads the row after the
winner's commit; SQLite serialises the writes), and the loser gets 409 instead of a second
"success" with its own audit event and notifications.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import CursorResult, inspect, update
from sqlalchemy.orm.attributes import set_committed_value

from app.core.errors import Conflict
from app.extensions import db


class StaleState(Conflict):
    """Someone else changed the state first."""


def move_state(obj, new: str, *, attr: str = "status") -> None:
    """Move ``obj.<attr>`` to ``new`` only if the row still holds the state read by this
    transaction; raise StaleState (409) otherwise."""
    state = inspect(obj)
    history = state.attrs[attr].history
    old = history.deleted[0] if history.deleted else getattr(obj, attr)
    mapper = state.mapper
    table = mapper.local_table
    db.session.flush()
    where = [col == val for col, val in zip(mapper.primary_key, state.identity, strict=True)]
    result: CursorResult = db.session.execute(  # type: ignore[assignment]
        update(table).where(*where, table.c[attr] == old).values({attr: new})
    )
    if result.rowcount != 1:
        raise StaleState(
            _(
                "%(field)s: someone changed this at the same moment (it is no longer "
                "%(old)s); reload the page to see its current state.",
                field=attr,
                old=old,
            ),
            attr,
        )
    set_committed_value(obj, attr, new)
