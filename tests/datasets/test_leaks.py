"""Leak sweep: every page, export and API answer, as every role, never shows a restricted URL."""

from __future__ import annotations

import itertools

import pytest
from flask import url_for

from app.datasets import access
from app.extensions import db
from tests.authz import ROLES
from tests.builders import approve
from tests.conftest import csrf_token, login
from tests.datasets.authz import build
from tests.world import build_world

EXTRA = [
    "/datasets?access_rights=restricted",
    "/datasets?q=vault",
    "/datasets?format=CSV",
    "/datasets?q=secret",
    "/datasets?sort=modified&per_page=1&page=2",
    "/api/v1/datasets?access_rights=restricted",
    "/api/v1/datasets/facets?q=matrix",
    "/api/v1/datasets?q=vault",
    "/catalog.ttl?page=2",
    "/api/openapi.json",
    "/api/docs",
    "/datasets/999999",
    "/api/v1/datasets/999999",
    "/access-requests/999999",
]


def _urls(app, w) -> list[str]:
    """Every GET route we can fill in with the world's objects (all packages)."""
    values = {
        "dataset_id": [w.ds_public.id, w.ds_restricted.id],
        "dist_id": [w.dist_public.id, w.dist_restricted.id],
        "request_id": [w.draft_request.id, w.sent_request.id, w.sent_request2.id],
        "step": [1, 2, 3, 4],
        "fmt": ["ttl", "rdf", "jsonld"],
        "slug": [w.org.slug],
        "org": [w.org.slug],
    }
    out = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods or rule.endpoint == "static":
                continue
            if rule.endpoint in ("auth.logout",):
                continue
            names = sorted(rule.arguments)
            if any(n not in values for n in names):
                continue
            for combo in itertools.product(*(values[n] for n in names)):
                try:
                    out.append(url_for(rule.endpoint, **dict(zip(names, combo, strict=True))))
                except Exception:  # noqa: BLE001 - a converter refused the value
                    continue
    return sorted(set(out)) + EXTRA


@pytest.mark.parametrize("role", ROLES)
def test_no_restricted_url_anywhere(app, role):
    w = build_world()
    build(w)
    approve(w.users["owner"], w.sent_request)  # 'other' holds an active approval
    db.session.commit()
    secret = w.restricted_url
    token = secret.split("secret-")[1].split("/")[0]
    client = app.test_client()
    if role != "anonymous":
        assert login(client, w.users[role].email).status_code == 302
    checked, leaks = 0, []
    own_access = f"/datasets/{w.ds_restricted.id}/distributions/{w.dist_restricted.id}/access"
    for url in _urls(app, w):
        if role == "other" and url == own_access:
            continue  # the approved user's legitimate opening (tested in test_access)
        try:
            resp = client.get(url)
        except Exception:  # noqa: BLE001 - another package's page failing is not a leak
            db.session.rollback()
            continue
        db.session.rollback()
        # Binary answers (the favicon) are read byte for byte, not as UTF-8.
        body = resp.get_data().decode("utf-8", errors="replace")
        text = body + "\n".join(f"{k}: {v}" for k, v in resp.headers.items())
        checked += 1
        if token in text:
            leaks.append(f"{url} ({resp.status_code})")
    # bad input whose error message could echo a URL
    if role in ("owner", "staff"):
        csrf = csrf_token(client, "/")
        resp = client.post(
            f"/datasets/{w.ds_restricted.id}/distributions/new",
            data={
                "csrf_token": csrf,
                "format": "CSV",
                "download_url": secret + " x",
                "checksum": "bad",
            },
        )
        assert resp.status_code == 422
        if token in resp.get_data(as_text=True):
            leaks.append("distribution form error")
        resp = client.post(
            f"/api/v1/datasets/{w.ds_restricted.id}/distributions",
            json={"format": "CSV", "download_url": secret + " x"},
            headers={"X-CSRFToken": csrf},
        )
        assert resp.status_code == 422
        if token in resp.get_data(as_text=True):
            leaks.append("distribution API error")
    assert checked > 40
    assert leaks == [], f"restricted URL leaked as {role}: {leaks}"
    if role == "other":
        resp = client.get(own_access)
        assert resp.status_code == 302 and resp.headers["Location"] == secret
    elif role != "anonymous":
        assert access.active_approval(w.users[role], w.ds_restricted) is None
