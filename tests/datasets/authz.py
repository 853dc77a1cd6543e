"""Expected answers of every datasets route for every role (see tests/authz.py)."""

from __future__ import annotations

from app.datasets import access
from tests.authz import API_LOGGED_IN, LOGGED_IN, PUBLIC, Route
from tests.builders import add_dist, complete_request, make_dataset, secret_url

EDITORS = {"anonymous": 302, "owner": 200, "org_member": 200, "staff": 200, "admin": 200, "*": 403}
EDITORS_FORM = {
    "anonymous": 302,
    "owner": 422,
    "org_member": 422,
    "staff": 422,
    "admin": 422,
    "*": 403,
}
API_EDITORS = {
    "anonymous": 401,
    "owner": 200,
    "org_member": 200,
    "staff": 200,
    "admin": 200,
    "*": 403,
}
REQUESTERS = {"anonymous": 302, "owner": 403, "org_member": 403, "*": 200}


def build(world) -> None:
    """A public and a restricted dataset of world.org, with access requests by 'other'."""
    owner, other = world.users["owner"], world.users["other"]
    world.ds_public = make_dataset(owner, world.org, "matrix:public")
    world.dist_public = add_dist(owner, world.ds_public)
    world.dist_api_del = add_dist(owner, world.ds_public)
    world.dist_html_del = add_dist(owner, world.ds_public)
    world.ds_restricted = make_dataset(
        owner,
        world.org,
        "matrix:restricted",
        access_rights="restricted",
        personal_data="pseudonymised",
    )
    world.restricted_url = secret_url()
    world.dist_restricted = add_dist(owner, world.ds_restricted, world.restricted_url)
    world.draft_request = complete_request(other, world.ds_restricted)
    world.sent_request = complete_request(other, world.ds_restricted)
    access.submit_request(other, world.sent_request)
    world.sent_request2 = complete_request(other, world.ds_restricted)
    access.submit_request(other, world.sent_request2)
    world.access_request = world.sent_request


def _ds(w):
    return {"dataset_id": w.ds_restricted.id}


def _req(attr):
    return lambda w: {"request_id": getattr(w, attr).id}


STEP2 = {
    "research_question": "Q?",
    "variables": "age",
    "period_start": "2030-01-01",
    "period_end": "2030-06-30",
}

