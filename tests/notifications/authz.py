"""Expected answers of the notification routes for every role."""

from tests.authz import LOGGED_IN, Route

ROUTES = [
    Route("notifications.index", expect=LOGGED_IN),
    Route("notifications.mark_read", method="POST", expect={"anonymous": 302, "*": 302}),
]
