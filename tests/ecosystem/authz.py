"""Expected answers of the ecosystem routes for every role of the matrix."""

from pathlib import Path

from tests.authz import STAFF_ONLY, Route

ROUTES = [
    Route("ecosystem.index", expect=STAFF_ONLY),
    Route("ecosystem.graph_json", expect=STAFF_ONLY),
]
# The API blueprint is registered by the lead in app/api/__init__.py; declare it once it is.
_API = Path(__file__).resolve().parents[2] / "app" / "api" / "__init__.py"
if "app.api.ecosystem" in _API.read_text():
    ROUTES.append(
        Route(
            "api_ecosystem.Network", expect={"anonymous": 401, "staff": 200, "admin": 200, "*": 403}
        )
    )
