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
    Route("api_area.Area", expect=API_LOGGED_IN),
    Route(
        "api_area.Seen",
        method="POST",
        json=lambda w: {"org": w.org.id, "targets": []},
        expect={"anonymous": 401, "owner": 200, "org_member": 200, "*": 403},
    ),
]
