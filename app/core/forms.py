"""Glue between Flask-WTF forms and service errors."""

from __future__ import annotations

from app.core.errors import ServiceError


def attach_error(form, exc: ServiceError) -> None:
    """Show a service error under the field it names, or as a form-level error."""
    field = getattr(form, exc.field, None) if exc.field else None
    message = exc.message.split(": ", 1)[1] if exc.field and ": " in exc.message else exc.message
    if field is not None and hasattr(field, "errors"):
        field.errors = [*list(field.errors or []), message]
    else:
        form.form_errors.append(exc.message)
