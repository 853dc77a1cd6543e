"""Domain exceptions raised by services and mapped to HTTP answers by views and the API."""

from __future__ import annotations

import re
from http import HTTPStatus

from flask_babel import gettext as _
from flask_babel import lazy_pgettext as _lp


class ServiceError(Exception):
    """Base class: carries a message for the user and an HTTP status."""

    status = 400

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def as_dict(self) -> dict:
        """JSON body for the API (the one error envelope, see :func:`error_body`)."""
        return error_body(self.status, self.message, {self.field or "_": [self.message]})


def error_body(code: int, message: str, errors: dict[str, list[str]] | None = None) -> dict:
    """The one JSON error envelope of the API: ``{"code", "status", "message", "errors"}``.

    ``status`` is the HTTP reason phrase; ``errors`` maps a field name (never translated; "_"
    for the request as a whole) to its messages (translated), and is ``{}`` when no field is
    at fault."""
    try:
        phrase = HTTPStatus(code).phrase
    except ValueError:
        phrase = "Error"
    return {"code": code, "status": phrase, "message": message, "errors": errors or {}}


def flat_errors(messages) -> dict[str, list[str]]:
    """webargs/marshmallow messages (``{"json": {"name": [...], "areas": {0: [...]}}}``) as
    ``{"name": [...], "areas": ["#1: ..."]}``: the location level dropped, nested fields joined
    with dots (``partners.role``), list positions moved into the message (``#1:`` is the first
    item), whole-body errors (``_schema``) under "_"."""
    out: dict[str, list[str]] = {}

    def walk(value, path: str, item: str) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                if isinstance(key, int) or (isinstance(key, str) and key.isdigit()):
                    walk(inner, path, f"{item}#{int(key) + 1}: ")
                    continue
                key = "" if key == "_schema" else str(key)
                walk(inner, f"{path}.{key}" if path and key else path or key, item)
        elif isinstance(value, (list, tuple)):
            for inner in value:
                walk(inner, path, item)
        else:
            out.setdefault(path or "_", []).append(f"{item}{value}")

    if isinstance(messages, dict):
        # The first level is the request location (json, query, path, files, form, headers).
        for inner in messages.values():
            walk(inner, "", "")
    else:
        walk(messages, "", "")
    return out


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


# State names as people read them (the codes stay in the data and the API's "status" fields).
STATE_WORDS = {
    "accepted": _lp("state", "accepted"),
    "active": _lp("state", "active"),
    "approved": _lp("state", "approved"),
    "awarded": _lp("state", "awarded"),
    "changes_requested": _lp("state", "changes requested"),
    "closed": _lp("state", "closed"),
    "completed": _lp("state", "completed"),
    "contacted": _lp("state", "contacted"),
    "declined": _lp("state", "declined"),
    "dismissed": _lp("state", "dismissed"),
    "draft": _lp("state", "draft"),
    "evaluating": _lp("state", "under evaluation"),
    "expired": _lp("state", "expired"),
    "info_requested": _lp("state", "information requested"),
    "open": _lp("state", "open"),
    "planned": _lp("state", "planned"),
    "rejected": _lp("state", "rejected"),
    "returned": _lp("state", "returned"),
    "revoked": _lp("state", "revoked"),
    "shortlisted": _lp("state", "shortlisted"),
    "submitted": _lp("state", "submitted"),
    "suggested": _lp("state", "suggested"),
    "suspended": _lp("state", "suspended"),
    "terminated": _lp("state", "terminated"),
    "under_review": _lp("state", "under review"),
    "withdrawn": _lp("state", "withdrawn"),
}
# What the callers name (some pass the English noun untranslated).
_WHAT = {
    "Access request": _lp("thing", "Access request"),
    "Project": _lp("thing", "Project"),
    "Report": _lp("thing", "Report"),
    "challenge": _lp("thing", "challenge"),
    "response": _lp("thing", "response"),
}


def state_word(code: str) -> str:
    """A state code in the reader's language ("submitted" -> "inviata" ...)."""
    word = STATE_WORDS.get(code)
    return str(word) if word is not None else code


def check_transition(table: dict[str, set[str]], current: str, target: str, what: str) -> None:
    """Raise IllegalTransition unless target is allowed from current in the transition table."""
    if target not in table.get(current, set()):
        raise IllegalTransition(
            _(
                "%(what)s: cannot go from '%(current)s' to '%(target)s'.",
                what=str(_WHAT.get(what, what)),
                current=state_word(current),
                target=state_word(target),
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
