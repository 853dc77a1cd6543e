"""Issue 17 items 1-6 measured from outside with the exact requests of the issue. Prints figures.

Run: .venv/bin/python bench/issue17/security.py
(SQLite in a temporary folder; production argon2 cost for the timing figures.)
"""

from __future__ import annotations

import io
import os
import re
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from sqlalchemy import update  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from app import create_app  # noqa: E402
from app.config import TestConfig  # noqa: E402
from app.extensions import db  # noqa: E402

PASSWORD = "Lombardia-salute-2026!"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _app(**extra):
    tmp = Path(tempfile.mkdtemp())
    cfg = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    cfg.update(
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp / 'b.db'}",
        MAIL_OUTBOX_DIR=str(tmp / "outbox"),
        UPLOAD_DIR=str(tmp / "up"),
        SQLALCHEMY_ENGINE_OPTIONS={},
        MATCHING_ENABLED=False,
        PROPAGATE_EXCEPTIONS=False,
    )
    cfg.update(extra)
    app = create_app(cfg)
    with app.app_context():
        db.create_all()
    return app


def _token(c, path):
    html = c.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def _login(c, email, password, addr="10.0.0.1"):
    c.environ_base["REMOTE_ADDR"] = addr
    return c.post(
        "/auth/login",
        data={"csrf_token": _token(c, "/auth/login"), "email": email, "password": password},
    )


def _user(app, email, name="Vera Victim", role="member"):
    from app.auth import services as auth

    with app.app_context():
        u = auth.register_user({"email": email, "name": name, "password": PASSWORD}, role=role)
        db.session.commit()
        return u.id


def item1():
    app = _app()
    _user(app, "victim@x.example")
    c = app.test_client()
    evil = {"Host": "evil.example"}
    html = c.get("/auth/forgot", headers=evil).get_data(as_text=True)
    tok = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    r = c.post("/auth/forgot", data={"csrf_token": tok, "email": "victim@x.example"}, headers=evil)
    with app.app_context():
        from app.mail import outbox_messages

        links = [re.findall(r"https?://\S+", m.get_content()) for m in outbox_messages()]
    print(f"1. forgot with Host: evil.example -> {r.status_code}; mailed links: {links}")


def item2():
    app = _app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="10 per minute")
    _user(app, "victim@x.example")
    c = app.test_client()
    codes = [
        _login(c, "victim@x.example", "wrong-password-x", f"10.0.0.{i % 3}").status_code
        for i in range(24)
    ]
    final = _login(c, "victim@x.example", PASSWORD, "10.0.0.9").status_code
    print(
        f"2. 24 wrong passwords from 3 addresses: {codes.count(401)}x401 {codes.count(429)}x429;"
        f" then the right one: {final}"
    )


def item3():
    app = _app(ARGON2_TIME_COST=None, ARGON2_MEMORY_COST=None)  # production cost
    _user(app, "known@x.example")
    c = app.test_client()

    def ms(email):
        samples = []
        for i in range(4):
            t = time.perf_counter()
            _login(c, email, f"wrong-password-{i}", f"10.1.{i}.1")
            samples.append((time.perf_counter() - t) * 1000)
        return statistics.median(samples)

    known, unknown = ms("known@x.example"), ms("unknown@x.example")
    r = c.post(
        "/auth/register",
        data={
            "csrf_token": _token(c, "/auth/register"),
            "name": "Someone",
            "email": "known@x.example",
            "password": "another long passphrase",
            "locale": "en",
        },
        headers={"Accept-Language": "en"},
    )
    said = re.findall(r'class="invalid-feedback"[^>]*>([^<]+)<', r.get_data(as_text=True))
    said += re.findall(r'role="alert">\s*([^<]+)<', r.get_data(as_text=True))
    print(
        f"3. wrong password: existing {known:.0f} ms, unknown {unknown:.0f} ms (median of 4);"
        f" registering an existing e-mail -> {r.status_code} {[s.strip() for s in said]}"
    )


