"""The matcher warm-up at start-up (`PORTAL_MATCHING_WARMUP=1`, set by `make run`)."""

from __future__ import annotations

import logging

from app import create_app
from app.partners import engine


def test_warmup_builds_the_matcher_that_requests_then_use(app, make_user, make_org):
    owner = make_user("warm@example.org")
    org = make_org(owner, "Warm Lab", "university", description="Cardiac imaging with MRI.")
    engine._state.clear()
    thread = engine.start_warmup(app)
    thread.join(120)
    assert not thread.is_alive()
    state = engine._state[app.config["SQLALCHEMY_DATABASE_URI"]]
    assert org.id in state["matcher"].orgs_
    assert engine.get_matcher() is state["matcher"]  # no second build


def test_warmup_failure_is_logged_not_raised(app, monkeypatch):
    def broken():
        raise RuntimeError("database unreachable")

    records = []
    handler = logging.Handler(logging.ERROR)
    handler.emit = records.append  # the app's own logger, whatever other tests did to caplog
    app.logger.addHandler(handler)
    monkeypatch.setattr(engine, "build_matcher", broken)
    engine._state.clear()
    try:
        engine.start_warmup(app).join(30)
    finally:
        app.logger.removeHandler(handler)
    assert [r.getMessage() for r in records] == ["matcher warm-up failed"]
    assert "database unreachable" in str(records[0].exc_info[1])
    assert engine._state.get(app.config["SQLALCHEMY_DATABASE_URI"]) is None


def test_factory_starts_the_warmup_only_when_asked(app, monkeypatch):
    started = []
    monkeypatch.setattr(engine, "start_warmup", started.append)
    create_app(dict(app.config))
    assert started == []
    warm = create_app(dict(app.config) | {"MATCHING_WARMUP": True})
    assert started == [warm]


def test_a_forked_worker_starts_with_a_free_lock_and_no_matcher(app):
    import os

    engine._state["x"] = {"version": 0, "matcher": None}
    engine._lock.acquire()  # as if the parent's warm-up thread held it at fork time
    try:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # child: the lock must be free and the state empty
            ok = engine._lock.acquire(timeout=5) and not engine._state
            os.write(write, b"1" if ok else b"0")
            os._exit(0)
        os.waitpid(pid, 0)
        answer = os.read(read, 1)
        os.close(read)
        os.close(write)
        assert answer == b"1"
    finally:
        engine._lock.release()
        engine._state.clear()
