"""Expected answers of the conversation, desk and claim routes for every role.

The world's conversation runs from Matrix Bio (owner, org_member) to Other Lab (other): only
those three see it; everybody else gets 404, staff included.
"""

from app.messaging import claims, desk, services
from app.orgs import services as orgs
from tests.authz import API_LOGGED_IN, LOGGED_IN, STAFF_ONLY, Route

IN_THREAD = {"anonymous": 302, "owner": 200, "org_member": 200, "other": 200, "*": 404}
API_IN_THREAD = {**IN_THREAD, "anonymous": 401}
NO_ORG = {"member": 403, "staff": 403, "admin": 403}


def build(w):
    """A conversation, an imported organisation, a desk request and a pending claim."""
    w.conversation = services.start_conversation(
        w.users["owner"], w.other_org, {"from_org": w.org.id, "body": "Hello, Other Lab"}
    )
    w.imported = orgs.create_org(
        w.users["staff"],
        {"name": "Imported Institute", "kind": "university", "website": "https://imported.example"},
        source="cordis",
        owner=False,
    )
    w.desk_request = desk.send_to_desk(
        w.users["owner"], w.imported, {"from_org": w.org.id, "body": "Hi"}
    )
    w.claim = claims.start_claim(
        w.users["member"], w.imported, {"method": "staff", "reason": "I lead its research office."}
    )


def _conv(w):
    return {"conversation_id": w.conversation.id}


