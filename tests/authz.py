"""Authorisation matrix support: every route declares the answer each role must get.

Each feature's tests hold `tests/<feature>/authz.py` with:

    ROUTES = [Route("orgs.edit", args=lambda w: {"slug": w.org.slug},
                    expect={"anonymous": 302, "owner": 200, "staff": 200, "*": 403})]
    def build(world): ...   # optional: create the feature's objects on the shared world

`tests/test_authz_matrix.py` walks `app.url_map` and fails when a (endpoint, method) pair has no
Route, or when a role gets another answer than expected.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

# anonymous; member = logged in, no organisation; owner / org_member = of world.org;
# other = owner of another organisation; staff; admin.
ROLES = ("anonymous", "member", "owner", "org_member", "other", "staff", "admin")


@dataclass
class Route:
    """Expected answers of one endpoint + method for each role ('*' = every other role)."""

    endpoint: str
    args: Callable[[SimpleNamespace], dict] = lambda w: {}
    expect: dict[str, int] = field(default_factory=dict)
    method: str = "GET"
    data: Callable[[SimpleNamespace], dict] | None = None
    json: Callable[[SimpleNamespace], dict] | None = None
    query: str = ""
    relogin: bool = False  # the request ends the session (logout): log in again afterwards

    def expected(self, role: str) -> int:
        """The status this role must get."""
        if role in self.expect:
            return self.expect[role]
        return self.expect["*"]


LOGGED_IN = {"anonymous": 302, "*": 200}
PUBLIC = {"*": 200}
STAFF_ONLY = {"anonymous": 302, "staff": 200, "admin": 200, "*": 403}
ADMIN_ONLY = {"anonymous": 302, "admin": 200, "*": 403}
API_LOGGED_IN = {"anonymous": 401, "*": 200}
