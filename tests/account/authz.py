"""Expected answers of the personal-area routes for every role."""

from tests.authz import API_LOGGED_IN, LOGGED_IN, Route

ROUTES = [
    Route("account.home", expect=LOGGED_IN),
    Route(
        "account.seen",
        method="POST",
        data=lambda w: {"org": "", "targets": ""},
        expect={"anonymous": 302, "*": 422},
    ),
    Route("account.digest_choice", method="POST", data=lambda w: {"on": "0"}, expect={"*": 302}),
    Route("account.unsubscribe", args=lambda w: {"token": "nope"}, expect={"*": 404}),
    Route(
        "account.unsubscribe", args=lambda w: {"token": "nope"}, method="POST", expect={"*": 404}
    ),
    Route("account.delete", method="POST", expect={"anonymous": 302, "*": 422}),
    Route("account.export", expect=LOGGED_IN),
    Route(
        "account.hand_over",
        args=lambda w: {"org_id": w.org.id},
        method="POST",
        expect={"anonymous": 302, "owner": 422, "*": 404},
    ),
    Route(
        "account.close_org",
        args=lambda w: {"org_id": w.org.id},
        method="POST",
        expect={"anonymous": 302, "owner": 409, "*": 404},
    ),
    Route(
        "api_account.Me",
        method="DELETE",
        json=lambda w: {"password": "not-the-password"},
        expect={"anonymous": 401, "*": 422},
    ),
    Route(
        "api_account.HandOver",
        args=lambda w: {"org_id": w.org.id},
        method="POST",
        json=lambda w: {"user_id": 0},
        expect={"anonymous": 401, "owner": 422, "*": 404},
    ),
    Route(
        "api_account.Close",
        args=lambda w: {"org_id": w.org.id},
        method="POST",
        json=lambda w: {"confirm": "x"},
        expect={"anonymous": 401, "owner": 409, "*": 404},
    ),
    Route("api_area.Digest", method="POST", json=lambda w: {"on": False}, expect=API_LOGGED_IN),
    Route("api_area.Area", expect=API_LOGGED_IN),
    Route(
        "api_area.Seen",
        method="POST",
        json=lambda w: {"org": w.org.id, "targets": []},
        expect={"anonymous": 401, "owner": 200, "org_member": 200, "*": 403},
    ),
]
