"""Expected answers of the challenge routes for every role (see tests/authz.py).

World: `company` (owned by owner) posts the challenges; `other_org` (owned by other) has
responded to the open one; `org` (owner + org_member) has not.
"""

from __future__ import annotations

import io
from datetime import timedelta

from werkzeug.datastructures import FileStorage

from app.challenges import attachments, questions, responses, services, workflow
from app.core.db import utcnow
from tests.authz import API_LOGGED_IN, LOGGED_IN, PUBLIC, STAFF_ONLY, Route

PDF = b"%PDF-1.4\n%%EOF\n"


def build(world) -> None:
    """Open, registered-only and draft challenges; a response, a question and files."""
    owner, staff, other = world.users["owner"], world.users["staff"], world.users["other"]
    deadline = (utcnow() + timedelta(days=30)).date().isoformat()
    base = {
        "title": "Sepsis biosensor",
        "description": "Detect sepsis early",
        "area": "diagnostics",
        "deadline": deadline,
        "org_id": world.company.id,
    }

    def published(**extra):
        c = services.create_challenge(owner, {**base, **extra})
        workflow.transition_challenge(owner, c, "submit")
        workflow.transition_challenge(staff, c, "approve")
        return c

    world.ch_open = published()
    world.ch_registered = published(visibility="registered", title="Members only")
    world.ch_draft = services.create_challenge(owner, {**base, "title": "Draft"})
    world.ch_response = responses.submit_response(other, world.ch_open, {"summary": "Our answer"})
    world.ch_question = questions.ask_question(other, world.ch_open, {"question": "Budget?"})
    world.ch_file = attachments.add_attachment(
        other, world.ch_response, FileStorage(io.BytesIO(PDF), filename="plan.pdf")
    )


def _open(w):
    return {"challenge_id": w.ch_open.id}


def _draft(w):
    return {"challenge_id": w.ch_draft.id}


def _resp(w):
    return {"challenge_id": w.ch_open.id, "response_id": w.ch_response.id}


NOT_OWNER = {"anonymous": 302, "owner": 422, "*": 403}
API_NOT_OWNER = {"anonymous": 401, "owner": 422, "*": 403}
# A response: only the author (other), the poster (owner) and staff may read it.
RESP_READ = {"anonymous": 302, "member": 404, "org_member": 404, "*": 200}
API_RESP_READ = {**RESP_READ, "anonymous": 401}
# Editing a response: the author only; the others who can read it get 403.
RESP_EDIT = {"anonymous": 302, "member": 404, "org_member": 404, "other": 422, "*": 403}
API_RESP_EDIT = {**RESP_EDIT, "anonymous": 401}
# Drafts are invisible (404) outside the posting company and staff.
DRAFT_EDIT = {"anonymous": 302, "owner": 422, "staff": 403, "admin": 403, "*": 404}
# Asking / responding: members of an organisation other than the poster.
RESPONDERS = {"anonymous": 302, "member": 403, "staff": 403, "admin": 403, "*": 422}
FILE = {"anonymous": 404, "member": 404, "org_member": 404, "*": 200}
OWNERS_STAFF = {"anonymous": 302, "owner": 200, "staff": 200, "admin": 200, "*": 403}

