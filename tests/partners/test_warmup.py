"""The matcher warm-up at start-up (`PORTAL_MATCHING_WARMUP=1`, set by `make run`)."""

from __future__ import annotations

import logging
import os
import threading

import numpy as np
import pytest

from app import create_app
from app.extensions import db
from app.orgs.models import Organisation
from app.partners import engine
from app.partners.embeddings import bump_version


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


def test_a_forked_worker_starts_with_a_free_lock_and_keeps_finished_matchers(app):
    engine._state["x"] = {"version": 0, "matcher": "finished"}
    engine._builders["x"] = "the parent's thread"
    engine._lock.acquire()  # as if the parent's warm-up thread held it at fork time
    try:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # child: lock free, no builder, the parent's finished matcher kept
            ok = (
                engine._lock.acquire(timeout=5)
                and not engine._builders
                and engine._state.get("x", {}).get("matcher") == "finished"
            )
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
        engine._builders.clear()


@pytest.fixture
def background(app, monkeypatch):
    """Requests never build the matcher (the production setting; the suite builds in them)."""
    monkeypatch.setitem(app.config, "MATCHING_BUILD_IN_REQUEST", False)
    engine._state.clear()
    engine._builders.clear()
    engine._failed_at.clear()
    yield
    for thread in list(engine._builders.values()):
        thread.join(120)
    engine._builders.clear()
    engine._state.clear()


def _pair(make_user, make_org):
    owner = make_user("start@example.org")
    start = make_org(
        owner, "Sepsi Start", "startup", description="Wearable sepsis biosensors for ICU."
    )
    other = make_org(
        make_user("icu@example.org"),
        "ICU Hospital",
        "research_hospital",
        description="Intensive care unit, sepsis studies and patient monitoring.",
    )
    return owner, start, other


def test_a_page_before_the_matcher_is_ready_says_it_is_being_prepared(
    app, background, make_user, make_org, as_user, monkeypatch
):
    owner, start, other = _pair(make_user, make_org)
    gate = threading.Event()
    real_build = engine.build_matcher

    def slow_build(*previous):
        gate.wait(60)  # the build takes as long as the test wants
        return real_build(*previous)

    monkeypatch.setattr(engine, "build_matcher", slow_build)
    client = as_user(owner)
    for lang, text in (("en", "Suggestions are being prepared"), ("it", "in preparazione")):
        resp = client.get(f"/orgs/{start.slug}/partners?lang={lang}")
        assert resp.status_code == 200
        assert text in resp.get_data(as_text=True)
    api = client.get(f"/api/v1/partners/orgs/{start.slug}/suggestions")
    assert api.status_code == 200 and api.get_json() == []
    assert api.headers["X-Matcher-Status"] == "preparing" and api.headers["Retry-After"]
    builders = list(engine._builders.values())
    assert len(builders) == 1  # three requests, one background build
    gate.set()
    builders[0].join(120)
    resp = client.get(f"/orgs/{start.slug}/partners?scope=all")
    html = resp.get_data(as_text=True)
    assert "Suggestions are being prepared" not in html and "ICU Hospital" in html
    api = client.get(f"/api/v1/partners/orgs/{start.slug}/suggestions")
    assert api.headers["X-Matcher-Status"] == "ready"
    assert other.slug in [i["slug"] for i in api.get_json()]


def test_after_a_version_change_the_previous_matcher_serves_while_the_new_one_builds(
    app, background, make_user, make_org, as_user, monkeypatch
):
    owner, start, _other = _pair(make_user, make_org)
    with app.test_request_context():
        engine.ensure_background(app).join(120)
        old = engine.get_matcher()
    assert old is not None
    bump_version()
    db.session.commit()
    gate = threading.Event()
    real_build = engine.build_matcher
    monkeypatch.setattr(engine, "build_matcher", lambda *p: gate.wait(60) and real_build(*p))
    with app.test_request_context():
        assert engine.get_matcher() is old  # stale, at once
        assert engine.status() == "stale"
    resp = as_user(owner).get(f"/orgs/{start.slug}/partners?scope=all")
    assert resp.status_code == 200 and "ICU Hospital" in resp.get_data(as_text=True)
    gate.set()
    engine._builders[app.config["SQLALCHEMY_DATABASE_URI"]].join(120)
    with app.test_request_context():
        new = engine.get_matcher()
        assert new is not old and engine.status() == "ready"


def test_a_failed_background_build_is_logged_and_not_retried_at_once(
    app, background, make_user, make_org, monkeypatch
):
    _pair(make_user, make_org)
    calls = []

    def broken():
        calls.append(1)
        raise RuntimeError("database unreachable")

    monkeypatch.setattr(engine, "build_matcher", broken)
    with app.test_request_context():
        assert engine.get_matcher() is None
        engine._builders[app.config["SQLALCHEMY_DATABASE_URI"]].join(30)
        assert engine.get_matcher() is None and engine.status() == "preparing"
    assert calls == [1]  # the second request did not start another build


def test_snapshot_arrays_are_memory_mapped_and_equal(app, make_user, make_org, tmp_path):
    _pair(make_user, make_org)
    matcher = engine.build_matcher()
    path = tmp_path / "m.pkl"
    engine.write_snapshot(path, "k1", matcher)
    assert engine.read_snapshot(path, "other key") is None
    loaded = engine.read_snapshot(path, "k1")
    assert set(loaded.orgs_) == set(matcher.orgs_)
    a, b = matcher.index_._mat, loaded.index_._mat
    assert np.array_equal(a, b)
    assert not b.flags.owndata  # a view of the mapped file, not a copy
    loaded.index_._mat[0, 0] += 1.0  # copy-on-write: the file does not change
    assert np.array_equal(engine.read_snapshot(path, "k1").index_._mat, a)


def test_a_rebuild_after_a_change_lends_the_vocabulary_and_updates_the_changed_text(
    app, make_user, make_org
):
    _owner, start, other = _pair(make_user, make_org)
    first = engine.build_matcher()
    row_before = first.explainer_.row(other.id)
    db.session.get(Organisation, other.id).description = "Wearable biosensors for dermatology."
    db.session.commit()
    second = engine.build_matcher(previous=first)
    assert second.explainer_.matrix_ is first.explainer_.matrix_  # not refitted
    assert second.orgs_[other.id].text.startswith("Wearable biosensors")
    terms = set(second.explainer_.terms_[second.explainer_.row(other.id).indices])
    # the new text in the lent vocabulary ("dermatology" was never seen: not a term)
    assert terms >= {"wearable", "biosensors"} and not terms & {"intensive", "dermatology"}
    # the matcher still serving keeps its own rows
    assert np.array_equal(first.explainer_.row(other.id).indices, row_before.indices)
    assert np.array_equal(
        second.explainer_.row(start.id).indices, first.explainer_.row(start.id).indices
    )
