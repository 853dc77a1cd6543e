"""Mail: composed inside the transaction, delivered only after it commits.

:func:`send_mail` is what services call: it builds the message now and queues its delivery on
the unit of work (:func:`app.core.txn.on_commit`), so a rolled-back request sends nothing.
:func:`deliver_mail` sends at once (used by the queue, and by code that runs outside any
transaction on purpose). The backend writes .eml files to instance/outbox/ in development, or
sends via SMTP.
"""

from __future__ import annotations

import smtplib
import time
import uuid
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from flask import current_app

from app.core.txn import on_commit


def _compose(to: str, subject: str, body: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = current_app.config["MAIL_SENDER"]
    msg["To"] = to
    # Header injection: a subject never spans lines, whatever the user typed into it.
    msg["Subject"] = " ".join(subject.split())
    msg.set_content(body)
    return msg


def deliver_mail(msg: EmailMessage, config: dict | None = None) -> None:
    """Send one composed message now through the configured backend."""
    cfg = config if config is not None else current_app.config
    if cfg.get("MAIL_BACKEND") == "smtp":
        with smtplib.SMTP(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=10) as smtp:
            smtp.send_message(msg)
    else:
        outbox = Path(cfg["MAIL_OUTBOX_DIR"])
        outbox.mkdir(parents=True, exist_ok=True)
        # Nanoseconds in the name keep the outbox in sending order within one second.
        name = f"{time.strftime('%Y%m%d-%H%M%S')}-{time.time_ns()}-{uuid.uuid4().hex[:8]}.eml"
        (outbox / name).write_bytes(bytes(msg))


def send_mail(to: str, subject: str, body: str) -> EmailMessage:
    """Compose one plain-text message and send it when the transaction commits."""
    msg = _compose(to, subject, body)
    cfg = {
        k: current_app.config.get(k)
        for k in ("MAIL_BACKEND", "MAIL_SERVER", "MAIL_PORT", "MAIL_OUTBOX_DIR")
    }
    on_commit(lambda: deliver_mail(msg, cfg))
    return msg


def outbox_messages() -> list[EmailMessage]:
    """Messages in the development outbox, oldest first (used by tests and the README)."""
    outbox = Path(current_app.config["MAIL_OUTBOX_DIR"])
    if not outbox.exists():
        return []
    return [
        message_from_bytes(p.read_bytes(), policy=policy.default)
        for p in sorted(outbox.glob("*.eml"))
    ]
