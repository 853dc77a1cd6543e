"""Browser journey: an SME completes the self-assessment for a diagnostic imaging SaaS and
reads its obligations; the questions that do not apply stay hidden."""

from __future__ import annotations

import pytest

from app.auth import services as auth
from app.extensions import db
from app.orgs import services as orgs
from tests.browser_support import browser, live_app, live_server, page  # noqa: F401
from tests.builders import IMAGING_SAAS
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def sme(live_app):  # noqa: F811
    with live_app.app_context():
        owner = auth.register_user(
            {"email": "sme@example.org", "name": "SME Owner", "password": PASSWORD}
        )
        orgs.create_org(owner, {"name": "Imaging SaaS Srl", "kind": "startup"})
        db.session.commit()


def test_imaging_saas_self_assessment(page, live_server, sme):  # noqa: F811
    base = live_server
    page.set_default_timeout(20000)
    page.goto(f"{base}/auth/login?lang=en")
    page.fill("#email", "sme@example.org")
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/my")  # login lands on the personal area
    page.goto(f"{base}/compliance/assess")
    assert page.is_hidden("#question-rule11")  # only once a medical purpose is declared
    page.fill("#product", "Lung CT triage SaaS")
    for qid, value in IMAGING_SAAS.items():
        page.click(f"label[for=q_{qid}_{value}]")
    assert page.is_visible("#question-rule11")
    page.click("#assess-submit")
    page.wait_for_url("**/compliance/assessments/*")
    text = page.inner_text("#obligations")
    assert "High-risk AI system" in text and "2 Aug 2027" in text
    assert "Data protection impact assessment" in text
    assert "Technical documentation" in page.inner_text("#prepare")
    assert "guidance, not legal advice" in page.content()
