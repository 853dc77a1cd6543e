"""Which input a failed submit is about, for the error summaries of hand-written forms."""

from __future__ import annotations


def failed_field(form) -> str | None:
    """The name of the field a failed submit of ``form`` names: the service error's field
    (``form.service_error.field``, set by ``app.core.forms.submit_form``), else the first
    invalid field; None when nothing failed or the failure is about the whole form."""
    if form is None:
        return None
    exc = getattr(form, "service_error", None)
    if exc is not None:
        return getattr(exc, "field", None)
    for f in form:
        if f.errors and f.name != "csrf_token":
            return f.name
    return None
