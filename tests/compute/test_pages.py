"""Compute pages and API through the HTTP client: request linked to an approval, the provider
approves; the staff dashboard and its CSV; bad input; Italian and English."""

from __future__ import annotations

import re

from app.compute import requests as compute_requests
from app.compute.demo import seed_demo
from app.compute.models import ComputeRequest
from app.extensions import db
from tests.builders import approved_access, commit, user
from tests.builders import compute_draft as draft
from tests.builders import compute_request_data as request_data
from tests.builders import compute_world as world
from tests.conftest import csrf_token, login, post_form
from tests.core.test_i18n import _english_msgids, _visible_texts


def test_request_linked_to_approval_and_provider_approves(app):
    staff, provider, secure, _gpu, requester, org = world()
    approval = approved_access(requester)
    commit()
    client = app.test_client()
    login(client, requester.email)
    new = f"/compute/resources/{secure.id}/request"
    form = request_data(org, needs_restricted_data="y", access_request_id=str(approval.id))
    form["gpu_hours"] = ""
    assert post_form(client, new, form).status_code == 422
    form["gpu_hours"] = "250"
    resp = post_form(client, new, form)
    assert resp.status_code == 302
    req = db.session.query(ComputeRequest).one()
    page = f"/compute/requests/{req.id}"
    assert post_form(client, f"{page}/submit", {}, token_from=page).status_code == 302
    body = client.get(page).get_data(as_text=True)
    assert "Submitted" in body and f"#{approval.id}" in body
    boss = app.test_client()
    login(boss, provider.email)
    assert f"/compute/requests/{req.id}" in boss.get("/compute/requests").get_data(as_text=True)
    bad = post_form(boss, f"{page}/decide", {"action": "reject", "reason": ""}, token_from=page)
    assert bad.status_code == 422
    ok = post_form(
        boss, f"{page}/decide", {"action": "approve", "allocated_hours": "200"}, token_from=page
    )
    assert ok.status_code == 302
    again = post_form(boss, f"{page}/decide", {"action": "approve"}, token_from=page)
    assert again.status_code == 409
    db.session.expire_all()
    assert db.session.get(ComputeRequest, req.id).status == "approved"


def test_api_transitions_and_dashboard(app):
    staff, provider, _secure, gpu, requester, org = world()
    commit()
    client = app.test_client()
    login(client, requester.email)
    h = {"X-CSRFToken": csrf_token(client)}
    bad = client.post(
        "/api/v1/compute/requests",
        json={**request_data(org), "resource_id": gpu.id, "gpu_hours": -5},
        headers=h,
    )
    assert bad.status_code == 422 and list(bad.get_json()["errors"]) == ["gpu_hours"]
    r = client.post(
        "/api/v1/compute/requests", json={**request_data(org), "resource_id": gpu.id}, headers=h
    )
    assert r.status_code == 201
    rid = r.get_json()["id"]
    url = f"/api/v1/compute/requests/{rid}/transitions"
    assert client.post(url, json={"action": "approve"}, headers=h).status_code == 403
    assert client.post(url, json={"action": "submit"}, headers=h).status_code == 200
    assert client.post(url, json={"action": "submit"}, headers=h).status_code == 409
    assert client.get("/api/v1/compute/dashboard").status_code == 403
    boss = app.test_client()
    login(boss, staff.email)
    hb = {"X-CSRFToken": csrf_token(boss)}
    assert boss.post(url, json={"action": "bogus"}, headers=hb).status_code == 422
    assert boss.post(url, json={"action": "approve"}, headers=hb).status_code == 200
    rows = boss.get("/api/v1/compute/dashboard").get_json()["rows"]
    assert rows and rows[0]["granted"] == 400 and rows[0]["capacity"] == 500
    csv = boss.get("/compute/dashboard.csv")
    assert csv.mimetype == "text/csv" and "Nodi GPU Alfa" in csv.get_data(as_text=True)
    # Headers in the reader's language (issue 15 item 7), like the table on the page.
    first = boss.get("/compute/dashboard.csv?lang=it").get_data(as_text=True)
    first = first.lstrip("\ufeff").splitlines()[0]
    assert first.startswith("Trimestre;Risorsa;Capacità;") and first.endswith("Oltre la capacità")
    first_en = boss.get("/compute/dashboard.csv?lang=en&dialect=intl").get_data(as_text=True)
    assert first_en.lstrip("\ufeff").startswith("Quarter,Resource,Capacity,Pending,Granted,")
    page = boss.get("/compute/dashboard?lang=it").get_data(as_text=True)
    assert "demand-table" in page and "Capacità" in page
    # Quarters as the reader writes them ("T1 2027", not the key "2027-Q1"; page walk).
    key = rows[0]["quarter"]
    year, number = key.split("-Q")
    assert f"T{number} {year}</td>" in page and f">{key}</td>" not in page


