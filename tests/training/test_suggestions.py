"""Courses suggested to an organisation from its profile (real model, real matcher)."""

from __future__ import annotations

import pytest

from app.core.errors import PermissionDenied
from app.orgs import services as orgs
from app.training.suggestions import suggest_courses
from tests.builders import commit, published_course, user, verified_provider
from tests.conftest import login


def test_imaging_startup_gets_the_imaging_course_first(app, client):
    owner, provider = verified_provider()
    published_course(
        owner,
        provider,
        title="Deep learning for radiology images",
        summary="Convolutional networks that detect lung nodules in chest CT scans",
        description="Segmentation and classification of medical imaging with PyTorch.",
    )
    published_course(
        owner,
        provider,
        title="Privacy notices for pharmacies",
        summary="How a community pharmacy writes its GDPR information notice",
        description="Consent forms, records of processing and retention periods.",
        topic="data_protection",
    )
    founder = user("founder@example.org")
    startup = orgs.create_org(
        founder,
        {
            "name": "Nodulo AI",
            "kind": "startup",
            "description": "Artificial intelligence that finds lung nodules in CT images for "
            "radiologists; deep learning segmentation of chest scans.",
        },
    )
    commit()
    got = suggest_courses(founder, startup)
    assert got and got[0].course.title == "Deep learning for radiology images"
    assert all(0 <= s.score <= 1 for s in got)
    with pytest.raises(PermissionDenied):
        suggest_courses(user("stranger@example.org"), startup)
    commit()  # building the matcher stores the profile vectors: end the unit of work
    login(client, founder.email)
    page = client.get("/training?lang=en").get_data(as_text=True)
    assert 'id="suggested"' in page and "Suggested for Nodulo AI" in page
