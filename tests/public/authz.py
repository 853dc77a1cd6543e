"""Expected answers of the public-sector pages: open to everyone."""

from tests.authz import PUBLIC, Route

ROUTES = [
    Route("public.accessibility", expect=PUBLIC),
    Route("public.privacy", expect=PUBLIC),
    Route("public.legal", expect=PUBLIC),
    Route("public.cookies", expect=PUBLIC),
    Route("public.contacts", expect=PUBLIC),
    Route("public.favicon", expect=PUBLIC),
]
