"""The Region's services suggested to an organisation responding to a challenge: courses
(profile + challenge text), helpdesk guidelines and computing resources (challenge + response
text), pages and API, real model and matcher; and the API of the two other suggestion lists."""

from __future__ import annotations

from types import SimpleNamespace

from app.challenges import responses, services, workflow
from app.compliance import guidelines
from app.compute import resources
from app.orgs import services as orgs
from tests.builders import commit, published_course, user, verified_provider
from tests.conftest import login


def _world():
    w = SimpleNamespace()
    w.staff = user("staff@region.example", role="staff")
    w.provider_owner, w.provider = verified_provider()
    published_course(
        w.provider_owner,
        w.provider,
        title="Clinical validation of diagnostic biosensors",
        summary="Designing the clinical performance study of an in-vitro diagnostic sensor",
        description="Sepsis markers, point-of-care testing, IVDR performance evaluation.",
    )
    published_course(
        w.provider_owner,
        w.provider,
        title="Social media for museums",
        summary="Instagram campaigns for art exhibitions",
        description="Photography, hashtags and visitor engagement.",
        topic="data_sharing",
    )
    guidelines.save_guideline(
        w.staff,
        "ivdr-performance",
        {
            "title_it": "Dispositivi diagnostici in vitro: valutazione delle prestazioni",
            "title_en": "In-vitro diagnostic devices: performance evaluation",
            "body_it": "Regolamento IVDR.",
            "body_en": "How a diagnostic test for blood markers proves its clinical "
            "performance under the IVDR before the notified body.",
        },
    )
    guidelines.save_guideline(
        w.staff,
        "cookies",
        {
            "title_it": "Cookie del sito",
            "title_en": "Website cookies",
            "body_it": "Banner.",
            "body_en": "Cookie banners and analytics trackers on a company's marketing website.",
        },
    )
    w.secure = resources.create_resource(
        w.staff,
        {
            "name": "Secure hospital data environment",
            "kind": "secure_environment",
            "provider_name": "Demo consortium",
            "description": "Trusted research environment where pseudonymised hospital patient "
            "records and laboratory results are analysed to train clinical prediction models.",
            "gpu_hours_per_quarter": 800,
            "location": "italy",
            "restricted_data_ok": True,
        },
    )
    resources.create_resource(
        w.staff,
        {
            "name": "Web-scale language model farm",
            "kind": "gpu_cluster",
            "provider_name": "Demo consortium",
            "description": "Thousands of GPUs for pre-training chatbots on public web text.",
            "gpu_hours_per_quarter": 5000,
            "location": "eu",
        },
    )
    w.poster = user("poster@pharma.example")
    w.company = orgs.create_org(w.poster, {"name": "Pharma Co", "kind": "company"})
    w.solver = user("solver@sensy.example")
    w.startup = orgs.create_org(
        w.solver,
        {
            "name": "Sensy",
            "kind": "startup",
            "description": "Microfluidic biosensors that detect sepsis markers in blood at the "
            "point of care.",
        },
    )
    w.rival = user("rival@other.example")
    orgs.create_org(w.rival, {"name": "Rival Lab", "kind": "university"})
    challenge = services.create_challenge(
        w.poster,
        {
            "org_id": w.company.id,
            "title": "Rapid sepsis detection in the emergency room",
            "description": "A point-of-care blood test for sepsis markers, with a prediction "
            "model trained on pseudonymised hospital patient records and laboratory results.",
            "area": "diagnostics",
            "deadline": "2030-01-01T12:00",
            "visibility": "public",
        },
    )
    workflow.transition_challenge(w.poster, challenge, "submit")
    workflow.transition_challenge(w.staff, challenge, "approve")
    w.response = responses.submit_response(
        w.solver,
        challenge,
        {
            "summary": "Our microfluidic sensor measures procalcitonin in five minutes.",
            "approach": "Clinical performance study and a risk model on hospital records.",
        },
    )
    commit()
    return w


def _client(app, u):
    c = app.test_client()
    assert login(c, u.email).status_code == 302
    return c


def test_services_for_a_challenge_response_pages_and_api(app):
    w = _world()
    rid = w.response.id
    solver = _client(app, w.solver)
    got = solver.get(f"/api/v1/training/services/responses/{rid}")
    assert got.status_code == 200, got.get_json()
    data = got.get_json()
    assert data["response"]["org"] == "sensy"
    assert data["courses"][0]["title"] == "Clinical validation of diagnostic biosensors"
    assert "Social media for museums" not in [c["title"] for c in data["courses"]]
    assert data["guidelines"][0]["slug"] == "ivdr-performance"
    assert data["resources"][0]["id"] == w.secure.id
    for item in data["courses"] + data["guidelines"] + data["resources"]:
        assert 0 < item["score"] <= 1
    page = solver.get(f"/training/services/responses/{rid}?lang=en").get_data(as_text=True)
    assert 'id="suggested-courses"' in page and "Secure hospital data environment" in page
    assert "In-vitro diagnostic devices: performance evaluation" in page
    page_it = solver.get(f"/training/services/responses/{rid}?lang=it").get_data(as_text=True)
    assert "Servizi per la vostra risposta" in page_it
    assert "Dispositivi diagnostici in vitro" in page_it
    # The response page links to it for the responding organisation only.
    path = f"/challenges/{w.response.challenge_id}/responses/{rid}"
    assert 'id="response-services"' in solver.get(path).get_data(as_text=True)
    poster = _client(app, w.poster)
    assert 'id="response-services"' not in poster.get(path).get_data(as_text=True)
    # The poster and staff may read the response, not its suggestions: 403; others 404.
    for u, status in ((w.poster, 403), (w.staff, 403), (w.rival, 404)):
        c = _client(app, u)
        assert c.get(f"/training/services/responses/{rid}").status_code == status
        assert c.get(f"/api/v1/training/services/responses/{rid}").status_code == status
    assert solver.get("/api/v1/training/services/responses/999999").status_code == 404
    anon = app.test_client()
    assert anon.get(f"/api/v1/training/services/responses/{rid}").status_code == 401


def test_course_and_resource_suggestion_lists_in_the_api(app):
    w = _world()
    solver = _client(app, w.solver)
    got = solver.get("/api/v1/training/suggestions").get_json()
    assert got["org"]["slug"] == "sensy"
    assert got["courses"][0]["title"] == "Clinical validation of diagnostic biosensors"
    same = solver.get("/api/v1/training/suggestions?org=sensy").get_json()
    assert same == got
    assert solver.get("/api/v1/training/suggestions?org=pharma-co").status_code == 403
    assert solver.get("/api/v1/training/suggestions?org=no-such-org").status_code == 404
    nobody_user = user("nobody@example.org")
    commit()
    nobody = _client(app, nobody_user)
    assert nobody.get("/api/v1/training/suggestions").status_code == 403
    # No funded project: an empty list (the page says so too).
    assert solver.get("/api/v1/compute/suggestions").get_json() == []
    assert app.test_client().get("/api/v1/compute/suggestions").status_code == 401
