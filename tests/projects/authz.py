"""Expected answers of the projects routes for every role of the matrix."""

from app.projects import calls, reports, services
from tests.authz import PUBLIC, STAFF_ONLY, Route

LEAD = {"anonymous": 302, "owner": 200, "org_member": 200, "*": 403}
LEAD_POST = {"anonymous": 302, "owner": 422, "org_member": 422, "*": 403}
STAFF_POST = {"anonymous": 302, "staff": 422, "admin": 422, "*": 403}
MEMBERS = {"anonymous": 302, "owner": 200, "org_member": 200, "staff": 200, "admin": 200, "*": 404}
API_STAFF = {"anonymous": 401, "staff": 200, "admin": 200, "*": 403}


def build(world) -> None:
    """A regional call, a project led by world.org with world.company, a submitted report."""
    staff, owner = world.users["staff"], world.users["owner"]
    world.call = calls.create_call(
        staff,
        {"programme": "POR", "code": "MATRIX-1", "title": "Matrix call", "budget": "10000000"},
    )
    world.project = services.create_project(
        staff,
        {
            "call_id": world.call.id,
            "acronym": "MTX",
            "title": "Matrix project",
            "lead": world.org.slug,
            "total_cost": "100000",
            "grant_amount": "50000",
            "start_date": "2024-01-01",
            "end_date": "2027-12-31",
            "partners": [{"org": world.company.slug, "cost_share": "10000"}],
            "milestones": [{"title": "M1", "due_date": "2024-06-30"}],
        },
    )
    world.report = reports.submit_report(
        owner,
        world.project,
        {
            "period_start": "2024-01-01",
            "period_end": "2024-06-30",
            "spending": {str(world.org.id): "1000"},
        },
    )


def _p(w):
    return {"project_id": w.project.id}


def _r(w):
    return {"report_id": w.report.id}


ROUTES = [
    Route("projects.index", expect=PUBLIC),
    Route("projects.detail", args=_p, expect=PUBLIC),
    Route("projects.call_list", expect=PUBLIC),
    Route("projects.new_call", expect=STAFF_ONLY),
    Route("projects.new_call", method="POST", expect=STAFF_POST),
    Route("projects.new_project", expect=STAFF_ONLY),
    Route("projects.new_project", method="POST", expect=STAFF_POST),
    Route(
        "projects.change_status",
        method="POST",
        args=_p,
        data=lambda w: {"status": "terminated"},
        expect={"anonymous": 302, "staff": 302, "admin": 302, "*": 403},
    ),
    Route("projects.new_report", args=_p, expect=LEAD),
    Route("projects.new_report", method="POST", args=_p, expect=LEAD_POST),
    # the report is submitted, so its editors are sent back to it (302)
    Route(
        "projects.edit_report",
        args=_r,
        expect={"anonymous": 302, "owner": 302, "org_member": 302, "*": 403},
    ),
    Route(
        "projects.edit_report",
        method="POST",
        args=_r,
        expect={"anonymous": 302, "owner": 302, "org_member": 302, "*": 403},
    ),
    Route("projects.report", args=_r, expect=MEMBERS),
    # the API route (run first) already accepted the report: staff get 409 here
    Route(
        "projects.review",
        method="POST",
        args=_r,
        data=lambda w: {"decision": "return", "comment": "More detail please"},
        expect={"anonymous": 302, "staff": 409, "admin": 409, "*": 403},
    ),
    Route("projects.new_output", args=_p, expect=LEAD),
    Route("projects.new_output", method="POST", args=_p, expect=LEAD_POST),
    Route("projects.dashboard", expect=STAFF_ONLY),
    Route("projects.export", args=lambda w: {"what": "projects", "fmt": "csv"}, expect=STAFF_ONLY),
    Route("api_projects.Projects", expect=PUBLIC),
    Route(
        "api_projects.Projects",
        method="POST",
        json=lambda w: {
            "call_id": w.call.id,
            "acronym": "API",
            "title": "Via API",
            "lead": w.org.slug,
            "total_cost": 1000,
            "grant_amount": 500,
            "start_date": "2025-01-01",
            "end_date": "2025-12-31",
        },
        expect={"anonymous": 401, "staff": 201, "admin": 201, "*": 403},
    ),
    Route("api_projects.ProjectItem", args=_p, expect=PUBLIC),
    Route(
        "api_projects.ProjectStatus",
        method="PUT",
        args=_p,
        json=lambda w: {"status": "suspended"},
        expect=API_STAFF,
    ),
    Route("api_projects.Calls", expect=PUBLIC),
    Route(
        "api_projects.Calls",
        method="POST",
        json=lambda w: {"programme": "POR", "code": "API-CALL", "title": "Via API"},
        expect={"anonymous": 401, "staff": 201, "admin": 201, "*": 403},
    ),
    Route(
        "api_projects.Reports",
        args=_p,
        expect={
            "anonymous": 401,
            "owner": 200,
            "org_member": 200,
            "staff": 200,
            "admin": 200,
            "*": 403,
        },
    ),
    Route(
        "api_projects.Reports",
        method="POST",
        args=_p,
        json=lambda w: {"period_start": "2024-07-01", "period_end": "2024-12-31"},
        expect={"anonymous": 401, "owner": 201, "org_member": 201, "*": 403},
    ),
    Route(
        "api_projects.ReportItem",
        args=_r,
        expect={
            "anonymous": 401,
            "owner": 200,
            "org_member": 200,
            "staff": 200,
            "admin": 200,
            "*": 404,
        },
    ),
    Route(
        "api_projects.ReportItem",
        method="PUT",
        args=_r,
        json=lambda w: {"period_start": "2024-01-01", "period_end": "2024-06-30"},
        expect={"anonymous": 401, "owner": 409, "org_member": 409, "*": 403},
    ),
    Route(
        "api_projects.ReportReview",
        method="POST",
        args=_r,
        json=lambda w: {"decision": "accept"},
        expect=API_STAFF,
    ),
    Route(
        "api_projects.Outputs",
        method="POST",
        args=_p,
        json=lambda w: {"kind": "product", "title": "Device"},
        expect={"anonymous": 401, "owner": 201, "org_member": 201, "*": 403},
    ),
    Route("api_projects.Dashboard", expect=API_STAFF),
    Route("api_projects.Export", args=lambda w: {"what": "partners"}, expect=API_STAFF),
]
