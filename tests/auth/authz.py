"""Expected answers of the account routes for every role."""

from tests.authz import ADMIN_ONLY, API_LOGGED_IN, LOGGED_IN, PUBLIC, Route

ROUTES = [
    Route("auth.login", expect=PUBLIC),
    Route("auth.login", method="POST", expect={"*": 401}),
    Route("auth.register", expect=PUBLIC),
    Route("auth.register", method="POST", expect={"*": 422}),
    Route("auth.confirm", args=lambda w: {"token": "bogus"}, expect=PUBLIC),
    Route("auth.confirm", args=lambda w: {"token": "bogus"}, method="POST", expect={"*": 422}),
    Route("auth.forgot", expect=PUBLIC),
    Route("auth.forgot", method="POST", expect={"*": 422}),
    Route("auth.reset", args=lambda w: {"token": "bogus"}, expect=PUBLIC),
    Route("auth.reset", args=lambda w: {"token": "bogus"}, method="POST", expect={"*": 422}),
    Route("auth.logout", method="POST", expect={"*": 302}, relogin=True),
    Route("auth.account", expect=LOGGED_IN),
    Route("auth.api_token", method="POST", expect=LOGGED_IN),
    Route("auth.change_password", method="POST", expect={"anonymous": 302, "*": 422}),
    Route("auth.language", method="POST", data=lambda w: {"locale": "it"}, expect={"*": 302}),
    Route("auth.users", expect=ADMIN_ONLY),
    Route(
        "auth.set_role",
        args=lambda w: {"user_id": w.users["member"].id},
        method="POST",
        data=lambda w: {"role": "member"},
        expect={"anonymous": 302, "admin": 302, "*": 403},
    ),
    Route("api_account.Me", expect=API_LOGGED_IN),
    Route("api_account.Export", expect=API_LOGGED_IN),
]
