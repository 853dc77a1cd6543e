"""Attachments: type checked against the content, stored outside static/ under a random name,
served only to users allowed to see the object they belong to."""

from __future__ import annotations

import io
import secrets
import zipfile
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from app.audit.services import record_event
from app.challenges.i18n import _
from app.challenges.models import Attachment, Challenge, ChallengeResponse
from app.challenges.permissions import (
    can_edit_response,
    can_manage_challenge,
    can_see_challenge,
    can_see_response,
)
from app.challenges.responses import check_accepting
from app.core.errors import Conflict, NotFound, PermissionDenied, ServiceError, ValidationError
from app.core.files import save_new_file
from app.core.uploads import download_name
from app.extensions import db

# kind -> (content type, extension); the kind is read from the bytes, never from the client.
TYPES = {
    "pdf": ("application/pdf", ".pdf"),
    "png": ("image/png", ".png"),
    "jpeg": ("image/jpeg", ".jpg"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "csv": ("text/csv", ".csv"),
}
MAX_FILES = 10


class TooLarge(ServiceError):
    """The file is over the configured size limit."""

    status = 413


def sniff(content: bytes, filename: str) -> str | None:
    """The allowed kind the bytes really are, or None."""
    if content.startswith(b"%PDF-"):
        return "pdf"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if content.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if content.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(content)).namelist())
        except (zipfile.BadZipFile, ValueError):
            return None
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return "docx"
        if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
            return "xlsx"
        return None
    if filename.lower().endswith(".csv") and content:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None
        # Text only: no NUL or other control characters than tab and line breaks.
        if any(ord(ch) < 32 and ch not in "\t\r\n" for ch in text):
            return None
        return "csv"
    return None


def _can_attach(actor, owner) -> bool:
    if isinstance(owner, Challenge):
        return can_manage_challenge(actor, owner)
    return can_edit_response(actor, owner)


def add_attachment(actor, owner, upload) -> Attachment:
    """Store an uploaded file for a challenge (owners, before publication ends) or a response
    (its authors, until the deadline)."""
    if not _can_attach(actor, owner):
        raise PermissionDenied(_("You may not add files here."))
    if upload is None or not getattr(upload, "filename", ""):
        raise ValidationError(_("file: choose a file to upload."), "file")
    limit = int(current_app.config.get("MAX_CONTENT_LENGTH") or 10 * 1024 * 1024)
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise TooLarge(
            _("file: the file is larger than %(mb)s MB.", mb=round(limit / 2**20, 1)), "file"
        )
    if not content:
        raise ValidationError(_("file: the file is empty."), "file")
    kind = sniff(content, upload.filename)
    if kind is None:
        raise ValidationError(
            _(
                "file: only PDF, PNG, JPEG, DOCX, XLSX or CSV files are "
                "accepted (checked on the content)."
            ),
            "file",
        )
    owner_type = "challenge" if isinstance(owner, Challenge) else "response"
    if owner_type == "challenge" and owner.status not in ("draft", "submitted", "open"):
        raise Conflict(_("Files can no longer be added to this challenge."), "status")
    if owner_type == "response":
        check_accepting(owner.challenge)
    if len(list_attachments(owner)) >= MAX_FILES:
        raise Conflict(_("file: at most %(n)s files.", n=MAX_FILES), "file")
    content_type, ext = TYPES[kind]
    stored = secrets.token_hex(16) + ext
    folder = Path(current_app.config["UPLOAD_DIR"]) / "challenges"
    save_new_file(db.session, folder / stored, content)
    att = Attachment(
        owner_type=owner_type,
        owner_id=owner.id,
        filename=download_name(upload.filename, ext),  # the extension follows the bytes
        stored_name=stored,
        content_type=content_type,
        size=len(content),
        uploaded_by_id=actor.id,
    )
    db.session.add(att)
    db.session.flush()
    record_event(actor, "attachment.added", owner_type, owner.id, attachment=att.id)
    return att


def list_attachments(owner) -> list[Attachment]:
    """Files of a challenge or a response (the caller checked it may see the owner)."""
    owner_type = "challenge" if isinstance(owner, Challenge) else "response"
    return list(
        db.session.execute(
            select(Attachment)
            .where(Attachment.owner_type == owner_type, Attachment.owner_id == owner.id)
            .order_by(Attachment.id)
        ).scalars()
    )


def get_attachment(actor, attachment_id) -> tuple[Attachment, Path]:
    """The attachment and its path if the actor may see its owner object, else NotFound."""
    try:
        att = db.session.get(Attachment, int(attachment_id))
    except (TypeError, ValueError):
        att = None
    allowed = False
    if att is not None and att.owner_type == "challenge":
        owner = db.session.get(Challenge, att.owner_id)
        allowed = owner is not None and can_see_challenge(actor, owner)
    elif att is not None and att.owner_type == "response":
        owner = db.session.get(ChallengeResponse, att.owner_id)
        allowed = owner is not None and can_see_response(actor, owner)
    if not allowed:
        raise NotFound(_("File not found."))
    path = Path(current_app.config["UPLOAD_DIR"]) / "challenges" / att.stored_name
    if not path.is_file():
        raise NotFound(_("File not found."))
    return att, path
