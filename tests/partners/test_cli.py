"""`flask match rebuild` and `flask match train` through the CLI runner."""

from __future__ import annotations

import numpy as np
import pytest

from app.extensions import db
from app.partners import engine
from app.partners.embeddings import bump_version, load_vectors
from app.partners.models import Embedding
from app.projects import calls
from app.projects import services as project_services
from app.projects.models import FundedProject, FundingCall, ProjectPartner
from matching import PartnerRanker


def _org(make_user, make_org, name, kind="university", **fields):
    owner = make_user(f"{name.lower().replace(' ', '')}@example.org")
    return make_org(owner, name, kind, **fields)


@pytest.fixture(autouse=True)
def _snapshot_in_tmp(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "MATCHING_SNAPSHOT_PATH", str(tmp_path / "matcher.pkl"))


def test_rebuild_saves_a_matcher_snapshot_that_workers_load(app, make_user, make_org, monkeypatch):
    monkeypatch.setitem(app.config, "MATCHING_ENABLED", False)
    _org(make_user, make_org, "Alfa Lab", description="Proteomics of rare diseases.")
    out = app.test_cli_runner().invoke(args=["match", "rebuild"]).output
    assert "matcher snapshot" in out and "is up to date" in out
    engine._state.clear()  # a worker that just started
    fits = []
    monkeypatch.setattr(engine, "build_matcher", lambda: fits.append(1))
    assert engine.get_matcher() is not None and fits == []  # loaded, not refitted
    bump_version()
    db.session.commit()
    engine._state.clear()
    engine.get_matcher()
    assert fits == [1]  # the stamp moved since the snapshot: refitted from the database


def test_rebuild_encodes_only_what_changed(app, make_user, make_org, monkeypatch):
    monkeypatch.setitem(app.config, "MATCHING_ENABLED", False)  # the command encodes it all
    a = _org(
        make_user,
        make_org,
        "Alfa Lab",
        description="Proteomics of rare diseases.",
        offers="Mass spectrometry",
    )
    _org(make_user, make_org, "Beta Lab", description="Robotic rehabilitation.")
    runner = app.test_cli_runner()
    first = runner.invoke(args=["match", "rebuild"])
    assert first.exit_code == 0, first.output
    assert "organisation: 3 texts, 3 distinct, encoded 3, copied 0" in first.output
    assert "2 organisation vectors derived" in first.output
    second = runner.invoke(args=["match", "rebuild"])
    assert "organisation: 3 texts, 3 distinct, encoded 0, copied 0, 3 unchanged" in second.output
    assert "0 organisation vectors derived" in second.output
    a.description = "Proteomics and metabolomics of rare diseases."
    db.session.commit()
    third = runner.invoke(args=["match", "rebuild"])
    assert "encoded 1, copied 0, 2 unchanged" in third.output
    assert "1 organisation vectors derived" in third.output
    # own texts (2 profiles + 1 offer) and one derived profile vector per organisation
    assert db.session.query(Embedding).count() == 5


def test_rebuild_encodes_each_distinct_project_text_once(app, make_user, make_org, monkeypatch):
    """Two projects with the same text are one encode; organisations' vectors are derived
    from their projects' vectors, never encoded."""
    monkeypatch.setitem(app.config, "MATCHING_ENABLED", False)
    orgs = [_org(make_user, make_org, f"Lab {c}") for c in "ABC"]
    call = FundingCall(programme="Horizon 2020", code="T", title="Test call")
    db.session.add(call)
    db.session.flush()
    texts = ["Wearable biosensors for sweat analysis", "Wearable biosensors for sweat analysis"]
    texts.append("Deep learning for chest X-ray triage")
    projects = []
    for i, title in enumerate(texts):
        p = FundedProject(call_id=call.id, acronym=f"P{i}", title=title, source="cordis")
        p.external_id = str(i)
        db.session.add(p)
        db.session.flush()
        projects.append(p)
    for p, members in zip(projects, ([0, 1], [1], [1, 2]), strict=True):
        for m in members:
            db.session.add(ProjectPartner(project_id=p.id, org_id=orgs[m].id))
    db.session.commit()
    out = app.test_cli_runner().invoke(args=["match", "rebuild"]).output
    assert "project: 3 texts, 2 distinct, encoded 2, copied 0" in out
    assert "organisation: 0 texts" in out and "3 organisation vectors derived" in out
    proj = load_vectors("project")["text"]
    org = load_vectors("organisation")["profile"]
    assert np.allclose(proj[projects[0].id], proj[projects[1].id])
    assert np.allclose(org[orgs[0].id], proj[projects[0].id], atol=1e-6)  # one document
    mean = proj[projects[0].id] + proj[projects[1].id] + proj[projects[2].id]
    assert np.allclose(org[orgs[1].id], mean / np.linalg.norm(mean), atol=1e-5)


