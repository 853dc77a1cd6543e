"""Expected answers of the general pages for every role."""

from tests.authz import PUBLIC, Route

ROUTES = [
    Route("main.home", expect=PUBLIC),
    Route("main.about_data", expect=PUBLIC),
    Route("main.api_docs", expect=PUBLIC),
    Route("main.healthz", expect=PUBLIC),
    Route("api-docs.openapi_json", expect=PUBLIC),
]
