"""Files attached to a consultation: PDF, images, office documents and CSV, checked on their
bytes; stored under a random name; deleted with the transaction that failed."""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from app.audit.services import record_event
from app.compliance.models import Consultation, ConsultationFile
from app.compliance.permissions import can_post_message, can_view_consultation
from app.core import uploads
from app.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from app.core.files import save_new_file
from app.extensions import db

ACCEPTED = ("pdf", "png", "jpeg", "docx", "xlsx", "csv")


def _folder() -> Path:
    return Path(current_app.config["UPLOAD_DIR"]) / "compliance"


def add_file(actor, c: Consultation, upload) -> ConsultationFile:
    """Attach an uploaded file to an open consultation (anyone who may write in it)."""
    if not can_post_message(actor, c):
        if c.status == "closed" and can_view_consultation(actor, c):
            raise Conflict(_("The consultation is closed."), "status")
        raise PermissionDenied(_("You cannot write in this consultation."))
    if upload is None or not getattr(upload, "filename", ""):
        raise ValidationError(_("file: choose a file to upload."), "file")
    limit = int(current_app.config.get("MAX_CONTENT_LENGTH") or 10 * 1024 * 1024)
    content = upload.read(limit + 1)
    if not content:
        raise ValidationError(_("file: the file is empty."), "file")
    if len(content) > limit:
        raise ValidationError(_("file: the file is too large."), "file")
    kind = uploads.detect(content, upload.filename)
    if kind not in ACCEPTED:
        raise ValidationError(
            _("file: only PDF, PNG, JPEG, DOCX, XLSX or CSV files (checked on the content)."),
            "file",
        )
    mime, ext = uploads.KINDS[kind]
    stored = secrets.token_hex(16) + ext
    save_new_file(db.session, _folder() / stored, content)
    f = ConsultationFile(
        consultation_id=c.id,
        uploaded_by_id=actor.id,
        filename=uploads.download_name(upload.filename, ext),
        stored_name=stored,
        content_type=mime,
        size=len(content),
    )
    db.session.add(f)
    db.session.flush()
    record_event(actor, "consultation.file", "consultation", c.id, file=f.id)
    return f


def get_file(actor, c: Consultation, file_id) -> tuple[ConsultationFile, Path]:
    """A file of a consultation the actor may see, and its path; or NotFound."""
    f = db.session.execute(
        select(ConsultationFile).where(
            ConsultationFile.id == file_id, ConsultationFile.consultation_id == c.id
        )
    ).scalar_one_or_none()
    if f is None or not can_view_consultation(actor, c):
        raise NotFound(_("File not found."))
    path = _folder() / f.stored_name
    if not path.is_file():
        raise NotFound(_("File not found."))
    return f, path
