"""The profile page: content, members and e-mails by role, funded projects, completeness."""

from __future__ import annotations

from datetime import date

import pytest

from app.extensions import db
from app.orgs.models import Membership
from app.projects.models import FundedProject, FundingCall, ProjectPartner
from tests.auth.helpers import english, text_of
from tests.conftest import login

FULL = {
    "description": "We build biosensors for early sepsis detection.",
    "competences": ["microfluidics", "electrochemistry"],
    "offers": "Prototype sensors and lab validation.",
    "seeks": "A hospital partner for a clinical study.",
    "areas": ["diagnostics", "medical_devices"],
    "trl_min": 3,
    "trl_max": 6,
    "province": "MI",
    "city": "Milano",
    "website": "https://sepsis-sense.example",
    "founded": 2019,
    "size_band": "micro",
}


@pytest.fixture
def people(make_user):
    """Owner, member, an outsider, staff."""
    return {
        "owner": make_user("owner@example.org", name="Olga Owner"),
        "member": make_user("member@example.org", name="Mario Member"),
        "outsider": make_user("outsider@example.org", name="Otto Outsider"),
        "staff": make_user("staff@example.org", name="Stella Staff", role="staff"),
    }


@pytest.fixture
def org(people, make_org):
    org = make_org(people["owner"], "SepsisSense", "startup", **FULL)
    db.session.add(Membership(user_id=people["member"].id, org_id=org.id, role="member"))
    db.session.commit()
    return org


def _page(client, org, user=None):
    if user is not None:
        assert login(client, user.email).status_code == 302
    english(client)
    resp = client.get(f"/orgs/{org.slug}")
    assert resp.status_code == 200
    return text_of(resp)


def test_profile_shows_the_profile(client, org):
    body = _page(client, org)
    assert "SepsisSense" in body
    assert FULL["description"] in body
    assert "microfluidics" in body and "electrochemistry" in body
    assert FULL["offers"] in body and FULL["seeks"] in body
    assert "Diagnostics" in body and "Medical devices" in body
    assert "3–6" in body  # TRL range
    assert 'href="https://sepsis-sense.example"' in body
    assert "Milano" in body and "(MI)" in body
    assert "Start-up" in body
    assert "2019" in body and "Micro (<10)" in body


def test_profile_escapes_html(client, make_user, make_org):
    org = make_org(
        make_user("x@example.org"),
        "Evil <b>Corp</b>",
        "company",
        description='<script>alert("x")</script>',
    )
    resp = client.get(f"/orgs/{org.slug}")
    raw = resp.get_data(as_text=True)
    assert "<script>alert" not in raw and "&lt;script&gt;" in raw
    assert "Evil <b>Corp</b>" not in raw


def test_unknown_profile_is_404(client):
    english(client)
    resp = client.get("/orgs/no-such-org")
    assert resp.status_code == 404
    assert "Not found" in text_of(resp)


# --- members and e-mails by role --------------------------------------------------------------


def test_anonymous_sees_no_members(client, org, people):
    body = _page(client, org)
    assert "Olga Owner" not in body and "Mario Member" not in body
    assert "owner@example.org" not in body
    assert "Log in to see the members." in body


def test_logged_in_outsider_sees_names_not_emails(client, org, people):
    body = _page(client, org, people["outsider"])
    assert "Olga Owner" in body and "Mario Member" in body
    assert "owner@example.org" not in body and "member@example.org" not in body


@pytest.mark.parametrize("who", ["member", "owner", "staff"])
def test_members_and_staff_see_emails(client, org, people, who):
    body = _page(client, org, people[who])
    assert "owner@example.org" in body and "member@example.org" in body


# --- funded projects --------------------------------------------------------------------------


def test_funded_projects_section(client, org):
    call = FundingCall(programme="Horizon 2020", code="H2020-SC1-TEST", title="Health call")
    db.session.add(call)
    db.session.flush()
    project = FundedProject(
        call_id=call.id,
        acronym="SEPSIS-AI",
        title="Early sepsis with AI",
        start_date=date(2020, 1, 1),
    )
    db.session.add(project)
    db.session.flush()
    db.session.add(ProjectPartner(project_id=project.id, org_id=org.id, role="coordinator"))
    db.session.commit()
    body = _page(client, org)
    assert "Funded projects" in body
    assert "SEPSIS-AI" in body and "Early sepsis with AI" in body
    # The role and the start as words, not the stored code and ISO date (page walk).
    assert "Horizon 2020" in body and "<td>Coordinator</td>" in body and ">coordinator<" not in body
    assert "1 Jan 2020" in body and "2020-01-01" not in body
    assert "No funded project recorded yet." not in body


def test_no_funded_projects_reads_well(client, org):
    body = _page(client, org)
    assert "No funded project recorded yet." in body


# --- completeness indicator -------------------------------------------------------------------


def test_owner_sees_completeness_with_missing_fields(client, people, make_org):
    org = make_org(people["owner"], "Half Done", "startup", description="Something", city="Como")
    body = _page(client, org, people["owner"])
    assert "Profile completeness" in body
    assert "18%" in body  # 2 of 11 fields
    missing = body.split("Missing:", 1)[1].split("</p>", 1)[0]
    for label in (
        "Competences",
        "What we offer",
        "What we seek",
        "Application areas",
        "TRL range",
        "Province",
        "Website",
        "Founded",
        "Size",
    ):
        assert label in missing
    assert "City" not in missing and "Description" not in missing


def test_complete_profile_shows_100_and_nothing_missing(client, org, people):
    body = _page(client, org, people["owner"])
    assert "Profile completeness: 100%" in body
    assert "Missing:" not in body


@pytest.mark.parametrize("who", [None, "member", "outsider"])
def test_completeness_is_for_owners_only(client, org, people, who):
    body = _page(client, org, people[who] if who else None)
    assert "Profile completeness" not in body
    assert f"/orgs/{org.slug}/edit" not in body


def test_edit_form_escapes_the_option_labels(client, org, people):
    """'Micro (<10)' is text inside <option>, not the start of a tag (issue 14)."""
    assert login(client, people["owner"].email).status_code == 302
    english(client)
    html = client.get(f"/orgs/{org.slug}/edit").get_data(as_text=True)
    assert "Micro (&lt;10)</option>" in html
    assert "Micro (<10)" not in html
    client.get("/?lang=it")
    html = client.get(f"/orgs/{org.slug}/edit", headers={"Accept-Language": "it"}).get_data(
        as_text=True
    )
    assert "&lt;10" in html and "(<10)" not in html
