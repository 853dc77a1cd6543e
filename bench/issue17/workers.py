"""Issue 17 item 2 with real workers: `gunicorn -w 4`, in-memory rate-limit storage, 40 wrong
passwords on one account from one address. Prints how many were evaluated (401) and refused.

Run: .venv/bin/python bench/issue17/workers.py
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Lombardia-salute-2026!"


def main() -> None:
    tmp = Path(tempfile.mkdtemp())
    env = {
        **os.environ,
        "PORTAL_INSTANCE_DIR": str(tmp),
        "PORTAL_DATABASE_URL": f"sqlite:///{tmp / 'w.db'}",
        "SECRET_KEY": "bench-secret",
        "PORTAL_MATCHING_WARMUP": "0",
        "HF_HUB_OFFLINE": "1",
    }
    setup = (
        "from app import create_app; from app.extensions import db; "
        "from app.auth import services as s; app = create_app()\n"
        "with app.app_context():\n db.create_all()\n"
        f" s.register_user({{'email': 'v@x.example', 'name': 'V', 'password': '{PASSWORD}'}})\n"
        " db.session.commit()"
    )
    subprocess.run([sys.executable, "-c", setup], cwd=ROOT, env=env, check=True)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "-w",
            "4",
            "-b",
            f"127.0.0.1:{port}",
            "wsgi:app",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/auth/login", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        codes = Counter()
        for _ in range(40):
            opener = urllib.request.build_opener(
                urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
            )
            html = opener.open(base + "/auth/login").read().decode()
            token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
            data = urllib.parse.urlencode(
                {"csrf_token": token, "email": "v@x.example", "password": "wrong-password-x"}
            ).encode()
            try:
                codes[opener.open(base + "/auth/login", data=data, timeout=60).status] += 1
            except urllib.error.HTTPError as err:
                codes[err.code] += 1
        print(f"gunicorn -w 4, 40 wrong passwords on one account: {dict(sorted(codes.items()))}")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
