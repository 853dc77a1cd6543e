"""Glue between Flask-WTF forms and service errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from app.core.errors import ServiceError

T = TypeVar("T")


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
    render: Callable[[], object],
    *,
    shown: tuple[int, ...] = (422,),
    error_status: int | None = None,
):
    """The one form-submit path of the HTML views.

    When ``form`` validates, ``action()`` calls the service; its result goes to
    ``on_success(result)`` (usually a flash and a redirect). A :class:`ServiceError` whose
    status is in ``shown`` (422 by default; add 409 where the reader can fix the conflict on
    the same form) is attached to the form (:func:`attach_error`) and the page is rendered
    again with what was typed and that status (or ``error_status``, e.g. 422 for every error
    shown on a form); any other error (403, 404, 409) propagates to the error handlers. An
    invalid form renders again with 422; a GET renders with 200.

    Returns what the view returns: ``on_success``'s answer or ``(render(), status)``.
    """
    status = 200
    if form.validate_on_submit():
        try:
            result = action()
        except ServiceError as exc:
            if exc.status not in shown:
                raise
            attach_error(form, exc)
            status = error_status or exc.status
        else:
            return on_success(result)
    elif form.errors:
        status = 422
    return render(), status
