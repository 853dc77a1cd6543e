"""Ask an expert: request, assign, thread, close with an outcome, figures, experts."""

from __future__ import annotations

import io

import pytest
from werkzeug.datastructures import FileStorage

from app.compliance import consultations as cs
from app.compliance import files, guidelines
from app.compliance.models import Consultation
from app.core.errors import Conflict, IllegalTransition, NotFound, PermissionDenied, ValidationError
from app.extensions import db
from tests.builders import assessment, commit, sme, user
from tests.conftest import login, post_form


def _ask(owner, org, **over):
    data = {
        "org_id": org.id,
        "topic": "ai_act",
        "subject": "Is our SaaS high-risk?",
        "body": "We classify chest CT.",
    }
    data.update(over)
    return cs.request_consultation(owner, data)


def test_full_consultation_loop_and_figures(app):
    owner, org = sme()
    a = assessment(owner, org)
    staff = user("staff@example.org", role="staff")
    c = _ask(owner, org, assessment_id=a.id)
    commit()
    assert c.status == "open" and len(c.messages) == 1
    with pytest.raises(PermissionDenied):
        cs.assign_consultation(owner, c, {})
    cs.assign_consultation(staff, c, {})
    assert (c.status, c.expert_id) == ("assigned", staff.id)
    cs.post_message(owner, c, {"body": "More details"})
    assert c.first_reply_at is None  # the requester's own messages do not count
    cs.post_message(staff, c, {"body": "Yes: Annex I via MDR Rule 11."})
    assert c.first_reply_at is not None
    with pytest.raises(ValidationError):
        cs.close_consultation(staff, c, {"outcome": ""})
    cs.close_consultation(staff, c, {"outcome": "High-risk; prepare the technical file."})
    commit()
    with pytest.raises(IllegalTransition):
        cs.close_consultation(staff, c, {"outcome": "again"})
    with pytest.raises(Conflict):
        cs.post_message(owner, c, {"body": "one more"})
    rows = {r["topic"]: r for r in cs.service_figures(staff)}
    assert rows["ai_act"]["requests"] == 1 and rows["ai_act"]["open"] == 0
    assert rows["ai_act"]["median_hours_to_first_answer"] is not None
    with pytest.raises(PermissionDenied):
        cs.service_figures(owner)


def test_visibility_and_bad_input(app):
    owner, org = sme()
    other_owner, other_org = sme("other@example.org", "Other SME")
    foreign = assessment(other_owner, other_org)
    c = _ask(owner, org)
    commit()
    with pytest.raises(NotFound):
        cs.get_consultation(other_owner, c.id)
    for over, field in [
        ({"topic": "tax"}, "topic"),
        ({"subject": ""}, "subject"),
        ({"org_id": other_org.id}, "org_id"),
        ({"assessment_id": foreign.id}, "assessment_id"),
    ]:
        with pytest.raises(ValidationError) as exc:
            _ask(owner, org, **over)
        assert exc.value.field == field
        db.session.rollback()
    assert db.session.query(Consultation).count() == 1


def test_appointed_expert_sees_the_queue(app):
    owner, org = sme()
    staff = user("staff@example.org", role="staff")
    lawyer = user("lawyer@example.org")
    c = _ask(owner, org)
    commit()
    with pytest.raises(NotFound):
        cs.get_consultation(lawyer, c.id)
    with pytest.raises(PermissionDenied):
        cs.appoint_expert(lawyer, {"email": lawyer.email})
    cs.appoint_expert(staff, {"email": "lawyer@example.org", "topics": ["gdpr"]})
    with pytest.raises(Conflict):
        cs.appoint_expert(staff, {"email": "lawyer@example.org"})
    with pytest.raises(ValidationError):
        cs.appoint_expert(staff, {"email": "nobody@example.org"})
    commit()
    assert cs.get_consultation(lawyer, c.id) is c
    cs.assign_consultation(staff, c, {"expert_id": lawyer.id})
    assert c.expert_id == lawyer.id
    with pytest.raises(ValidationError):
        cs.assign_consultation(staff, c, {"expert_id": owner.id})


