"""Expected answers of the organisation routes for every role."""

from tests.authz import LOGGED_IN, PUBLIC, Route

OWNERS = {"anonymous": 302, "owner": 200, "staff": 200, "admin": 200, "*": 403}


def _slug(w):
    return {"slug": w.org.slug}


ROUTES = [
    Route("orgs.directory", expect=PUBLIC),
    Route("orgs.directory", query="?q=matrix&kind=startup&trl=3&verified=0", expect=PUBLIC),
    Route("orgs.profile", args=_slug, expect=PUBLIC),
    Route("orgs.create", expect=LOGGED_IN),
    Route("orgs.create", method="POST", expect={"anonymous": 302, "*": 422}),
    Route("orgs.edit", args=_slug, expect=OWNERS),
    Route(
        "orgs.edit",
        args=_slug,
        method="POST",
        expect={**OWNERS, "owner": 422, "staff": 422, "admin": 422},
    ),
    Route(
        "orgs.verify",
        args=_slug,
        method="POST",
        data=lambda w: {"verified": "1"},
        expect={"anonymous": 302, "staff": 302, "admin": 302, "*": 403},
    ),
    Route(
        "orgs.invite",
        args=_slug,
        method="POST",
        data=lambda w: {"email": "not-an-email"},
        expect={"anonymous": 302, "owner": 302, "staff": 302, "admin": 302, "*": 403},
    ),
    Route(
        "orgs.remove_member",
        args=lambda w: {"slug": w.org.slug, "user_id": w.users["member"].id},
        method="POST",
        expect={"anonymous": 302, "owner": 404, "staff": 404, "admin": 404, "*": 403},
    ),
    Route("orgs.invitation", args=lambda w: {"token": "bogus"}, expect={"*": 404}),
    Route("orgs.invitation", args=lambda w: {"token": "bogus"}, method="POST", expect={"*": 404}),
    Route("api_orgs.Orgs", expect=PUBLIC),
    Route("api_orgs.Orgs", method="POST", json=lambda w: {}, expect={"anonymous": 401, "*": 422}),
    Route("api_orgs.OrgItem", args=_slug, expect=PUBLIC),
    Route(
        "api_orgs.OrgItem",
        args=_slug,
        method="PATCH",
        json=lambda w: {"city": "Milano"},
        expect={"anonymous": 401, "owner": 200, "staff": 200, "admin": 200, "*": 403},
    ),
    Route(
        "api_orgs.OrgVerification",
        args=_slug,
        method="PUT",
        json=lambda w: {"verified": True},
        expect={"anonymous": 401, "staff": 200, "admin": 200, "*": 403},
    ),
]