ROUTES = [
    Route("challenges.index", expect=PUBLIC),
    Route("challenges.mine", expect=LOGGED_IN),
    Route("challenges.moderation", expect=STAFF_ONLY),
    Route(
        "challenges.for_org",
        expect={"anonymous": 302, "member": 403, "staff": 403, "admin": 403, "*": 200},
    ),
    # Only company owners may post: the others get the reason, not a form (page walk).
    Route("challenges.create", expect={"anonymous": 302, "owner": 200, "*": 403}),
    Route("challenges.create", method="POST", expect=NOT_OWNER),
    Route(
        "challenges.detail",
        args=lambda w: {"challenge_id": w.ch_registered.id},
        expect={"anonymous": 404, "*": 200},
    ),
    Route("challenges.edit", args=_draft, expect={**DRAFT_EDIT, "owner": 200}),
    Route(
        "challenges.edit",
        args=_draft,
        method="POST",
        data=lambda w: {"title": ""},
        expect=DRAFT_EDIT,
    ),
    Route(
        "challenges.transition",
        args=_draft,
        method="POST",
        data=lambda w: {"action": "approve"},
        expect={"anonymous": 302, "owner": 403, "staff": 409, "admin": 409, "*": 404},
    ),
    Route(
        "challenges.ask",
        args=_open,
        method="POST",
        data=lambda w: {"question": ""},
        expect=RESPONDERS,
    ),
    Route(
        "challenges.answer",
        args=lambda w: {"challenge_id": w.ch_open.id, "question_id": w.ch_question.id},
        method="POST",
        data=lambda w: {"answer": ""},
        expect=NOT_OWNER,
    ),
    Route("challenges.respond", args=_open, expect={**RESPONDERS, "*": 200}),
    Route("challenges.respond", args=_open, method="POST", expect=RESPONDERS),
    Route("challenges.responses_list", args=_open, expect=LOGGED_IN),
    Route("challenges.response_detail", args=_resp, expect=RESP_READ),
    Route("challenges.response_edit", args=_resp, expect={**RESP_EDIT, "other": 200}),
    Route(
        "challenges.response_edit",
        args=_resp,
        method="POST",
        data=lambda w: {"summary": ""},
        expect=RESP_EDIT,
    ),
    Route(
        "challenges.review",
        args=_resp,
        method="POST",
        data=lambda w: {"action": ""},
        expect={**RESP_EDIT, "other": 403, "owner": 422},
    ),
    Route("challenges.response_upload", args=_resp, method="POST", expect=RESP_EDIT),
    Route("challenges.upload", args=_open, method="POST", expect=NOT_OWNER),
    Route("challenges.download", args=lambda w: {"attachment_id": w.ch_file.id}, expect=FILE),
    Route(
        "challenges.invite",
        args=_open,
        method="POST",
        data=lambda w: {"org_id": ""},
        expect=NOT_OWNER,
    ),
    Route("challenges.stats", args=_open, expect=OWNERS_STAFF),
    # API
    Route("api_challenges.Challenges", expect=PUBLIC),
    Route("api_challenges.Challenges", method="POST", json=lambda w: {}, expect=API_NOT_OWNER),
    Route("api_challenges.ChallengeModeration", expect={**STAFF_ONLY, "anonymous": 401}),
    Route("api_challenges.MyChallenges", expect=API_LOGGED_IN),
    Route(
        "api_challenges.ChallengeItem",
        args=lambda w: {"challenge_id": w.ch_registered.id},
        expect={"anonymous": 404, "*": 200},
    ),
    Route(
        "api_challenges.ChallengeItem",
        args=_draft,
        method="PATCH",
        json=lambda w: {"title": ""},
        expect={**DRAFT_EDIT, "anonymous": 401},
    ),
    Route(
        "api_challenges.ChallengeTransitions",
        args=_draft,
        method="POST",
        json=lambda w: {"action": "approve"},
        expect={"anonymous": 401, "owner": 403, "staff": 409, "admin": 409, "*": 404},
    ),
    Route("api_challenges.ChallengeQuestions", args=_open, expect=PUBLIC),
    Route(
        "api_challenges.ChallengeQuestions",
        args=_open,
        method="POST",
        json=lambda w: {"question": ""},
        expect={**RESPONDERS, "anonymous": 401},
    ),
    Route(
        "api_challenges.ChallengeAnswer",
        args=lambda w: {"challenge_id": w.ch_open.id, "question_id": w.ch_question.id},
        method="PUT",
        json=lambda w: {"answer": ""},
        expect=API_NOT_OWNER,
    ),
    Route("api_challenges.ChallengeResponses", args=_open, expect=API_LOGGED_IN),
    Route(
        "api_challenges.ChallengeResponses",
        args=_open,
        method="POST",
        json=lambda w: {},
        expect={**RESPONDERS, "anonymous": 401},
    ),
    Route("api_challenges.ChallengeResponseItem", args=_resp, expect=API_RESP_READ),
    Route(
        "api_challenges.ChallengeResponseItem",
        args=_resp,
        method="PATCH",
        json=lambda w: {"summary": ""},
        expect=API_RESP_EDIT,
    ),
    Route(
        "api_challenges.ChallengeResponseReview",
        args=_resp,
        method="POST",
        json=lambda w: {"action": "reject"},
        expect={**API_RESP_EDIT, "other": 403, "owner": 422},
    ),
    Route("api_challenges.ResponseFiles", args=_resp, expect=API_RESP_READ),
    Route("api_challenges.ResponseFiles", args=_resp, method="POST", expect=API_RESP_EDIT),
    Route("api_challenges.ChallengeFiles", args=_open, expect=PUBLIC),
    Route("api_challenges.ChallengeFiles", args=_open, method="POST", expect=API_NOT_OWNER),
    Route(
        "api_challenges.FileDownload", args=lambda w: {"attachment_id": w.ch_file.id}, expect=FILE
    ),
    Route(
        "api_challenges.ChallengeSuggestions",
        args=_open,
        expect={"anonymous": 401, "owner": 200, "*": 403},
    ),
    Route(
        "api_challenges.ChallengeInvitations",
        args=_open,
        method="POST",
        json=lambda w: {"org_id": 0},
        expect=API_NOT_OWNER,
    ),
    Route("api_challenges.ChallengeStats", args=_open, expect={**OWNERS_STAFF, "anonymous": 401}),
    Route(
        "api_challenges.ChallengesForOrg",
        args=lambda w: {"org": w.org.slug},
        expect={"anonymous": 401, "owner": 200, "org_member": 200, "*": 403},
    ),
]
