"""The README's production command under traffic during start-up (issue 18): gunicorn with 2
workers and --preload (gunicorn.conf.py) on a small database, requests sent from the moment
the port opens, while each worker brings its matcher up to date in the background."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from app.extensions import db
from app.partners import engine
from app.partners.embeddings import bump_version
from app.partners.rebuild import rebuild_all

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")

pytestmark = pytest.mark.skipif(not GUNICORN.exists(), reason="gunicorn not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as resp:  # noqa: S310 - localhost
            return resp.status, resp.headers.get("X-Matcher-Status", "")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("X-Matcher-Status", "")


def _orgs(make_user, make_org):
    texts = [
        ("Cardio Lab", "university", "Cardiac MRI imaging and heart failure studies."),
        ("Sepsi Start", "startup", "Wearable biosensors for early sepsis in intensive care."),
        ("ICU Hospital", "research_hospital", "Intensive care unit, sepsis clinical studies."),
        ("Gene Co", "company", "Genomic sequencing services for rare diseases."),
    ]
    return [
        make_org(make_user(f"u{i}@example.org"), name, kind, description=text)
        for i, (name, kind, text) in enumerate(texts)
    ]


def _stop(proc: subprocess.Popen) -> None:
    """Quick shutdown (SIGINT); the whole group is killed if it has not ended after 60 s."""
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(30)


@pytest.mark.parametrize("snapshot", ["current", "stale"])
def test_gunicorn_two_preloaded_workers_answer_during_warmup(
    app, make_user, make_org, tmp_path, monkeypatch, snapshot
):
    inst = tmp_path / "instance"
    inst.mkdir()
    monkeypatch.setitem(app.config, "MATCHING_SNAPSHOT_PATH", str(inst / "matcher.pkl"))
    monkeypatch.setitem(app.config, "MATCHING_ENABLED", False)
    orgs = _orgs(make_user, make_org)
    rebuild_all()
    db.session.commit()
    with app.app_context():
        assert engine.save_snapshot() is not None
    if snapshot == "stale":  # a profile changed since: every worker builds in the background
        bump_version()
        db.session.commit()
    port = _free_port()
    env = dict(
        os.environ,
        DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
        PORTAL_INSTANCE_DIR=str(inst),
        SECRET_KEY="gunicorn-test",
        PORTAL_BIND=f"127.0.0.1:{port}",
        PORTAL_WORKERS="2",
        PORTAL_MATCHING_WARMUP="1",
        HF_HUB_OFFLINE="1",
    )
    log = tmp_path / "gunicorn.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [str(GUNICORN), "-c", "gunicorn.conf.py", "--error-logfile", "-", "wsgi:app"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the teardown reaches the workers
        )
    codes: list[tuple[int, str]] = []
    urls = [
        f"http://127.0.0.1:{port}/api/v1/partners/orgs/{orgs[1].slug}/similar",
        f"http://127.0.0.1:{port}/orgs/{orgs[0].slug}/similar",
    ]
    try:
        deadline = time.monotonic() + 240
        ready = 0
        while time.monotonic() < deadline and ready < 6:
            try:
                for url in urls:
                    codes.append(_get(url))
            except (ConnectionError, urllib.error.URLError, TimeoutError):
                time.sleep(0.1)  # the port is not open yet
                continue
            ready = ready + 1 if codes[-2][1] == codes[-1][1] == "ready" else 0
            time.sleep(0.05)
    finally:
        _stop(proc)
    text = log.read_text()
    assert codes, text
    assert [c for c in codes if c[0] >= 500] == [], text
    assert {c[1] for c in codes} <= {"ready", "stale", "preparing"}, codes
    assert ready == 6, f"never ready: {codes[-4:]}\n{text}"  # both workers serve the matcher
    assert text.count("Booting worker") == 2, text  # no worker was killed and restarted
    assert "WORKER TIMEOUT" not in text and "Worker exiting" not in text.split("Handling")[0]