def test_catalogue_in_both_languages_and_demo(app, client):
    world()
    stats = seed_demo()
    commit()
    assert stats["demo_resources"] == 3 and seed_demo()["demo_resources"] == 0
    it = client.get("/compute?lang=it").get_data(as_text=True)
    assert "Risorse di calcolo condivise" in it and "(demo)" in it
    english = {e for e in _english_msgids() if len(e.split()) >= 2}
    texts = _visible_texts(it)
    assert not {e for e in english for t in texts if e == t or (len(e.split()) >= 3 and e in t)}
    en = client.get("/compute?kind=secure_environment&lang=en").get_data(as_text=True)
    assert "Shared computing resources" in en and "Secure environment" in en
    assert "Nodi GPU Alfa</a>" not in en
    # Capacities in the reader's number format (English showed "40.000 GPU-hours").
    en_all = client.get("/compute?lang=en").get_data(as_text=True)
    assert "40,000 GPU-hours per quarter" in en_all and "40.000 GPU" not in en_all
    assert "40.000" in it and "40,000" not in it
    assert client.get("/compute/resources/999999").status_code == 404


def test_requester_cannot_decide_or_see_others_drafts(app):
    _staff, _provider, _secure, gpu, requester, org = world()
    req = draft(requester, gpu, org)
    commit()
    other = app.test_client()
    user("nosy@example.org")
    commit()
    login(other, "nosy@example.org")
    assert other.get(f"/compute/requests/{req.id}").status_code == 404


def _error_of(html: str, field: str) -> str:
    """The text of the error message tied to a field (aria-describedby's target)."""
    m = re.search(rf'id="{field}-err"[^>]*>(.*?)</div>', html, re.S)
    assert m, f"no error shown for {field}"
    return re.sub(r"<[^>]+>", "", m.group(1))


def test_number_fields_say_what_is_wrong_in_the_reader_format(app):
    """'dieci' in GPU-hours said 'this field is required'; '-5' said 'between 1 and
    100000000' (not the Italian format); a month 'novembre' was not flagged."""
    staff, _provider, _secure, gpu, requester, org = world()
    req = draft(requester, gpu, org)
    compute_requests.submit_request(requester, req)
    compute_requests.decide_request(staff, req, "approve", {"allocated_hours": 300})
    compute_requests.decide_request(staff, req, "activate", {})
    commit()
    client = app.test_client()
    login(client, requester.email)
    new = f"/compute/resources/{gpu.id}/request?lang=it"
    resp = post_form(client, new, request_data(org, gpu_hours="dieci"))
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422 and "dieci non è un numero intero" in html
    assert "obbligatorio" not in _error_of(html, "gpu_hours")
    html = post_form(client, new, request_data(org, gpu_hours="-5")).get_data(as_text=True)
    assert "compreso tra 1 e 100.000.000" in _error_of(html, "gpu_hours")
    html = post_form(
        client, f"/compute/resources/{gpu.id}/request?lang=en", request_data(org, gpu_hours="-5")
    ).get_data(as_text=True)
    assert "between 1 and 100,000,000" in _error_of(html, "gpu_hours")
    boss = app.test_client()
    login(boss, staff.email)
    page = f"/compute/requests/{req.id}"
    resp = post_form(
        boss,
        f"{page}/usage?lang=it",
        {"period": "novembre", "hours_used": "molte"},
        token_from=page,
    )
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert "molte non è un numero intero" in _error_of(html, "hours_used")
    assert "AAAA-MM" in _error_of(html, "period")
