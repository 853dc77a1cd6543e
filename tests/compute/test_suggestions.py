"""Resources suggested for a funded project from its text (real model)."""

from __future__ import annotations

from app.compute import resources
from app.compute.suggestions import suggest_for_text
from app.projects import calls
from app.projects import services as projects
from tests.builders import commit
from tests.builders import compute_world as world
from tests.conftest import login


def test_secure_environment_fits_a_project_on_restricted_patient_records(app, client):
    staff, _provider, secure, gpu, requester, org = world()
    resources.update_resource(
        staff,
        secure,
        {
            "description": "Trusted research environment where pseudonymised hospital patient "
            "records are analysed without leaving the secure enclave."
        },
    )
    resources.update_resource(
        staff,
        gpu,
        {"description": "Cloud GPUs for training large language models on public web text."},
    )
    call = calls.create_call(
        staff, {"programme": "POR FESR", "code": "C-16", "title": "AI call", "budget": "100000"}
    )
    projects.create_project(
        staff,
        {
            "call_id": call.id,
            "acronym": "SAFE",
            "title": "Readmission risk from pseudonymised hospital records",
            "abstract": "Analysis of patient records of three hospitals in a secure environment.",
            "lead": org.slug,
            "total_cost": "1000",
            "grant_amount": "500",
            "start_date": "2026-01-01",
            "end_date": "2027-12-31",
            "partners": [{"org": org.slug, "role": "coordinator"}],
        },
    )
    commit()
    got = suggest_for_text("Readmission risk from pseudonymised hospital patient records")
    assert got and got[0].resource.id == secure.id
    assert suggest_for_text("") == []
    login(client, requester.email)
    page = client.get("/compute/suggestions?lang=en").get_data(as_text=True)
    assert "SAFE" in page and "Secure environment" in page
