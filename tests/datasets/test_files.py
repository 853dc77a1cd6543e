"""Uploaded distribution files: served only through the access endpoint, only to approved
users for restricted data; every download audited."""

from __future__ import annotations

import hashlib
import io

from sqlalchemy import select

from app.audit.models import AuditEvent
from app.datasets import access
from app.datasets.models import Distribution
from app.extensions import db
from tests.builders import approve, commit, complete_request, make_dataset
from tests.conftest import csrf_token, login, post_form

CONTENT = b"patient_id,age\n1,54\n2,61\n"


def _upload(client, ds_id):
    token = csrf_token(client, f"/datasets/{ds_id}/distributions/new")
    return client.post(
        f"/datasets/{ds_id}/distributions/new",
        data={
            "csrf_token": token,
            "format": "CSV",
            "title": "Extract",
            "file": (io.BytesIO(CONTENT), "extract.csv"),
        },
        content_type="multipart/form-data",
    )


def test_restricted_file(app, make_user, make_org):
    owner = make_user("owner@example.org")
    org = make_org(owner, "IRCCS Files", kind="research_hospital")
    ds = make_dataset(owner, org, "files:restricted", access_rights="restricted")
    requester = make_user("req@example.org")
    commit()
    pub = app.test_client()
    login(pub, owner.email)
    assert _upload(pub, ds.id).status_code == 302
    dist = db.session.execute(select(Distribution)).scalar_one()
    assert dist.byte_size == len(CONTENT)
    assert dist.checksum == "sha256:" + hashlib.sha256(CONTENT).hexdigest()
    url = f"/datasets/{ds.id}/distributions/{dist.id}/access"
    assert pub.get(url).status_code == 403  # no approval, not even the publisher
    client = app.test_client()
    login(client, requester.email)
    assert client.get(url).status_code == 403
    req = complete_request(requester, ds)
    access.submit_request(requester, req)
    approve(owner, req)
    commit()
    resp = client.get(url)
    assert resp.status_code == 200 and resp.data == CONTENT
    assert "attachment" in resp.headers["Content-Disposition"]
    assert (
        db.session.execute(select(AuditEvent).where(AuditEvent.action == "distribution.downloaded"))
        .scalar_one()
        .actor_id
        == requester.id
    )
    assert dist.stored_name not in client.get(f"/datasets/{ds.id}").get_data(as_text=True)
    assert dist.stored_name not in client.get(f"/api/v1/datasets/{ds.id}").get_data(as_text=True)


def test_public_file_and_empty_upload(app, client, make_user, make_org):
    owner = make_user("owner2@example.org")
    org = make_org(owner, "Uni Files", kind="university")
    ds = make_dataset(owner, org, "files:public")
    commit()
    login(client, owner.email)
    assert _upload(client, ds.id).status_code == 302
    dist = db.session.execute(select(Distribution)).scalar_one()
    anon = app.test_client()
    resp = anon.get(f"/datasets/{ds.id}/distributions/{dist.id}/access")
    assert resp.status_code == 200 and resp.data == CONTENT
    api = anon.get(f"/api/v1/datasets/{ds.id}").get_json()
    assert api["distributions"][0]["download_url"].endswith(f"/distributions/{dist.id}/access")
    empty = post_form(
        client,
        f"/datasets/{ds.id}/distributions/new",
        {"format": "CSV", "file": (io.BytesIO(b""), "empty.csv")},
        content_type="multipart/form-data",
    )
    assert empty.status_code == 422
    assert db.session.execute(select(Distribution)).scalars().all() == [dist]
