"""The DUO pre-check on a table of cases, through the function, the API and the submit step."""

from __future__ import annotations

import pytest

from app.core.errors import ValidationError
from app.datasets import access
from app.datasets.duo import check_purpose
from tests.builders import add_dist, commit, complete_request, make_dataset

CASES = [
    # codes, purpose, org kind, expected
    (["DUO:0000004"], "education", None, "compatible"),
    (["DUO:0000042"], "research", None, "compatible"),
    (["DUO:0000042"], "innovation", "company", "compatible"),
    (["DUO:0000042"], "education", None, "incompatible"),
    (["DUO:0000042"], "clinical_care", None, "incompatible"),
    (["DUO:0000006"], "health_research", None, "compatible"),
    (["DUO:0000006"], "research", None, "review"),
    (["DUO:0000006"], "ancestry", None, "incompatible"),
    (["DUO:0000007"], "disease_research", None, "compatible"),
    (["DUO:0000007"], "health_research", None, "review"),
    (["DUO:0000007"], "innovation", None, "incompatible"),
    (["DUO:0000011"], "ancestry", None, "compatible"),
    (["DUO:0000011"], "health_research", None, "incompatible"),
    (["DUO:0000043"], "clinical_care", None, "compatible"),
    (["DUO:0000043"], "research", None, "incompatible"),
    (["DUO:0000006", "DUO:0000018"], "innovation", "startup", "incompatible"),
    (["DUO:0000006", "DUO:0000018"], "health_research", "startup", "compatible"),
    (["DUO:0000042", "DUO:0000046"], "innovation", None, "incompatible"),
    (["DUO:0000006", "DUO:0000045"], "health_research", "company", "incompatible"),
    (["DUO:0000006", "DUO:0000045"], "health_research", "university", "compatible"),
    (["DUO:0000042", "DUO:0000015"], "method_development", None, "incompatible"),
    (["DUO:0000042", "DUO:0000019"], "research", None, "compatible"),
    (["DUO:0000042", "DUO:0000028"], "research", None, "review"),
    ([], "research", None, "review"),
    (["DUO:0000043", "DUO:0000042"], "clinical_care", None, "compatible"),
]


@pytest.mark.parametrize("codes,purpose,kind,expected", CASES)
def test_table(codes, purpose, kind, expected):
    result = check_purpose(codes, purpose, kind)
    assert result.status == expected
    assert result.compatible == (expected != "incompatible")
    assert result.reasons, "the pre-check always explains itself"


def test_incompatible_names_the_code():
    result = check_purpose(["DUO:0000006", "DUO:0000018"], "innovation")
    assert "DUO:0000018" in [c for c, _ in result.reasons]


@pytest.fixture
def npu_dataset(make_user, make_org):
    owner = make_user("npu@example.org")
    org = make_org(owner, "Biobank", kind="research_hospital")
    ds = make_dataset(
        owner,
        org,
        "duo:npu",
        access_rights="restricted",
        consent_codes=["DUO:0000006", "DUO:0000018"],
    )
    add_dist(owner, ds)
    user = make_user("startup@example.org")
    startup = make_org(user, "Start", kind="startup")
    commit()
    return ds, user, startup


def test_api_precheck(client, npu_dataset):
    ds, _user, startup = npu_dataset
    bad = client.get(f"/api/v1/datasets/{ds.id}/duo-check?purpose=innovation&org_id={startup.id}")
    assert bad.status_code == 200
    assert bad.get_json()["status"] == "incompatible"
    assert bad.get_json()["compatible"] is False
    ok = client.get(f"/api/v1/datasets/{ds.id}/duo-check?purpose=health_research")
    assert ok.get_json()["status"] == "compatible"
    assert client.get(f"/api/v1/datasets/{ds.id}/duo-check?purpose=war").status_code == 422


def test_incompatible_request_cannot_be_sent(npu_dataset):
    ds, user, startup = npu_dataset
    req = complete_request(user, ds, purpose="innovation", org_id=startup.id)
    with pytest.raises(ValidationError) as exc:
        access.submit_request(user, req)
    assert exc.value.field == "purpose" and "DUO:0000018" in exc.value.message
    assert req.status == "draft"


def test_page_says_incompatible_before_sending(client, as_user, npu_dataset):
    ds, user, startup = npu_dataset
    req = complete_request(user, ds, purpose="innovation", org_id=startup.id)
    commit()
    as_user(user)
    html = client.get(f"/access-requests/{req.id}?lang=en").get_data(as_text=True)
    assert 'data-status="incompatible"' in html
    assert "Not compatible with the consent codes" in html
    step1 = client.get(f"/datasets/{ds.id}/request?purpose=innovation&org_id={startup.id}&lang=en")
    assert 'data-status="incompatible"' in step1.get_data(as_text=True)
