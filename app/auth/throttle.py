"""Per-account login throttling with exponential backoff, kept in the database.

Every worker and every host share the counters (the per-address limit of Flask-Limiter stays
in front of it). The key is a hash of the e-mail typed, whether or not the account exists, so
the throttle itself does not reveal which addresses have accounts. Writes go through their own
connection: the refused login's request rolls its own transaction back.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from app.auth.models import LoginThrottle
from app.core.db import utcnow
from app.core.text import digest
from app.extensions import db

_table = LoginThrottle.__table__


def _key(email: str) -> str:
    return digest("login:" + email.strip().lower())


def _aware(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def _delay(failures: int) -> timedelta:
    """No wait for the first LOGIN_FREE_FAILURES; then the base delay, doubling each time."""
    cfg = current_app.config
    free = cfg.get("LOGIN_FREE_FAILURES", 5)
    if failures < free:
        return timedelta(0)
    seconds = cfg.get("LOGIN_BACKOFF_SECONDS", 30) * 2 ** (failures - free)
    return timedelta(seconds=min(seconds, cfg.get("LOGIN_BACKOFF_MAX_SECONDS", 900)))


def wait_seconds(email: str) -> int:
    """Seconds before this account may try again (0 = now)."""
    until = db.session.execute(
        select(_table.c.locked_until).where(_table.c.key == _key(email))
    ).scalar()
    until = _aware(until)
    if until is None:
        return 0
    return max(0, int((until - utcnow()).total_seconds() + 0.999))


def record_failure(email: str) -> int:
    """Count one more failure (atomically, in its own transaction); returns the wait now due."""
    key, now = _key(email), utcnow()
    with db.engine.begin() as conn:
        failures = conn.execute(
            update(_table)
            .where(_table.c.key == key)
            .values(failures=_table.c.failures + 1, updated_at=now)
            .returning(_table.c.failures)
        ).scalar()
        if failures is None:
            try:
                with conn.begin_nested():
                    conn.execute(insert(_table).values(key=key, failures=1, updated_at=now))
                failures = 1
            except IntegrityError:  # another worker inserted it meanwhile
                failures = conn.execute(
                    update(_table)
                    .where(_table.c.key == key)
                    .values(failures=_table.c.failures + 1, updated_at=now)
                    .returning(_table.c.failures)
                ).scalar_one()
        delay = _delay(failures)
        if delay:
            conn.execute(update(_table).where(_table.c.key == key).values(locked_until=now + delay))
    return int(delay.total_seconds())


def forget(email: str) -> None:
    """Drop an erased account's counter (keyed by its e-mail)."""
    db.session.execute(delete(_table).where(_table.c.key == _key(email)))


def record_success(email: str) -> None:
    """A correct password clears the account's counter (inside the login's transaction)."""
    db.session.execute(delete(_table).where(_table.c.key == _key(email)))