ROUTES = [
    Route("messaging.inbox", expect=LOGGED_IN),
    Route("messaging.thread", args=_conv, expect=IN_THREAD),
    Route(
        "messaging.reply",
        args=_conv,
        method="POST",
        data=lambda w: {"body": "Reply"},
        expect={**IN_THREAD, "owner": 302, "org_member": 302, "other": 302},
    ),
    Route(
        "messaging.mark",
        args=_conv,
        method="POST",
        data=lambda w: {"action": "read"},
        expect={**IN_THREAD, "owner": 302, "org_member": 302, "other": 302},
    ),
    Route(
        "messaging.answer",
        args=_conv,
        method="POST",
        data=lambda w: {"decision": "accept"},
        expect={**IN_THREAD, "owner": 403, "org_member": 403, "other": 302},
    ),
    Route("messaging.contact", args=lambda w: {"slug": w.other_org.slug}, expect=LOGGED_IN),
    Route(
        "messaging.contact",
        args=lambda w: {"slug": w.other_org.slug},
        method="POST",
        data=lambda w: {"body": ""},
        expect={"anonymous": 302, **NO_ORG, "*": 422},
    ),
    Route(
        "messaging.to_desk",
        args=lambda w: {"slug": w.other_org.slug},
        method="POST",
        data=lambda w: {"body": "x"},
        expect={"anonymous": 302, "*": 409},
    ),
    Route("messaging.desk_queue", expect=STAFF_ONLY),
    Route(
        "messaging.desk_action",
        args=lambda w: {"request_id": w.desk_request.id, "action": "close"},
        method="POST",
        data=lambda w: {"note": ""},
        expect={"anonymous": 302, "staff": 302, "admin": 302, "*": 403},
    ),
    Route("messaging.claim", args=lambda w: {"slug": w.imported.slug}, expect=LOGGED_IN),
    Route(
        "messaging.claim",
        args=lambda w: {"slug": w.imported.slug},
        method="POST",
        data=lambda w: {"method": ""},
        expect={"anonymous": 302, "*": 422},
    ),
    Route(
        "messaging.claim_confirm",
        args=lambda w: {"token": "nope"},
        expect={"anonymous": 302, "*": 404},
    ),
    Route(
        "messaging.claim_confirm",
        args=lambda w: {"token": "nope"},
        method="POST",
        expect={"anonymous": 302, "*": 404},
    ),
    Route("messaging.claims_queue", expect=STAFF_ONLY),
    Route(
        "messaging.claim_decide",
        args=lambda w: {"claim_id": w.claim.id},
        method="POST",
        data=lambda w: {"decision": ""},
        expect={"anonymous": 302, "staff": 302, "admin": 302, "member": 403, "*": 404},
    ),
    # API
    Route("api_messaging.Conversations", expect=API_LOGGED_IN),
    Route(
        "api_messaging.Conversations",
        method="POST",
        json=lambda w: {"to_org": w.other_org.slug, "body": ""},
        expect={"anonymous": 401, **NO_ORG, "*": 422},
    ),
    Route("api_messaging.Unread", expect=API_LOGGED_IN),
    Route("api_messaging.ConversationItem", args=_conv, expect=API_IN_THREAD),
    Route(
        "api_messaging.Messages",
        args=_conv,
        method="POST",
        json=lambda w: {"body": ""},
        expect={**API_IN_THREAD, "owner": 422, "org_member": 422, "other": 422},
    ),
    Route(
        "api_messaging.State",
        args=_conv,
        method="POST",
        json=lambda w: {"action": "read"},
        expect=API_IN_THREAD,
    ),
    Route(
        "api_messaging.Answer",
        args=_conv,
        method="POST",
        json=lambda w: {"decision": "accept"},
        expect={**API_IN_THREAD, "owner": 403, "org_member": 403, "other": 409},
    ),
    Route("api_messaging.Desk", expect={"anonymous": 401, "staff": 200, "admin": 200, "*": 403}),
    Route(
        "api_messaging.Desk",
        method="POST",
        json=lambda w: {"to_org": w.other_org.slug, "body": "x"},
        expect={"anonymous": 401, "*": 409},
    ),
    Route(
        "api_messaging.DeskAction",
        args=lambda w: {"request_id": w.desk_request.id, "action": "close"},
        method="POST",
        json=lambda w: {"note": ""},
        expect={"anonymous": 401, "staff": 422, "admin": 422, "*": 403},
    ),
    Route("api_messaging.Claims", expect={"anonymous": 401, "staff": 200, "admin": 200, "*": 403}),
    Route(
        "api_messaging.Claims",
        method="POST",
        json=lambda w: {"org": w.imported.slug, "method": "staff", "reason": ""},
        expect={"anonymous": 401, "member": 409, "*": 422},
    ),
    Route(
        "api_messaging.ClaimConfirm",
        method="POST",
        json=lambda w: {"token": "nope"},
        expect={"anonymous": 401, "*": 404},
    ),
    Route(
        "api_messaging.ClaimDecide",
        args=lambda w: {"claim_id": w.claim.id},
        method="POST",
        json=lambda w: {"decision": "approve", "reason": ""},
        expect={"anonymous": 401, "staff": 422, "admin": 422, "member": 403, "*": 404},
    ),
    Route("api_messaging.Duplicates", query="?name=Imported", expect=API_LOGGED_IN),
]
ROUTES.append(
    Route(
        "messaging.download",
        args=lambda w: {"conversation_id": w.conversation.id, "attachment_id": 999999},
        expect={"anonymous": 302, "*": 404},
    )
)
ROUTES += [
    Route(
        "messaging.block",
        args=_conv,
        method="POST",
        data=lambda w: {"on": "0"},
        expect={**IN_THREAD, "owner": 302, "org_member": 302, "other": 302},
    ),
    Route(
        "messaging.report",
        args=_conv,
        method="POST",
        data=lambda w: {"reason": ""},
        expect={**IN_THREAD, "owner": 302, "org_member": 302, "other": 302},
    ),
]
ROUTES += [
    # The API leave runs first (routes are walked in sorted order): the page's then answers 409,
    # which the page turns into a flash and a redirect (302) like a success.
    Route("api_messaging.Leave", args=_conv, method="POST", expect=API_IN_THREAD),
    Route(
        "messaging.leave",
        args=_conv,
        method="POST",
        expect={**IN_THREAD, "owner": 302, "org_member": 302, "other": 302},
    ),
    Route("messaging.settings", expect=LOGGED_IN),
    Route(
        "messaging.settings",
        method="POST",
        data=lambda w: {"email_mode": ""},
        expect={"anonymous": 302, "*": 422},
    ),
    Route("api_messaging.EmailSettings", expect=API_LOGGED_IN),
    Route(
        "api_messaging.EmailSettings",
        method="PUT",
        json=lambda w: {"email_mode": "digest"},
        expect=API_LOGGED_IN,
    ),
]
