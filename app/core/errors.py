"""Domain exceptions raised by services and mapped to HTTP answers by views and the API."""

from __future__ import annotations

import re

from flask_babel import gettext as _


class ServiceError(Exception):
    """Base class: carries a message for the user and an HTTP status."""

    status = 400

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def as_dict(self) -> dict:
        """JSON body for the API."""
        errors = {self.field: [self.message]} if self.field else {"_": [self.message]}
        return {
            "code": self.status,
            "status": type(self).__name__,
            "message": self.message,
            "errors": errors,
        }


class ValidationError(ServiceError):
    """Input is wrong: the message names the field."""

    status = 422


class PermissionDenied(ServiceError):
    """The actor may not do this."""

    status = 403


class NotFound(ServiceError):
    """The target does not exist (or must not be revealed)."""

    status = 404


class Conflict(ServiceError):
    """Duplicate value or illegal state transition."""

    status = 409


class TooManyAttempts(ServiceError):
    """Throttled: the actor must wait before trying again."""

    status = 429


class IllegalTransition(Conflict):
    """A state machine refused a transition."""


def check_transition(table: dict[str, set[str]], current: str, target: str, what: str) -> None:
    """Raise IllegalTransition unless target is allowed from current in the transition table."""
    if target not in table.get(current, set()):
        raise IllegalTransition(
            _(
                "%(what)s: cannot go from '%(current)s' to '%(target)s'.",
                what=what,
                current=current,
                target=target,
            ),
            "status",
        )


# PostgreSQL: 'DETAIL:  Key (email)=(a@x.it) already exists.'; SQLite: 'UNIQUE constraint
# failed: users.email' (several columns: 'memberships.user_id, memberships.org_id').
_PG_KEY = re.compile(r"Key \(([^)]+)\)=")
_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: ([\w.,\s]+)")


def conflict_from_integrity(exc: Exception) -> ServiceError:
    """A database integrity error as the answer a user can act on: a duplicate value is 409
    naming the field; a missing reference or a refused value is 422."""
    text = str(getattr(exc, "orig", exc))
    columns: list[str] = []
    if m := _PG_KEY.search(text):
        columns = [c.strip().strip('"') for c in m.group(1).split(",")]
    elif m := _SQLITE_UNIQUE.search(text):
        columns = [c.strip().rsplit(".", 1)[-1] for c in m.group(1).split(",")]
    unique = "unique" in text.lower() or "duplicate key" in text.lower()
    field = columns[-1] if columns else None
    if unique:
        return Conflict(
            _(
                "%(field)s: this value is already used (perhaps someone saved it at the same "
                "moment); choose another or reload the page.",
                field=field or _("value"),
            ),
            field,
        )
    return ValidationError(
        _("The data refer to something that no longer exists or is not allowed; reload the page."),
        field,
    )