def item4():
    app = _app()
    c = app.test_client()
    out = []
    for pw in ("password12", "1234567890", "qwertyuiop", "wanda.rossi@x.example"):
        c2 = app.test_client()
        r = c2.post(
            "/auth/register",
            data={
                "csrf_token": _token(c2, "/auth/register"),
                "name": "Wanda Rossi",
                "email": "wanda.rossi@x.example" if "@" in pw else f"w{len(out)}@x.example",
                "password": pw,
                "locale": "en",
            },
        )
        out.append(f"{pw}->{r.status_code}")
    del c
    print(f"4. register with weak passwords: {', '.join(out)} (302 = accepted)")


def item5():
    app = _app()
    uid = _user(app, "s@x.example")
    admin = _user(app, "admin@x.example", "Ada Admin", "admin")
    c = app.test_client()
    _login(c, "s@x.example", PASSWORD)
    from app.auth.models import UserSession

    with app.app_context():
        db.session.execute(
            update(UserSession).values(created_at=db.func.datetime("now", "-8 days"))
        )
        db.session.commit()
    with c.session_transaction() as s:
        if "seen" in s:
            s["seen"] = int(time.time()) - 8 * 86400
    idle = c.get("/account").status_code
    from app.auth import services as auth
    from app.auth.models import User

    with app.app_context():
        user = db.session.get(User, uid)
        tok = auth.create_api_token(user)
        db.session.commit()
        auth.change_password(
            db.session.get(User, uid),
            {"current_password": PASSWORD, "new_password": "a different passphrase 2"},
        )
        db.session.commit()
    api = c.get("/api/v1/me", headers={"Authorization": f"Bearer {tok}"}).status_code
    a = app.test_client()
    _login(a, "admin@x.example", PASSWORD)
    cache = {
        p: a.get(p).headers.get("Cache-Control")
        for p in ("/", "/orgs", "/account", "/account/export.json", "/admin/users", "/api/v1/me")
    }
    cache["/api/v1/orgs (anonymous)"] = (
        app.test_client().get("/api/v1/orgs").headers.get("Cache-Control")
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}/orgs") as resp:
        header = resp.headers.get("Server")
    server.shutdown()
    del admin
    print(f"5. cookie after 8 idle days: /account -> {idle} (200 = still logged in)")
    print(f"5. API token after a password change: /api/v1/me -> {api} (200 = still valid)")
    print(f"5. Cache-Control (logged in as admin): {cache}")
    print(f"5. Server header (Werkzeug server): {header!r}")


def item6():
    app = _app()
    with app.app_context():
        from app.challenges.models import Attachment

        del Attachment
    # The attachment path (challenges) and the distribution path (datasets) through services.
    from app.auth import services as auth
    from app.datasets import services as ds_services
    from app.orgs import services as orgs

    with app.app_context(), app.test_request_context():
        owner = auth.register_user({"email": "o@x.example", "name": "Olga", "password": PASSWORD})
        org = orgs.create_org(owner, {"name": "IRCCS Up", "kind": "research_hospital"})
        db.session.commit()
        sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
        from tests.datasets.support import make_dataset

        ds = make_dataset(owner, org, "up:1")
        db.session.commit()

        class Up:
            def __init__(self, content, name):
                self._b, self.filename = io.BytesIO(content), name

            def read(self, *a):
                return self._b.read(*a)

        try:
            d = ds_services.add_distribution(
                owner, ds, {"format": "CSV", "title": "x"}, Up(b"MZ\x90\x00exe", "data.csv")
            )
            db.session.commit()
            res = f"accepted, stored as {d.stored_name!r}"
        except Exception as exc:  # noqa: BLE001
            db.session.rollback()
            res = f"refused: {getattr(exc, 'message', exc)}"
    print(f"6. distribution file with executable bytes declared CSV: {res}")
    attachment_download_name()


def attachment_download_name():
    try:
        from app.core.uploads import download_name
    except ImportError:
        print("6. attachment x.exe holding a PDF: downloads as 'x.exe' (name kept as sent)")
        return
    print(f"6. attachment x.exe holding a PDF: downloads as {download_name('x.exe', '.pdf')!r}")


if __name__ == "__main__":
    for step in (item1, item2, item3, item4, item5, item6):
        try:
            step()
        except Exception as exc:  # noqa: BLE001 - a figure that cannot be taken is reported
            print(f"{step.__name__}: could not measure ({type(exc).__name__}: {exc})")
