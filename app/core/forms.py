"""Glue between Flask-WTF forms and service errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from app.core.errors import ServiceError
from app.extensions import db

T = TypeVar("T")

#: The statuses a button's page shows with the service's message: everything but a refusal
#: (403 and 404 go to the error page). Use as ``shown=ACTION_ERRORS``.
ACTION_ERRORS: tuple[int, ...] = (400, 409, 413, 422, 429)


def attach_error(form, exc: ServiceError) -> None:
    """Show a service error under the field it names, or as a form-level error."""
    field = getattr(form, exc.field, None) if exc.field else None
    message = exc.message.split(": ", 1)[1] if exc.field and ": " in exc.message else exc.message
    if field is not None and hasattr(field, "errors"):
        field.errors = [*list(field.errors or []), message]
    else:
        form.form_errors.append(exc.message)


def submit_form(
    form,
    action: Callable[[], T],
    on_success: Callable[[T], object],
    render: Callable[[], object] | None = None,
    *,
    shown: tuple[int, ...] = (422,),
    error_status: int | None = None,
    on_error: Callable[[str], object] | None = None,
):
    """The one form-submit path of the HTML views.

    When ``form`` validates, ``action()`` calls the service; its result goes to
    ``on_success(result)`` (usually a flash and a redirect). A :class:`ServiceError` whose
    status is in ``shown`` (422 by default; add 409 where the reader can fix the conflict on
    the same form) is attached to the form (:func:`attach_error`) and the page is rendered
    again with what was typed and that status (or ``error_status``, e.g. 422 for every error
    shown on a form); any other error (403, 404, 409) propagates to the error handlers. An
    invalid form renders again with 422; a GET renders with 200.

    Buttons that re-render a detail page (a transition, a question, an upload) pass
    ``shown=ACTION_ERRORS`` and a ``render`` that puts :func:`form_message` above the page.
    Every answer it renders is 400 or more, so the request's unit of work rolls back: nothing
    written, no mail (the after-commit queue is dropped).

    A button whose failure is told with a flash on the page it came from passes
    ``on_error(message)`` (a flash and a redirect) instead of ``render``: its answer is below
    400 and would commit, so the unit of work is rolled back first (what the action wrote, the
    mail it queued, are dropped). An invalid form (a stale CSRF token) goes there too. The
    error caught is ``form.service_error`` (None for an invalid form), for an ``on_error``
    that answers some errors differently.

    Returns what the view returns: ``on_success``'s answer, ``on_error``'s, or
    ``(render(), status)``.
    """
    status = 200
    if form.validate_on_submit():
        try:
            result = action()
        except ServiceError as exc:
            if exc.status not in shown:
                raise
            form.service_error = exc
            if on_error is not None:
                db.session.rollback()
                return on_error(exc.message)
            attach_error(form, exc)
            status = error_status or exc.status
        else:
            return on_success(result)
    elif form.errors:
        if on_error is not None:
            db.session.rollback()
            return on_error(form_message(form) or "")
        status = 422
    assert render is not None, "submit_form needs render or on_error"
    return render(), status


def labelled(message: str, field: str | None, label) -> str:
    """A service message that starts with the field's stored name ("summary: this field is
    required.") with the name the reader sees on the form instead ("Summary: ...")."""
    if field and label and message.startswith(f"{field}: "):
        return f"{label}: {message[len(field) + 2 :]}"
    return message


def form_message(form, labels: dict | None = None) -> str | None:
    """What the last failed submit of ``form`` says, as one line for the top of a page: the
    service's message whole, with the field it names called by its label (the form field's
    own label, or ``labels[field]`` for a hand-written form), else the form's own errors as
    "Label: message". None when nothing failed."""
    exc = getattr(form, "service_error", None)
    if exc is not None:
        own = getattr(form, exc.field, None) if exc.field else None
        label = (labels or {}).get(exc.field) or getattr(getattr(own, "label", None), "text", None)
        return labelled(exc.message, exc.field, label)
    parts = [str(e) for e in form.form_errors]
    for field in form:
        if field.errors and field.name != "csrf_token":
            parts.append(f"{field.label.text}: {' '.join(map(str, field.errors))}")
        elif field.errors:
            parts.extend(map(str, field.errors))
    return " ".join(parts) or None
