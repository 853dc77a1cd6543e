"""What an uploaded file really is, read from its bytes (never from the client's name or type),
and the names it is stored and downloaded under.

Every upload goes through :func:`detect` or :func:`matches_format`; the stored name is random
and the download name's extension follows the detected type, so a PDF renamed ``x.exe`` is
downloaded as ``x.pdf`` and an executable renamed ``x.pdf`` is refused.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

# kind -> (content type, extension)
KINDS = {
    "pdf": ("application/pdf", ".pdf"),
    "png": ("image/png", ".png"),
    "jpeg": ("image/jpeg", ".jpg"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "zip": ("application/zip", ".zip"),
    "csv": ("text/csv", ".csv"),
    "json": ("application/json", ".json"),
    "xml": ("application/xml", ".xml"),
    "turtle": ("text/turtle", ".ttl"),
    "sql": ("application/sql", ".sql"),
    "parquet": ("application/vnd.apache.parquet", ".parquet"),
    "dicom": ("application/dicom", ".dcm"),
}

# Dataset distribution formats (app/datasets/vocab.FORMATS) -> the kind their bytes must be.
FORMAT_KINDS = {
    "CSV": "csv",
    "JSON": "json",
    "FHIR_JSON": "json",
    "XML": "xml",
    "XLSX": "xlsx",
    "PARQUET": "parquet",
    "DICOM": "dicom",
    "ZIP": "zip",
    "PDF": "pdf",
    "RDF_TURTLE": "turtle",
    "SQL": "sql",
}


def _text(content: bytes) -> str | None:
    """UTF-8 text without NUL or control characters other than tab and line breaks."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if any(ord(ch) < 32 and ch not in "\t\r\n" for ch in text):
        return None
    return text


def _zip_names(content: bytes) -> set[str] | None:
    try:
        return set(zipfile.ZipFile(io.BytesIO(content)).namelist())
    except (zipfile.BadZipFile, ValueError):
        return None


def _binary_kind(content: bytes) -> str | None:
    if content.startswith(b"%PDF-"):
        return "pdf"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if content.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if content.startswith(b"PAR1") and content.endswith(b"PAR1") and len(content) >= 8:
        return "parquet"
    if content[128:132] == b"DICM":
        return "dicom"
    if content.startswith(b"PK\x03\x04"):
        names = _zip_names(content)
        if names is None:
            return None
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return "docx"
        if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
            return "xlsx"
        return "zip"
    return None


def matches_format(content: bytes, kind: str) -> bool:
    """Do the bytes really hold ``kind`` (one of :data:`KINDS`)?"""
    if not content:
        return False
    if kind in ("pdf", "png", "jpeg", "docx", "xlsx", "parquet", "dicom"):
        return _binary_kind(content) == kind
    if kind == "zip":
        return _binary_kind(content) in ("zip", "docx", "xlsx")
    text = _text(content)
    if text is None:
        return False
    if kind == "json":
        try:
            json.loads(text)
        except ValueError:
            return False
        return True
    if kind == "xml":
        return text.lstrip().startswith("<")
    return kind in ("csv", "turtle", "sql")


def detect(content: bytes, filename: str = "") -> str | None:
    """The kind the bytes are (binary signatures first; text kinds by the name's suffix)."""
    kind = _binary_kind(content)
    if kind is not None:
        return kind
    suffix = Path(filename or "").suffix.lower()
    for name, (_mime, ext) in KINDS.items():
        if ext == suffix and matches_format(content, name):
            return name
    return None


def download_name(filename: str, extension: str, default: str = "file") -> str:
    """The client's file name made safe (no folders, no control or shell characters), with the
    extension of the detected type in place of whatever it had."""
    name = Path((filename or "").replace("\\", "/")).name.strip()
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '"<>:|?*/\\')
    stem = Path(name).stem.strip(". ") or default
    return stem[: 200 - len(extension)] + extension
