"""Files attached to messages, with the portal's upload checks (``app.core.uploads``): the type
is read from the bytes, the download name's extension follows it, the file lives only if the
transaction that records it commits (``app.core.files``)."""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from app.core import uploads
from app.core.errors import NotFound, ServiceError, ValidationError
from app.core.files import save_new_file
from app.extensions import db
from app.messaging.models import Conversation, Message, MessageAttachment
from app.messaging.permissions import can_see_conversation

ALLOWED = ("pdf", "png", "jpeg", "docx", "xlsx", "csv")


class TooLarge(ServiceError):
    """The file is over the configured size limit."""

    status = 413


def read_upload(upload) -> tuple[bytes, str] | None:
    """Check an uploaded file before anything is written: (content, kind), or None if no file
    was chosen; a refused file raises naming the field 'file'."""
    if upload is None or not getattr(upload, "filename", ""):
        return None
    limit = int(current_app.config.get("MAX_CONTENT_LENGTH") or 10 * 1024 * 1024)
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise TooLarge(
            _("file: the file is larger than %(mb)s MB.", mb=round(limit / 2**20, 1)), "file"
        )
    if not content:
        raise ValidationError(_("file: the file is empty."), "file")
    kind = uploads.detect(content, upload.filename)
    if kind not in ALLOWED:
        raise ValidationError(
            _(
                "file: only PDF, PNG, JPEG, DOCX, XLSX or CSV files are "
                "accepted (checked on the content)."
            ),
            "file",
        )
    return content, kind


def store(msg: Message, filename: str, content: bytes, kind: str) -> MessageAttachment:
    """Save a checked file for a message (removed again if the transaction rolls back)."""
    content_type, ext = uploads.KINDS[kind]
    stored = secrets.token_hex(16) + ext
    save_new_file(db.session, Path(current_app.config["UPLOAD_DIR"]) / "messages" / stored, content)
    att = MessageAttachment(
        message=msg,
        filename=uploads.download_name(filename, ext),
        stored_name=stored,
        content_type=content_type,
        size=len(content),
    )
    db.session.add(att)
    db.session.flush()
    return att


def get_attachment(actor, conv: Conversation, attachment_id) -> tuple[MessageAttachment, Path]:
    """A file of a thread the actor belongs to, and its path (others: 404)."""
    att = db.session.get(MessageAttachment, attachment_id) if attachment_id else None
    if (
        att is None
        or att.message.conversation_id != conv.id
        or not can_see_conversation(actor, conv)
    ):
        raise NotFound(_("File not found."))
    path = Path(current_app.config["UPLOAD_DIR"]) / "messages" / att.stored_name
    if not path.exists():
        raise NotFound(_("File not found."))
    return att, path
