"""Expected answers of every compute route for every role (see tests/authz.py)."""

from __future__ import annotations

from app.compute import requests, resources
from tests.authz import API_LOGGED_IN, LOGGED_IN, PUBLIC, STAFF_ONLY, Route
from tests.builders import compute_request_data as request_data

# The resource is provided by world.other_org: 'other' decides its requests. The requests are
# by 'owner' for world.org ('org_member' belongs to it too).
WITH_ORG = ("owner", "org_member", "other")
DECIDERS = ("other", "staff", "admin")


def build(world) -> None:
    """A resource of 'other', a draft and a submitted request of 'owner'."""
    staff, owner = world.users["staff"], world.users["owner"]
    world.resource = resources.create_resource(
        staff,
        {
            "name": "Matrix GPUs",
            "kind": "gpu_cluster",
            "provider_org_id": world.other_org.id,
            "gpu_hours_per_quarter": 100,
            "location": "eu",
        },
    )
    world.cdraft = requests.create_request(owner, world.resource, request_data(world.org))
    world.csent = requests.create_request(owner, world.resource, request_data(world.org))
    requests.submit_request(owner, world.csent)


def _r(w):
    return {"resource_id": w.resource.id}


def _q(attr):
    return lambda w: {"request_id": getattr(w, attr).id}


def _sent(deciders: int, org: int, anonymous: int = 302, owner: int | None = None) -> dict:
    return {
        "anonymous": anonymous,
        "owner": org if owner is None else owner,
        "org_member": org,
        **dict.fromkeys(DECIDERS, deciders),
        "member": 404,
    }


STAFF_FORM = {"anonymous": 302, "staff": 422, "admin": 422, "*": 403}
REQUESTERS = {"anonymous": 302, **dict.fromkeys(WITH_ORG, 200), "*": 403}
ROUTES = [
    Route("compute.index", expect=PUBLIC),
    Route("compute.index", query="?kind=gpu_cluster&location=eu", expect=PUBLIC),
    Route("compute.resource", args=_r, expect=PUBLIC),
    Route("compute.resource_new", expect=STAFF_ONLY),
    Route("compute.resource_new", method="POST", expect=STAFF_FORM),
    Route("compute.resource_edit", args=_r, expect=STAFF_ONLY),
    Route("compute.resource_edit", args=_r, method="POST", expect=STAFF_FORM),
    Route("compute.dashboard_page", expect=STAFF_ONLY),
    Route("compute.suggestions", expect=LOGGED_IN),
    Route("compute.dashboard_export", expect=STAFF_ONLY),
    Route("compute.request_new", args=_r, expect=REQUESTERS),
    Route(
        "compute.request_new",
        args=_r,
        method="POST",
        expect={"anonymous": 302, **dict.fromkeys(WITH_ORG, 422), "*": 403},
    ),
    Route(
        "compute.request_edit",
        args=_q("cdraft"),
        expect={"anonymous": 302, "owner": 200, "org_member": 403, "*": 404},
    ),
    Route(
        "compute.request_edit",
        args=_q("cdraft"),
        method="POST",
        expect={"anonymous": 302, "owner": 422, "org_member": 403, "*": 404},
    ),
    Route(
        "compute.request_submit",
        args=_q("cdraft"),
        method="POST",
        expect={"anonymous": 302, "owner": 302, "org_member": 403, "*": 404},
    ),
    Route("compute.requests_index", expect=LOGGED_IN),
    Route("compute.request_detail", args=_q("csent"), expect=_sent(200, 200)),
    Route("compute.request_decide", args=_q("csent"), method="POST", expect=_sent(422, 403)),
    Route("compute.request_usage", args=_q("csent"), method="POST", expect=_sent(422, 403)),
    Route("api_compute.Resources", expect=PUBLIC),
    Route(
        "api_compute.Resources",
        method="POST",
        json=lambda w: {},
        expect={"anonymous": 401, "staff": 422, "admin": 422, "*": 403},
    ),
    Route("api_compute.ResourceItem", args=_r, expect=PUBLIC),
    Route(
        "api_compute.ResourceItem",
        args=_r,
        method="PATCH",
        json=lambda w: {"kind": "toaster"},
        expect={"anonymous": 401, "staff": 422, "admin": 422, "*": 403},
    ),
    Route("api_compute.Requests", expect=API_LOGGED_IN),
    Route(
        "api_compute.Requests",
        method="POST",
        json=lambda w: {"resource_id": w.resource.id},
        expect={"anonymous": 401, **dict.fromkeys(WITH_ORG, 422), "*": 403},
    ),
    Route("api_compute.RequestItem", args=_q("csent"), expect=_sent(200, 200, anonymous=401)),
    Route(
        "api_compute.RequestItem",
        args=_q("csent"),
        method="PATCH",
        json=lambda w: {"gpu_hours": 5},
        expect=_sent(403, 403, anonymous=401, owner=409),
    ),
    Route(
        "api_compute.RequestTransitions",
        args=_q("csent"),
        method="POST",
        json=lambda w: {"action": "activate"},
        expect=_sent(409, 403, anonymous=401),
    ),
    Route(
        "api_compute.RequestUsage",
        args=_q("csent"),
        method="POST",
        json=lambda w: {"period": "2030-01", "hours_used": 1},
        expect=_sent(409, 403, anonymous=401),
    ),
    Route(
        "api_compute.Dashboard",
        expect={"anonymous": 401, "staff": 200, "admin": 200, "*": 403},
    ),
]
ROUTES.append(Route("api_compute.Suggestions", expect=API_LOGGED_IN))