def test_pages_thread_and_close(app, client):
    owner, org = sme()
    user("staff@example.org", role="staff")
    commit()
    login(client, owner.email)
    resp = post_form(
        client,
        "/compliance/consultations/new",
        {"org_id": str(org.id), "topic": "gdpr", "urgency": "high", "subject": "", "body": "Hi"},
    )
    assert resp.status_code == 422
    resp = post_form(
        client,
        "/compliance/consultations/new",
        {
            "org_id": str(org.id),
            "topic": "gdpr",
            "urgency": "high",
            "subject": "DPIA?",
            "body": "Do we need a DPIA?",
        },
    )
    assert resp.status_code == 302
    c = db.session.query(Consultation).one()
    client.post("/auth/logout", data={"csrf_token": ""})
    client2 = app.test_client()
    login(client2, "staff@example.org")
    path = f"/compliance/consultations/{c.id}"
    assert post_form(client2, f"{path}/assign", {}, token_from=path).status_code == 302
    assert (
        post_form(client2, f"{path}/messages", {"body": "Yes."}, token_from=path).status_code == 302
    )
    assert post_form(client2, f"{path}/close", {"outcome": ""}, token_from=path).status_code == 422
    assert (
        post_form(client2, f"{path}/close", {"outcome": "DPIA needed"}, token_from=path).status_code
        == 302
    )
    page = client2.get(path).get_data(as_text=True)
    assert "DPIA needed" in page and "Closed" in page
    figures = client2.get("/compliance/figures").get_data(as_text=True)
    assert "figures-table" in figures and "GDPR and privacy" in figures


def test_guideline_markdown_is_rendered_safely(app, client):
    staff = user("staff@example.org", role="staff")
    guidelines.save_guideline(
        staff,
        "ai-system",
        {
            "title_it": "Che cos'è un sistema di IA",
            "body_it": "# Titolo\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) **ok**",
        },
    )
    commit()
    body = client.get("/compliance/guidelines/ai-system?lang=it").get_data(as_text=True)
    assert "<strong>ok</strong>" in body and "<h1>Titolo</h1>" in body
    assert "<script>alert" not in body and "&lt;script&gt;alert(1)" in body
    assert 'href="javascript' not in body and "onclick" not in body
    with pytest.raises(ValidationError):
        guidelines.save_guideline(staff, "Bad Slug!", {"title_it": "x", "body_it": "y"})
    with pytest.raises(PermissionDenied):
        guidelines.save_guideline(user("x@example.org"), "ai-system", {})


def _upload(name: str, content: bytes):
    return FileStorage(stream=io.BytesIO(content), filename=name)


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_files_checked_on_their_bytes_and_only_for_viewers(app, client):
    owner, org = sme()
    c = _ask(owner, org)
    with pytest.raises(ValidationError):
        files.add_file(owner, c, _upload("notes.pdf", b"MZ\x90\x00 not a pdf"))
    with pytest.raises(ValidationError):
        files.add_file(owner, c, None)
    f = files.add_file(owner, c, _upload("../../etc/report.exe", PDF))
    commit()
    assert f.filename == "report.pdf" and f.content_type == "application/pdf"
    login(client, owner.email)
    resp = client.get(f"/compliance/consultations/{c.id}/files/{f.id}")
    assert resp.status_code == 200 and resp.data == PDF
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    other = app.test_client()
    stranger = user("stranger@example.org")
    commit()
    login(other, stranger.email)
    assert other.get(f"/compliance/consultations/{c.id}/files/{f.id}").status_code == 404
    page = f"/compliance/consultations/{c.id}"
    resp = post_form(
        client,
        f"{page}/files",
        {"file": (io.BytesIO(b"\x00\x01binary"), "x.bin")},
        token_from=page,
        content_type="multipart/form-data",
    )
    assert resp.status_code == 422 and "checked on the content" in resp.get_data(as_text=True)
