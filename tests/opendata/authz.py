"""Expected answers of the open-data routes for every role (see tests/authz.py)."""

from __future__ import annotations

from tests.authz import PUBLIC, Route

STAFF_API = {"anonymous": 401, "staff": 200, "admin": 200, "*": 403}

ROUTES = [
    Route("opendata.index", expect=PUBLIC),
    Route("opendata.download_csv", args=lambda w: {"kind": "projects"}, expect=PUBLIC),
    Route(
        "opendata.download_csv",
        args=lambda w: {"kind": "partners"},
        query="?dialect=intl",
        expect=PUBLIC,
    ),
    Route("opendata.download_json", args=lambda w: {"kind": "calls"}, expect=PUBLIC),
    Route("api_opendata.OpenData", args=lambda w: {"kind": "projects"}, expect=PUBLIC),
    Route(
        "api_opendata.ProjectCodes",
        method="PUT",
        args=lambda w: {"project_id": w.project.id},
        json=lambda w: {"cup": "E19J21000000007", "istat_code": "015146"},
        expect=STAFF_API,
    ),
]
