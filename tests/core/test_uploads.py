"""Issue 17 item 6: the type of an upload is read from its bytes, and the names it is stored
and downloaded under follow that type (app.core.uploads), for every upload."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from app.core.uploads import detect, download_name, matches_format
from app.datasets.models import Distribution
from app.extensions import db
from tests.builders import make_dataset
from tests.conftest import csrf_token, login

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"


def test_detect_reads_the_bytes_not_the_name():
    assert detect(PDF, "x.exe") == "pdf"
    assert detect(EXE, "x.pdf") is None
    assert detect(b"a,b\n1,2\n", "t.csv") == "csv"
    assert detect(b"a,b\n\x00\x01", "t.csv") is None


@pytest.mark.parametrize(
    ("content", "kind", "ok"),
    [
        (b'{"a": 1}', "json", True),
        (b"not json", "json", False),
        (EXE, "csv", False),
        (b"PAR1....PAR1", "parquet", True),
        (b"\x00" * 128 + b"DICM", "dicom", True),
        (PDF, "zip", False),
    ],
)
def test_matches_format(content, kind, ok):
    assert matches_format(content, kind) is ok


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("x.exe", "x.pdf"),
        ("../../etc/passwd", "passwd.pdf"),
        ("C:\\Users\\a\\report.PDF", "report.pdf"),
        ('bad"<name>.pdf.exe', "badname.pdf.pdf"),
        ("", "file.pdf"),
    ],
)
def test_download_name_takes_the_detected_extension(name, expected):
    assert download_name(name, ".pdf") == expected


def test_a_distribution_file_must_be_its_declared_format(app, client, make_user, make_org):
    owner = make_user("pub@example.org")
    org = make_org(owner, "IRCCS Uploads", kind="research_hospital")
    ds = make_dataset(owner, org, "up:csv")
    db.session.commit()
    login(client, owner.email)
    url = f"/datasets/{ds.id}/distributions/new"

    def post(content, name, fmt="CSV"):
        return client.post(
            url,
            data={
                "csrf_token": csrf_token(client, url),
                "format": fmt,
                "title": "File",
                "file": (io.BytesIO(content), name),
            },
            content_type="multipart/form-data",
        )

    refused = post(EXE, "data.csv")
    assert refused.status_code == 422
    assert db.session.scalar(select(Distribution.id)) is None
    assert post(b"patient,age\n1,54\n", "data.exe").status_code == 302
    dist = db.session.execute(select(Distribution)).scalar_one()
    assert dist.stored_name.endswith(".csv")
