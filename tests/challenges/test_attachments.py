"""Attachments: allow-list by content, size limit (413), storage and download headers."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from app.challenges import attachments
from app.challenges.models import Attachment
from app.extensions import db
from tests.challenges.conftest import PDF, PNG, client_for, count, make_response


def _zip(names):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for n in names:
            zf.writestr(n, "<x/>")
    return buf.getvalue()


def _xlsx():

    buf = io.BytesIO()
    wb = Workbook()
    wb.active["A1"] = "marker"
    wb.save(buf)
    return buf.getvalue()


def _upload(client, url, content, name):
    return client.post(
        url,
        data={"file": (io.BytesIO(content), name)},
        headers={"X-CSRFToken": client.token},
        content_type="multipart/form-data",
    )


@pytest.fixture
def target(app, eco, challenge):
    response = make_response(eco, challenge)
    url = f"/api/v1/challenges/{challenge.id}/responses/{response.id}/files"
    return client_for(app, eco.solver), url


ALLOWED = [
    (PDF, "plan.pdf", "application/pdf"),
    (PNG, "diagram.png", "image/png"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "photo.jpg", "image/jpeg"),
    (
        _zip(["[Content_Types].xml", "word/document.xml"]),
        "offer.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (_xlsx(), "budget.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    (b"name;cost\nsensor;1000\n", "costs.csv", "text/csv"),
]


@pytest.mark.parametrize("content,name,ctype", ALLOWED)
def test_allowed_types_are_detected_from_content(target, content, name, ctype):
    client, url = target
    resp = _upload(client, url, content, name)
    assert resp.status_code == 201, resp.json
    assert resp.json["content_type"] == ctype and resp.json["filename"] == name


REFUSED = [
    (b"MZ\x90\x00 this is a windows executable", "plan.pdf"),  # lying extension
    (b"<html><script>alert(1)</script></html>", "diagram.png"),
    (_zip(["evil.sh"]), "offer.docx"),  # a zip that is not an Office document
    (b"GIF89a\x01\x00", "anim.gif"),
    (b"a,b\x00,c", "data.csv"),  # binary posing as CSV
    (b"plain text", "notes.txt"),
]


@pytest.mark.parametrize("content,name", REFUSED)
def test_other_content_is_refused_and_nothing_is_written(app, target, content, name):
    client, url = target
    before = count(Attachment)
    folder = Path(app.config["UPLOAD_DIR"]) / "challenges"
    files_before = set(folder.glob("*")) if folder.exists() else set()
    resp = _upload(client, url, content, name)
    assert resp.status_code == 422
    assert "PDF, PNG, JPEG, DOCX, XLSX or CSV" in resp.json["errors"]["file"][0]
    assert count(Attachment) == before
    assert (set(folder.glob("*")) if folder.exists() else set()) == files_before


def test_empty_and_missing_file(target):
    client, url = target
    assert _upload(client, url, b"", "empty.pdf").status_code == 422
    resp = client.post(url, data={}, headers={"X-CSRFToken": client.token})
    assert resp.status_code == 422 and "file" in resp.json["errors"]


def test_too_large_is_413(app, target):
    client, url = target
    before = count(Attachment)
    old = app.config["MAX_CONTENT_LENGTH"]
    app.config["MAX_CONTENT_LENGTH"] = 2048
    try:
        resp = _upload(client, url, PDF + b"0" * 4096, "big.pdf")
        assert resp.status_code == 413
        page = client.post(
            url.replace("/api/v1", ""),
            data={"csrf_token": client.token, "file": (io.BytesIO(PDF + b"0" * 4096), "big.pdf")},
            content_type="multipart/form-data",
        )
        assert page.status_code == 413
    finally:
        app.config["MAX_CONTENT_LENGTH"] = old
    assert count(Attachment) == before


def test_download_headers_and_server_chosen_name(app, eco, target):
    client, url = target
    resp = _upload(client, url, PDF, "../../etc/pass wd.pdf")
    att_id = resp.json["id"]
    att = next(a for a in _all())
    assert att.stored_name != att.filename and "/" not in att.stored_name
    assert att.filename == "pass wd.pdf"
    path = Path(app.config["UPLOAD_DIR"]) / "challenges" / att.stored_name
    assert path.read_bytes() == PDF
    assert "static" not in str(path.resolve())
    for dl_url in (f"/challenges/files/{att_id}", f"/api/v1/challenges/files/{att_id}"):
        dl = client_for(app, eco.poster).get(dl_url)
        assert dl.status_code == 200 and dl.data == PDF
        assert dl.headers["Content-Disposition"].startswith("attachment;")
        assert "pass wd.pdf" in dl.headers["Content-Disposition"]
        assert dl.headers["X-Content-Type-Options"] == "nosniff"
        assert dl.headers["Content-Type"] == "application/pdf"


def _all():

    db.session.commit()
    return list(db.session.execute(select(Attachment)).scalars())


def test_page_upload_shows_error(app, eco, challenge):
    client = client_for(app, eco.poster)
    resp = client.post(
        f"/challenges/{challenge.id}/files",
        data={"csrf_token": client.token, "file": (io.BytesIO(b"#!/bin/sh"), "run.pdf")},
        content_type="multipart/form-data",
    )
    assert resp.status_code == 422 and b"checked on the content" in resp.data
    ok = client.post(
        f"/challenges/{challenge.id}/files",
        data={"csrf_token": client.token, "file": (io.BytesIO(PNG), "x.png")},
        content_type="multipart/form-data",
    )
    assert ok.status_code == 302
    assert b"x.png" in client_for(app).get(f"/challenges/{challenge.id}").data


def test_failure_after_the_file_is_written_leaves_no_file_and_no_row(app, target, monkeypatch):

    def broken(*args, **kwargs):
        raise RuntimeError("audit store down")

    monkeypatch.setattr(attachments, "record_event", broken)
    client, url = target
    folder = Path(app.config["UPLOAD_DIR"]) / "challenges"
    before = set(folder.glob("*")) if folder.exists() else set()
    with pytest.raises(RuntimeError):  # the test app propagates exceptions (a 500 live)
        _upload(client, url, PDF, "plan.pdf")
    after = set(folder.glob("*")) if folder.exists() else set()
    assert after == before
    assert count(Attachment) == 0
