"""Domain exceptions raised by services and mapped to HTTP answers by views and the API."""

from __future__ import annotations


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
        from flask_babel import gettext as _

        raise IllegalTransition(
            _(
                "%(what)s: cannot go from '%(current)s' to '%(target)s'.",
                what=what,
                current=current,
                target=target,
            ),
            "status",
        )
