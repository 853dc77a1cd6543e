"""Issue 17 item 9 measured from outside: huge ids on every GET route, odd slugs, NUL bytes,
lone surrogates, deep JSON, bidi / zero-width characters in names. Prints the counts.

Run: .venv/bin/python bench/issue17/inputs.py [sqlite|postgres]
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from app import create_app  # noqa: E402
from app.config import TestConfig  # noqa: E402
from app.extensions import db  # noqa: E402

PASSWORD = "Lombardia-salute-2026!"


def _app(backend: str):
    tmp = Path(tempfile.mkdtemp())
    server = None
    if backend == "postgres":
        from tests.pg import PostgresServer

        server = PostgresServer().start()
        url = server.create_database("bench_inputs")
    else:
        url = f"sqlite:///{tmp / 'b.db'}"
    cfg = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    cfg.update(
        SQLALCHEMY_DATABASE_URI=url,
        MAIL_OUTBOX_DIR=str(tmp / "outbox"),
        UPLOAD_DIR=str(tmp / "up"),
        SQLALCHEMY_ENGINE_OPTIONS={},
        MATCHING_ENABLED=False,
        PROPAGATE_EXCEPTIONS=False,
        TESTING=False,
    )
    return create_app(cfg), server


def main(backend: str) -> None:
    app, server = _app(backend)
    from app.auth import services as auth

    with app.app_context():
        db.create_all()
        admin = auth.register_user(
            {"email": "admin@x.example", "name": "Ad", "password": PASSWORD}, role="admin"
        )
        token = auth.create_api_token(admin)
        db.session.commit()
    c = app.test_client()
    h = {"Authorization": f"Bearer {token}"}
    big = {"2^63+1": 2**63 + 1, "2^31+1": 2**31 + 1}
    rules = [
        r
        for r in app.url_map.iter_rules()
        if "GET" in r.methods and r.arguments and not r.rule.startswith("/static")
    ]
    for label, number in {**big, "³": "³"}.items():
        errors, tried, where = 0, 0, []
        for rule in rules:
            path = rule.rule
            for arg in rule.arguments:
                conv = rule._converters.get(arg)
                name = type(conv).__name__ if conv else ""
                if "Any" in name:
                    val = sorted(getattr(conv, "items", ["ttl"]))[0]
                else:  # ids and slugs alike get the number
                    val = str(number)
                path = re.sub(rf"<(?:[^>:]+:)?{arg}>", val, path)
            tried += 1
            resp = c.get(path, headers=h if path.startswith("/api/") else {})
            if resp.status_code >= 500:
                errors += 1
                where.append(rule.rule)
        print(f"[{backend}] ids/slugs {label}: {errors} server errors on {tried} GET routes")
        for w in where[:50]:
            print(f"[{backend}]     500 on {w}")
    checks = {
        "GET /orgs?q=%00": lambda: c.get("/orgs?q=%00"),
        "POST /api/v1/orgs name with NUL": lambda: c.post(
            "/api/v1/orgs", json={"name": "A\x00B", "kind": "startup"}, headers=h
        ),
        "POST /api/v1/orgs lone surrogate": lambda: c.post(
            "/api/v1/orgs",
            data='{"name": "A\\ud800B", "kind": "startup"}',
            content_type="application/json",
            headers=h,
        ),
        "POST /api/v1/orgs JSON nested 100000": lambda: c.post(
            "/api/v1/orgs",
            data="[" * 100000 + "]" * 100000,
            content_type="application/json",
            headers=h,
        ),
        "POST /api/v1/orgs name with U+202E": lambda: c.post(
            "/api/v1/orgs", json={"name": "Acme\u202eevil", "kind": "startup"}, headers=h
        ),
        "POST /api/v1/orgs name with U+200B": lambda: c.post(
            "/api/v1/orgs", json={"name": "Ac\u200bme", "kind": "startup"}, headers=h
        ),
    }
    for label, call in checks.items():
        resp = call()
        print(f"[{backend}] {label}: {resp.status_code}")
    with app.app_context():
        from app.orgs.models import Organisation

        names = [o.name for o in db.session.scalars(db.select(Organisation))]
        shown = [n.encode("unicode_escape").decode() for n in names]
        print(f"[{backend}] organisations stored: {shown}")
        db.session.remove()
        db.engine.dispose()
    if server:
        server.stop()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "sqlite")
