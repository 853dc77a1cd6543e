"""Expected answers of every compliance route for every role (see tests/authz.py)."""

from __future__ import annotations

import io

from werkzeug.datastructures import FileStorage

from app.compliance import consultations as cs
from app.compliance import files, guidelines, services
from tests.authz import API_LOGGED_IN, LOGGED_IN, PUBLIC, STAFF_ONLY, Route
from tests.builders import IMAGING_SAAS
from tests.compliance.test_consultations import PDF

# The world's staff and admin have no organisation; owner, org_member belong to world.org and
# 'other' to another organisation.
ORG = ("owner", "org_member")
EXPERTS = ("staff", "admin")


def build(world) -> None:
    """An assessment and a consultation of world.org, a guideline, an appointed expert."""
    owner = world.users["owner"]
    world.assessment = services.run_assessment(
        owner, {"org_id": world.org.id, "product": "Matrix SaaS", "answers": IMAGING_SAAS}
    )
    world.consultation = cs.request_consultation(
        owner,
        {"org_id": world.org.id, "topic": "ai_act", "subject": "High-risk?", "body": "Are we?"},
    )
    world.cfile = files.add_file(
        owner, world.consultation, FileStorage(stream=io.BytesIO(PDF), filename="brief.pdf")
    )
    guidelines.save_guideline(
        world.users["staff"], "matrix-guide", {"title_it": "Guida", "body_it": "Testo"}
    )


def _viewers(ok: int, anonymous: int = 302, members: int | None = None) -> dict:
    return {
        "anonymous": anonymous,
        **dict.fromkeys(ORG, ok if members is None else members),
        **dict.fromkeys(EXPERTS, ok),
        "*": 404,
    }


def _a(w):
    return {"assessment_id": w.assessment.id}


def _c(w):
    return {"consultation_id": w.consultation.id}


WITH_ORG = {"anonymous": 302, "owner": 200, "org_member": 200, "other": 200, "*": 302}
ROUTES = [
    Route("compliance.index", expect=PUBLIC),
    Route("compliance.assess", expect=WITH_ORG),
    Route(
        "compliance.assess",
        method="POST",
        expect={"anonymous": 302, "owner": 422, "org_member": 422, "other": 422, "*": 302},
    ),
    Route("compliance.assessment", args=_a, expect=_viewers(200)),
    Route("compliance.assessment_json", args=_a, expect=_viewers(200)),
    Route("compliance.assessment_pdf", args=_a, expect=_viewers(200)),
    Route("compliance.guideline", args=lambda w: {"slug": "matrix-guide"}, expect=PUBLIC),
    Route("compliance.guideline", args=lambda w: {"slug": "no-such"}, expect={"*": 404}),
    Route("compliance.guideline_edit", args=lambda w: {"slug": "matrix-guide"}, expect=STAFF_ONLY),
    Route(
        "compliance.guideline_edit",
        args=lambda w: {"slug": "matrix-guide"},
        method="POST",
        expect={"anonymous": 302, "staff": 422, "admin": 422, "*": 403},
    ),
    Route("compliance.consultations", expect=LOGGED_IN),
    Route(
        "compliance.consult",
        expect={"anonymous": 302, "owner": 200, "org_member": 200, "other": 200, "*": 403},
    ),
    Route(
        "compliance.consult",
        method="POST",
        expect={"anonymous": 302, "owner": 422, "org_member": 422, "other": 422, "*": 403},
    ),
    Route("compliance.consultation", args=_c, expect=_viewers(200)),
    Route(
        "compliance.consultation_assign",
        args=_c,
        method="POST",
        expect=_viewers(302, members=403),
    ),
    Route(
        "compliance.consultation_close",
        args=_c,
        method="POST",
        expect=_viewers(422, members=403),
    ),
    Route("compliance.consultation_message", args=_c, method="POST", expect=_viewers(422)),
    Route("compliance.consultation_file", args=_c, method="POST", expect=_viewers(422)),
    Route(
        "compliance.consultation_file_download",
        args=lambda w: {"consultation_id": w.consultation.id, "file_id": w.cfile.id},
        expect=_viewers(200),
    ),
    Route(
        "compliance.figures",
        expect={"anonymous": 302, "staff": 200, "admin": 200, "*": 403},
    ),
    Route("compliance.experts", expect=STAFF_ONLY),
    Route(
        "compliance.experts",
        method="POST",
        expect={"anonymous": 302, "staff": 422, "admin": 422, "*": 403},
    ),
    Route(
        "compliance.expert_remove",
        args=lambda w: {"expert_id": 999999},
        method="POST",
        expect={"anonymous": 302, "staff": 404, "admin": 404, "*": 403},
    ),
    Route("api_compliance.Rules", expect=PUBLIC),
    Route("api_compliance.Assessments", expect=API_LOGGED_IN),
    Route(
        "api_compliance.Assessments",
        method="POST",
        json=lambda w: {"org_id": w.org.id, "product": "p", "answers": {}},
        expect={"anonymous": 401, "owner": 422, "org_member": 422, "other": 422, "*": 403},
    ),
    Route("api_compliance.AssessmentItem", args=_a, expect=_viewers(200, anonymous=401)),
    Route("api_compliance.Consultations", expect=API_LOGGED_IN),
    Route(
        "api_compliance.Consultations",
        method="POST",
        json=lambda w: {"org_id": w.org.id, "topic": "gdpr", "subject": "", "body": "x"},
        expect={"anonymous": 401, "owner": 422, "org_member": 422, "other": 422, "*": 403},
    ),
    Route("api_compliance.ConsultationItem", args=_c, expect=_viewers(200, anonymous=401)),
    Route(
        "api_compliance.ConsultationItem",
        args=_c,
        method="POST",
        json=lambda w: {"action": "close", "outcome": ""},
        expect=_viewers(422, anonymous=401, members=403),
    ),
    Route(
        "api_compliance.ConsultationMessages",
        args=_c,
        method="POST",
        json=lambda w: {"body": ""},
        expect=_viewers(422, anonymous=401),
    ),
    Route(
        "api_compliance.Figures",
        expect={"anonymous": 401, "staff": 200, "admin": 200, "*": 403},
    ),
]