def test_train_refuses_without_participations(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "MATCHING_RANKER_PATH", str(tmp_path / "ranker.json"))
    result = app.test_cli_runner().invoke(args=["match", "train"])
    assert result.exit_code != 0
    assert "No project participations" in result.output
    assert not (tmp_path / "ranker.json").exists()


HISTORY = [
    ("2015", "ABC"),
    ("2016", "CDE"),
    ("2016", "EFG"),
    ("2017", "ABH"),
    ("2020", "AD"),
    ("2020", "BE"),
    ("2021", "CF"),
    ("2021", "DG"),
]


def _projects(make_user, make_org, consortia):
    staff = make_user("staff@region.example", role="staff")
    orgs = [_org(make_user, make_org, f"Org {c}") for c in "ABCDEFGH"]
    call = calls.create_call(
        staff, {"programme": "POR", "code": "C1", "title": "Call", "budget": "10000000"}
    )
    for n, (year, members) in enumerate(consortia):
        project_services.create_project(
            staff,
            {
                "call_id": call.id,
                "acronym": f"P{n}",
                "title": f"Project {n}",
                "lead": orgs["ABCDEFGH".index(members[0])].slug,
                "total_cost": "1000",
                "grant_amount": "500",
                "start_date": f"{year}-01-01",
                "end_date": f"{year}-12-31",
                "partners": [
                    {"org": orgs["ABCDEFGH".index(m)].slug, "role": "participant"} for m in members
                ],
            },
        )
    db.session.commit()


def test_train_learns_both_rankers_from_co_participation(
    app, make_user, make_org, tmp_path, monkeypatch
):
    monkeypatch.setitem(app.config, "MATCHING_ENABLED", False)
    monkeypatch.setitem(app.config, "MATCHING_RANKER_PATH", str(tmp_path / "ranker.json"))
    _projects(make_user, make_org, HISTORY + [("2020", "ACE"), ("2020", "BDFG")])
    result = app.test_cli_runner().invoke(args=["match", "train", "--split-year", "2019"])
    assert result.exit_code == 0, result.output
    assert "graph before 2019" in result.output
    assert PartnerRanker.load(tmp_path / "ranker.json").meta_["task"] == "partners"
    consortium = PartnerRanker.load(tmp_path / "consortium_ranker.json")
    assert consortium.meta_["task"] == "consortium" and consortium.meta_["queries"] == 2
    assert str(tmp_path / "consortium_ranker.json") in result.output


def test_train_keeps_the_consortium_weights_it_cannot_learn(
    app, make_user, make_org, tmp_path, monkeypatch
):
    monkeypatch.setitem(app.config, "MATCHING_ENABLED", False)
    monkeypatch.setitem(app.config, "MATCHING_RANKER_PATH", str(tmp_path / "ranker.json"))
    _projects(make_user, make_org, HISTORY)  # only pairs after 2019: no consortium to complete
    result = app.test_cli_runner().invoke(args=["match", "train", "--split-year", "2019"])
    assert result.exit_code == 0, result.output
    assert "consortium weights not retrained" in result.output
    assert (tmp_path / "ranker.json").exists()
    assert not (tmp_path / "consortium_ranker.json").exists()
