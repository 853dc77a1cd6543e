"""Walk every route of app.url_map as every role; each must have a declared expected answer."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest
from flask import url_for

from app.extensions import db
from tests.authz import ROLES, Route
from tests.conftest import csrf_token, login
from tests.world import build_world

IGNORED = {"static"}


def _feature_modules():
    root = Path(__file__).parent
    for info in pkgutil.iter_modules([str(root)]):
        if info.ispkg and (root / info.name / "authz.py").exists():
            yield importlib.import_module(f"tests.{info.name}.authz")


def _all_routes() -> tuple[dict[tuple[str, str], list[Route]], list]:
    routes, builders = {}, []
    for mod in _feature_modules():
        for r in mod.ROUTES:
            routes.setdefault((r.endpoint, r.method), []).append(r)
        if hasattr(mod, "build"):
            builders.append(mod.build)
    return routes, builders


def test_every_route_is_declared(app):
    routes, _ = _all_routes()
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in IGNORED:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if (rule.endpoint, method) not in routes:
                missing.append(f"{method} {rule.rule} ({rule.endpoint})")
    assert not missing, "routes without an expected answer in tests/*/authz.py:\n" + "\n".join(
        missing
    )
    known = {(r.endpoint, m) for r in app.url_map.iter_rules() for m in r.methods}
    stale = [k for k in routes if k not in known]
    assert not stale, f"declared routes that no longer exist: {stale}"


def built_world():
    """Every package's routes and the world their builders made (committed)."""
    routes, builders = _all_routes()
    world = build_world()
    for build in builders:
        build(world)
    db.session.commit()
    return routes, world


@pytest.mark.parametrize("role", ROLES)
def test_matrix(app, role):
    routes, world = built_world()
    client = app.test_client()
    if role != "anonymous":
        assert login(client, world.users[role].email).status_code == 302
    token = csrf_token(client, "/auth/login")
    wrong = []
    todo = [(key, r) for key, variants in sorted(routes.items()) for r in variants]
    for (endpoint, method), route in todo:
        with app.test_request_context():
            url = url_for(endpoint, **route.args(world)) + route.query
        kwargs = {}
        if method != "GET":
            if route.json is not None:
                kwargs["json"] = route.json(world)
                kwargs["headers"] = {"X-CSRFToken": token}
            else:
                kwargs["data"] = {"csrf_token": token, **(route.data(world) if route.data else {})}
        resp = client.open(url, method=method, **kwargs)
        db.session.rollback()
        if route.relogin:
            if role != "anonymous":
                login(client, world.users[role].email)
            token = csrf_token(client, "/auth/login")
        if resp.status_code != route.expected(role):
            wrong.append(
                f"{method} {url} ({endpoint}): got {resp.status_code}, "
                f"expected {route.expected(role)}"
            )
    assert not wrong, f"role {role}:\n" + "\n".join(wrong)
