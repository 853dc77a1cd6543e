"""CUP and ISTAT codes of funded projects: staff record them, the open data publishes them."""

from __future__ import annotations

import re

from flask_babel import gettext as _

from app.auth.permissions import is_staff
from app.core.errors import PermissionDenied, ValidationError
from app.extensions import db
from app.projects.models import FundedProject

# CUP: 15 characters, a letter, two digits (year), a letter, eleven digits (CIPE scheme).
CUP_RE = re.compile(r"^[A-Z][0-9]{2}[A-Z][0-9]{11}$")
# ISTAT code of a municipality: six digits (province code + progressive number).
ISTAT_RE = re.compile(r"^[0-9]{6}$")


def _code(data: dict, field: str, pattern: re.Pattern, message: str) -> str | None:
    raw = data.get(field)
    if raw is None or raw == "":
        return None
    if not isinstance(raw, str):
        raise ValidationError(message, field)
    value = raw.strip().upper()
    if not pattern.match(value):
        raise ValidationError(message, field)
    return value


def set_project_codes(actor, project: FundedProject, data: dict) -> FundedProject:
    """Set (or clear, with an empty value) the CUP and ISTAT code of a project; staff only."""
    if not is_staff(actor):
        raise PermissionDenied(_("Only region staff can record CUP and ISTAT codes."))
    values = {}
    if "cup" in data:
        values["cup"] = _code(data, "cup", CUP_RE, _("cup: 15 characters, e.g. E19J21000000007."))
    if "istat_code" in data:
        values["istat_code"] = _code(
            data, "istat_code", ISTAT_RE, _("istat_code: the six-digit ISTAT code, e.g. 015146.")
        )
    for key, value in values.items():
        setattr(project, key, value)
    db.session.flush()
    return project
