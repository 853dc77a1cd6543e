"""Expected answers of the partner-matching routes for every role."""

from tests.authz import PUBLIC, Route

MEMBERS_STAFF = {
    "anonymous": 302,
    "owner": 200,
    "org_member": 200,
    "staff": 200,
    "admin": 200,
    "*": 403,
}


def _slug(w):
    return {"slug": w.org.slug}


ROUTES = [
    Route("partners.suggestions", args=_slug, expect=MEMBERS_STAFF),
    Route("partners.suggestions", args=_slug, query="?kind=nonsense", expect=MEMBERS_STAFF),
    Route(
        "partners.act",
        args=lambda w: {"slug": w.org.slug, "target": w.other_org.slug, "action": "contact"},
        method="POST",
        data=lambda w: {"message": ""},
        expect={"anonymous": 302, "owner": 302, "org_member": 302, "*": 403},
    ),
    Route("partners.similar", args=_slug, expect=PUBLIC),
    Route(
        "partners.consortium",
        args=lambda w: {"project_id": 999999},
        expect={"anonymous": 302, "*": 404},
    ),
    Route("api_partners.Suggestions", args=_slug, expect={**MEMBERS_STAFF, "anonymous": 401}),
    Route(
        "api_partners.Feedback",
        args=lambda w: {"slug": w.org.slug, "target": w.other_org.slug},
        method="POST",
        json=lambda w: {"action": "contact"},
        expect={"anonymous": 401, "owner": 422, "org_member": 422, "*": 403},
    ),
    Route("api_partners.Similar", args=_slug, expect=PUBLIC),
    Route("api_partners.RelevantDatasets", args=_slug, expect={**MEMBERS_STAFF, "anonymous": 401}),
    Route(
        "api_partners.Consortium",
        args=lambda w: {"project_id": 999999},
        expect={"anonymous": 401, "*": 404},
    ),
]