ROUTES = [
    Route("datasets.index", expect=PUBLIC),
    Route("datasets.quality_rules", expect=PUBLIC),
    Route("datasets.mqa_rules", expect=PUBLIC),
    Route(
        "datasets.create",
        expect={"anonymous": 302, "member": 302, "staff": 302, "admin": 302, "*": 200},
    ),
    Route(
        "datasets.create",
        method="POST",
        expect={"anonymous": 302, "member": 302, "staff": 302, "admin": 302, "*": 422},
    ),
    Route("datasets.detail", args=_ds, expect=PUBLIC),
    Route("datasets.edit", args=_ds, expect=EDITORS),
    Route("datasets.edit", args=_ds, method="POST", expect=EDITORS_FORM),
    Route("datasets.add_distribution", args=_ds, expect=EDITORS),
    Route("datasets.add_distribution", args=_ds, method="POST", expect=EDITORS_FORM),
    Route(
        "datasets.delete_distribution",
        method="POST",
        args=lambda w: {"dataset_id": w.ds_public.id, "dist_id": w.dist_html_del.id},
        expect={
            "anonymous": 302,
            "owner": 302,
            "org_member": 302,
            "staff": 302,
            "admin": 302,
            "*": 403,
        },
    ),
    Route(
        "datasets.access_distribution",
        args=lambda w: {"dataset_id": w.ds_restricted.id, "dist_id": w.dist_restricted.id},
        expect={"anonymous": 302, "*": 403},
    ),
    Route(
        "datasets.certify",
        args=_ds,
        method="POST",
        data=lambda w: {"level": ""},
        expect={"anonymous": 302, "staff": 302, "admin": 302, "*": 403},
    ),
    Route("datasets.audit", args=_ds, expect=EDITORS),
    Route(
        "datasets.export_dataset",
        args=lambda w: {"dataset_id": w.ds_restricted.id, "fmt": "ttl"},
        expect=PUBLIC,
    ),
    Route("datasets.export_catalog", args=lambda w: {"fmt": "jsonld"}, expect=PUBLIC),
    Route("datasets.catalog", expect={"*": 303}),
    Route("datasets.requests_index", expect=LOGGED_IN),
    Route("datasets.new_request", args=_ds, expect=REQUESTERS),
    Route(
        "datasets.new_request",
        args=_ds,
        method="POST",
        data=lambda w: {"purpose": "health_research", "org_id": ""},
        expect={"anonymous": 302, "owner": 403, "org_member": 403, "*": 302},
    ),
    Route(
        "datasets.request_step",
        args=lambda w: {"request_id": w.draft_request.id, "step": 2},
        expect={"anonymous": 302, "other": 200, "*": 404},
    ),
    Route(
        "datasets.request_step",
        method="POST",
        data=lambda w: STEP2,
        args=lambda w: {"request_id": w.draft_request.id, "step": 2},
        expect={"anonymous": 302, "other": 302, "*": 404},
    ),
    Route(
        "datasets.request_detail",
        args=_req("sent_request2"),
        expect={"anonymous": 302, "member": 404, "*": 200},
    ),
    Route(
        "datasets.submit_request",
        method="POST",
        args=_req("draft_request"),
        expect={"anonymous": 302, "other": 302, "*": 404},
    ),
    Route(
        "datasets.review_request",
        method="POST",
        args=_req("sent_request2"),
        data=lambda w: {"action": "start"},
        expect={"anonymous": 302, "member": 404, "owner": 302, "org_member": 302, "*": 403},
    ),
    # API
    Route("api_datasets.Datasets", expect=PUBLIC),
    Route(
        "api_datasets.Datasets",
        method="POST",
        # A body the schema accepts: the answer is the service's permission check.
        json=lambda w: {
            "publisher_org_id": w.org.id,
            "identifier": "authz:new",
            "title_it": "Nuovo",
            "description_it": "Nuovo dataset.",
            "themes": ["HEAL"],
        },
        expect={"anonymous": 401, "owner": 201, "org_member": 201, "*": 403},
    ),
    Route("api_datasets.Facets", expect=PUBLIC),
    Route("api_datasets.DatasetItem", args=_ds, expect=PUBLIC),
    Route(
        "api_datasets.DatasetItem",
        args=_ds,
        method="PATCH",
        json=lambda w: {"title_en": "Renamed"},
        expect=API_EDITORS,
    ),
    Route("api_datasets.Quality", args=_ds, expect=PUBLIC),
    Route("api_datasets.Mqa", args=_ds, expect=PUBLIC),
    Route("api_datasets.CatalogueMqa", expect=PUBLIC),
    Route(
        "api_datasets.Certification",
        args=_ds,
        method="PUT",
        json=lambda w: {"level": None},
        expect={"anonymous": 401, "staff": 200, "admin": 200, "*": 403},
    ),
    Route(
        "api_datasets.Distributions",
        method="POST",
        args=lambda w: {"dataset_id": w.ds_public.id},
        json=lambda w: {"format": "CSV", "download_url": "https://open.example.org/a.csv"},
        expect={
            "anonymous": 401,
            "owner": 201,
            "org_member": 201,
            "staff": 201,
            "admin": 201,
            "*": 403,
        },
    ),
    Route(
        "api_datasets.DistributionItem",
        method="DELETE",
        args=lambda w: {"dataset_id": w.ds_public.id, "dist_id": w.dist_api_del.id},
        expect={
            "anonymous": 401,
            "owner": 204,
            "org_member": 204,
            "staff": 204,
            "admin": 204,
            "*": 403,
        },
    ),
    Route("api_datasets.DuoCheck", args=_ds, query="?purpose=research", expect=PUBLIC),
    Route(
        "api_datasets.Audit",
        args=_ds,
        expect={
            "anonymous": 401,
            "owner": 200,
            "org_member": 200,
            "staff": 200,
            "admin": 200,
            "*": 403,
        },
    ),
    Route(
        "api_datasets.DatasetRequests",
        args=_ds,
        method="POST",
        json=lambda w: {"purpose": "health_research"},
        expect={"anonymous": 401, "owner": 403, "org_member": 403, "*": 201},
    ),
    Route("api_datasets.MyRequests", expect=API_LOGGED_IN),
    Route(
        "api_datasets.RequestItem",
        args=_req("sent_request"),
        expect={"anonymous": 401, "member": 404, "*": 200},
    ),
    Route(
        "api_datasets.RequestItem",
        args=_req("draft_request"),
        method="PATCH",
        json=lambda w: {"compute": "8 CPU"},
        expect={"anonymous": 401, "other": 200, "*": 404},
    ),
    Route(
        "api_datasets.RequestTransitions",
        args=_req("sent_request"),
        method="POST",
        json=lambda w: {"action": "start"},
        expect={"anonymous": 401, "member": 404, "owner": 200, "org_member": 200, "*": 403},
    ),
]
