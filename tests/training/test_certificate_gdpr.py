"""Certificate of attendance and the GDPR export parts of the three services."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.account.privacy import export_personal_data
from app.compliance import gdpr as compliance_gdpr
from app.compute import gdpr as compute_gdpr
from app.core.db import utcnow
from app.core.errors import Conflict
from app.training import gdpr as training_gdpr
from app.training import registrations as regs
from app.training.certificate import certificate_pdf
from tests.builders import assessment, commit, published_course, sme, user, verified_provider
from tests.builders import compute_draft as draft
from tests.builders import compute_world as world
from tests.conftest import login


def test_certificate_only_after_attendance(app, client):
    owner, org = verified_provider()
    course = published_course(owner, org, title="Corso “IA” – base")
    learner = user("learner@example.org")
    reg = regs.register_course(learner, course)
    with pytest.raises(Conflict):
        certificate_pdf(learner, reg)
    course.starts_at = utcnow() - timedelta(hours=1)
    regs.mark_attendance(owner, reg, True)
    commit()
    assert certificate_pdf(learner, reg).startswith(b"%PDF")
    login(client, learner.email)
    resp = client.get(f"/training/registrations/{reg.id}/certificate.pdf")
    assert resp.status_code == 200 and resp.mimetype == "application/pdf"
    stranger = user("stranger@example.org")
    commit()
    other = app.test_client()
    login(other, stranger.email)
    assert other.get(f"/training/registrations/{reg.id}/certificate.pdf").status_code == 404


def test_gdpr_export_parts(app):
    owner, org = verified_provider("teacher@example.org")
    course = published_course(owner, org)
    sme_owner, sme_org = sme()
    regs.register_course(sme_owner, course)
    assessment(sme_owner, sme_org)
    _staff, _p, _secure, gpu, requester, rorg = world()
    draft(requester, gpu, rorg)
    commit()
    assert training_gdpr.export_for(sme_owner)["training_registrations"][0]["status"] == "confirmed"
    assert compliance_gdpr.export_for(sme_owner)["compliance_assessments"][0]["version"] == 1
    assert compute_gdpr.export_for(requester)["compute_requests"][0]["gpu_hours"] == 400
    assert compute_gdpr.export_for(sme_owner) == {"compute_requests": []}


def test_account_export_includes_the_three_parts(app):
    owner, org = verified_provider("teacher2@example.org")
    course = published_course(owner, org)
    learner = user("learner2@example.org")
    regs.register_course(learner, course)
    commit()
    data = export_personal_data(learner)
    assert data["training"]["training_registrations"][0]["course_id"] == course.id
    assert data["compliance"] == {
        "compliance_assessments": [],
        "compliance_consultations": [],
        "compliance_messages": [],
    }
    assert data["compute"] == {"compute_requests": []}
