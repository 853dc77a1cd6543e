"""`flask match rebuild` and `flask match train` through the CLI runner."""

from __future__ import annotations

from app.extensions import db
from app.partners.models import Embedding
from matching import PartnerRanker


def _org(make_user, make_org, name, kind="university", **fields):
    owner = make_user(f"{name.lower().replace(' ', '')}@example.org")
    return make_org(owner, name, kind, **fields)


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
    assert "encoded 3 texts" in first.output
    second = runner.invoke(args=["match", "rebuild"])
    assert "encoded 0 texts, 3 unchanged" in second.output
    a.description = "Proteomics and metabolomics of rare diseases."
    db.session.commit()
    third = runner.invoke(args=["match", "rebuild"])
    assert "encoded 1 texts, 2 unchanged" in third.output
    assert db.session.query(Embedding).count() == 3


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
    from app.projects import calls
    from app.projects import services as projects

    staff = make_user("staff@region.example", role="staff")
    orgs = [_org(make_user, make_org, f"Org {c}") for c in "ABCDEFGH"]
    call = calls.create_call(
        staff, {"programme": "POR", "code": "C1", "title": "Call", "budget": "10000000"}
    )
    for n, (year, members) in enumerate(consortia):
        projects.create_project(
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
