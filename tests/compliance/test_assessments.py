"""Assessments saved per organisation and versioned; result page, PDF and JSON exports."""

from __future__ import annotations

import json
import re
import zlib

import pytest

from app.compliance import services
from app.compliance.models import Assessment
from app.core.errors import NotFound, PermissionDenied, ValidationError
from app.extensions import db
from tests.a11y import assert_error_tied
from tests.builders import IMAGING_SAAS, assessment, commit, sme, user
from tests.conftest import csrf_token, login, post_form


def test_versions_per_product_and_visibility(app):
    owner, org = sme()
    a1 = assessment(owner, org)
    a2 = assessment(owner, org)
    other = assessment(owner, org, product="Another product")
    commit()
    assert (a1.version, a2.version, other.version) == (1, 2, 1)
    assert a1.rules_version == services.rs.load_rules()["version"]
    stranger = user("stranger@example.org")
    with pytest.raises(NotFound):
        services.get_assessment(stranger, a1.id)
    staff = user("expert@example.org", role="staff")
    assert services.get_assessment(staff, a1.id) is a1
    with pytest.raises(PermissionDenied):
        services.run_assessment(stranger, {"org_id": org.id, "product": "x", "answers": {}})


def test_bad_input_writes_nothing(app):
    owner, org = sme()
    commit()
    for data, field in [
        ({"org_id": org.id, "product": "", "answers": IMAGING_SAAS}, "product"),
        ({"org_id": 99999, "product": "p", "answers": IMAGING_SAAS}, "org_id"),
        ({"org_id": org.id, "product": "p", "answers": "yes"}, "answers"),
        ({"org_id": org.id, "product": "p", "answers": {"is_ai": "yes"}}, "prohibited"),
    ]:
        with pytest.raises(ValidationError) as exc:
            services.run_assessment(owner, data)
        assert exc.value.field == field
        db.session.rollback()
    assert db.session.query(Assessment).count() == 0


def test_self_assessment_journey_through_the_pages(app, client):
    owner, org = sme()
    commit()
    login(client, owner.email)
    form = {f"q_{k}": v for k, v in IMAGING_SAAS.items()}
    form.update(org_id=str(org.id), product="Imaging SaaS")
    missing = dict(form)
    missing.pop("q_rule11")
    resp = post_form(client, "/compliance/assess", missing)
    assert resp.status_code == 422
    html = resp.get_data(as_text=True)
    assert "rule11: answer this question." in html
    # The summary links to the question's first choice, which is tied to the error text.
    first_choice = re.search(r'id="(q_rule11_[^"]+)"', html).group(1)
    assert_error_tied(html, first_choice, error_id="q_rule11-err")
    resp = post_form(client, "/compliance/assess", form)
    assert resp.status_code == 302
    page = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert "High-risk AI system (part of a medical device that needs a notified body)" in page
    # Dates as the reader writes them (they were ISO in both languages: page walk).
    assert "2 Aug 2027" in page and "2027-08-02" not in page
    assert "Data protection impact assessment (DPIA)" in page
    assert "guidance, not legal advice" in page
    a = db.session.query(Assessment).one()
    pdf = client.get(f"/compliance/assessments/{a.id}.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    # The PDF's text: dates in the reader's format and obligations by title (the timeline
    # listed stored ids such as "high_risk_annex_i" beside ISO dates).
    text = b"".join(
        zlib.decompress(m) for m in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf.data, re.S)
    )
    assert b"2 Aug 2027" in text and b"2027-08-02" not in text and b"high_risk_annex_i" not in text
    exported = json.loads(client.get(f"/compliance/assessments/{a.id}.json").data)
    assert [o["id"] for o in exported["obligations"]][:2] == ["ai_literacy", "high_risk_annex_i"]
    assert exported["rules_version"] and exported["disclaimer"]
    it = client.get(f"/compliance/assessments/{a.id}?lang=it").get_data(as_text=True)
    assert "Sistema di IA ad alto rischio" in it and "non una consulenza legale" in it
    assert 'id="ask-expert"' in it and "2 ago 2027" in it and "2027-08-02" not in it
    # Staff read the result but ask no question (that is done for an organisation): no link
    # to the consultation form, which would answer 403 (page walk).
    user("reader@example.org", role="staff")
    commit()
    staff = app.test_client()
    login(staff, "reader@example.org")
    seen = staff.get(f"/compliance/assessments/{a.id}?lang=it")
    assert seen.status_code == 200 and 'id="ask-expert"' not in seen.get_data(as_text=True)


def test_api_assessment_names_the_question(app, client):
    owner, org = sme()
    commit()
    login(client, owner.email)
    h = {"X-CSRFToken": csrf_token(client)}
    r = client.post(
        "/api/v1/compliance/assessments",
        json={"org_id": org.id, "product": "p", "answers": {"is_ai": "perhaps"}},
        headers=h,
    )
    assert r.status_code == 422 and list(r.get_json()["errors"]) == ["is_ai"]
    r = client.post(
        "/api/v1/compliance/assessments",
        json={"org_id": org.id, "product": "p", "answers": IMAGING_SAAS},
        headers=h,
    )
    assert r.status_code == 201
    full = client.get(f"/api/v1/compliance/assessments/{r.get_json()['id']}?lang=en").get_json()
    assert "high_risk_annex_i" in [o["id"] for o in full["obligations"]]
    assert client.get("/api/v1/compliance/rules").get_json()["version"]
