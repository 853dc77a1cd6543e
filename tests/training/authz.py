"""Expected answers of every training route for every role (see tests/authz.py)."""

from __future__ import annotations

from datetime import timedelta

from app.core.db import utcnow
from app.extensions import db
from app.orgs import services as orgs
from app.orgs.models import Membership
from app.training import registrations, services
from tests.authz import API_LOGGED_IN, LOGGED_IN, PUBLIC, Route
from tests.builders import course_data

# owner and org_member belong to the verified provider "Matrix Academy".
MANAGERS = ("owner", "org_member", "staff", "admin")


def _managers(ok: int, others: int, anonymous: int = 302) -> dict:
    return {"anonymous": anonymous, **dict.fromkeys(MANAGERS, ok), "*": others}


def build(world) -> None:
    """A verified provider with a published course, a closed one, a draft and registrations."""
    owner = world.users["owner"]
    world.academy = orgs.create_org(owner, {"name": "Matrix Academy", "kind": "university"})
    db.session.add(
        Membership(user_id=world.users["org_member"].id, org_id=world.academy.id, role="member")
    )
    orgs.set_verified(world.users["staff"], world.academy)
    db.session.flush()
    db.session.expire(world.users["org_member"])
    world.course = services.create_course(owner, course_data(world.academy, seats=50))
    services.change_status(owner, world.course, "publish")
    world.course2 = services.create_course(owner, course_data(world.academy, title="Second"))
    services.change_status(owner, world.course2, "publish")
    start = utcnow() + timedelta(days=3)
    world.closed = services.create_course(
        owner,
        course_data(
            world.academy,
            title="Closed",
            starts_at=start.isoformat(),
            ends_at=(start + timedelta(hours=1)).isoformat(),
            registration_deadline=(utcnow() - timedelta(hours=1)).isoformat(),
        ),
    )
    services.change_status(owner, world.closed, "publish")
    world.draft = services.create_course(owner, course_data(world.academy, title="Draft"))
    member = world.users["member"]
    world.reg = registrations.register_course(member, world.course)
    world.reg2 = registrations.register_course(member, world.course2)
    db.session.flush()


def _c(attr):
    return lambda w: {"course_id": getattr(w, attr).id}


def _r(attr):
    return lambda w: {"reg_id": getattr(w, attr).id}


CANCEL = {"anonymous": 302, "other": 404, "*": 302}
API_CANCEL = {"anonymous": 401, "other": 404, "*": 200}
CLOSED = {"anonymous": 302, "*": 409}

ROUTES = [
    Route("training.index", expect=PUBLIC),
    Route("training.index", query="?topic=ai_health&audience=clinicians&q=AI", expect=PUBLIC),
    Route("training.detail", args=_c("course"), expect=PUBLIC),
    Route("training.detail", args=_c("draft"), expect=_managers(200, 404, anonymous=404)),
    Route("training.create", expect=_managers(200, 403)),
    Route("training.create", method="POST", expect=_managers(422, 403)),
    Route("training.edit", args=_c("course"), expect=_managers(200, 403)),
    Route("training.edit", args=_c("course"), method="POST", expect=_managers(422, 403)),
    Route(
        "training.change_status",
        args=_c("course"),
        method="POST",
        data=lambda w: {"action": "bogus"},
        expect=_managers(422, 403),
    ),
    Route("training.register", args=_c("closed"), method="POST", expect=CLOSED),
    Route("training.cancel", args=_r("reg"), method="POST", expect=CANCEL),
    Route("training.mine", expect=LOGGED_IN),
    Route(
        "training.certificate",
        args=_r("reg2"),
        expect={"anonymous": 302, "other": 404, "*": 409},
    ),
    Route("training.participants", args=_c("course"), expect=_managers(200, 403)),
    Route(
        "training.attendance",
        args=_r("reg2"),
        method="POST",
        expect={"anonymous": 302, "member": 403, "other": 404, **dict.fromkeys(MANAGERS, 422)},
    ),
    Route("training.course_ics", args=_c("course"), expect=PUBLIC),
    Route("training.feed", expect=PUBLIC),
    Route("training.services_hub", expect=PUBLIC),
    Route("training.aware_index", expect=PUBLIC),
    Route("training.aware_topic", args=lambda w: {"topic": "consent-codes"}, expect=PUBLIC),
    Route("api_training.Courses", expect=PUBLIC),
    Route(
        "api_training.Courses",
        method="POST",
        json=lambda w: {},
        expect=_managers(422, 403, anonymous=401),
    ),
    Route("api_training.CourseFacets", expect=PUBLIC),
    Route("api_training.CourseItem", args=_c("course"), expect=PUBLIC),
    Route(
        "api_training.CourseItem",
        args=_c("course"),
        method="PATCH",
        json=lambda w: {"seats": 0},
        expect=_managers(422, 403, anonymous=401),
    ),
    Route(
        "api_training.CourseStatus",
        args=_c("course"),
        method="POST",
        json=lambda w: {"action": "publish"},
        expect=_managers(409, 403, anonymous=401),
    ),
    Route(
        "api_training.CourseRegistrations",
        args=_c("course"),
        expect=_managers(200, 403, anonymous=401),
    ),
    Route(
        "api_training.CourseRegistrations",
        args=_c("closed"),
        method="POST",
        json=lambda w: {},
        expect={"anonymous": 401, "*": 409},
    ),
    Route("api_training.MyRegistrations", expect=API_LOGGED_IN),
    Route(
        "api_training.CancelRegistration",
        args=_r("reg2"),
        method="POST",
        json=lambda w: {},
        expect=API_CANCEL,
    ),
    Route(
        "api_training.Attendance",
        args=_r("reg"),
        method="PUT",
        json=lambda w: {"attended": True},
        expect={"anonymous": 401, "member": 403, "other": 404, **dict.fromkeys(MANAGERS, 409)},
    ),
]


def _response(w):
    # The challenges' builder made it: a response of Other Lab (other) to Matrix Pharma's
    # challenge (owner is the poster; staff may read it).
    return {"response_id": w.ch_response.id}


# Suggestions for a response: the responding organisation only; those who may read the
# response otherwise (poster, staff) get 403, the rest 404.
FOR_RESPONSE = {"anonymous": 302, "other": 200, "owner": 403, "staff": 403, "admin": 403, "*": 404}
ROUTES += [
    Route("training.response_services", args=_response, expect=FOR_RESPONSE),
    Route(
        "api_training.ResponseServices",
        args=_response,
        expect={**FOR_RESPONSE, "anonymous": 401},
    ),
    Route(
        "api_training.CourseSuggestions",
        expect={"anonymous": 401, "member": 403, "staff": 403, "admin": 403, "*": 200},
    ),
]
