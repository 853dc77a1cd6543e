"""Consortium completion: metrics, query splitting and the command line."""

import csv
import json
import random

import pytest

from matching.__main__ import main
from matching.evaluate import hide_half, ndcg_at_k, recall_at_k, reciprocal_rank, summarize
from matching.research import cli


def test_metrics_hand_computed():
    ranking = [5, 1, 7, 2]
    assert recall_at_k(ranking, {1, 2, 9}, 2) == pytest.approx(1 / 3)
    assert recall_at_k(ranking, {1, 2, 9}, 4) == pytest.approx(2 / 3)
    assert reciprocal_rank(ranking, {7, 2}) == pytest.approx(1 / 3)
    assert reciprocal_rank(ranking, {99}) == 0.0
    # hits at ranks 2 and 4; ideal: ranks 1 and 2
    ideal = 1 + 1 / 1.584962500721156
    assert ndcg_at_k(ranking, {1, 2}, 20) == pytest.approx(
        (1 / 1.584962500721156 + 1 / 2.321928094887362) / ideal
    )
    s = summarize({"a": ranking}, {"a": {1, 2}})
    assert s["queries"] == 1 and s["recall@10"] == 1.0
    with pytest.raises(ValueError):
        recall_at_k(ranking, set(), 10)


def test_hide_half_keeps_the_coordinator_in_the_seed():
    seed, hidden = hide_half([1, 2, 3, 4, 5, 6], 3, random.Random(0))
    assert seed[0] == 3 and len(seed) == 3 and len(hidden) == 3
    assert set(seed) | set(hidden) == {1, 2, 3, 4, 5, 6} and not set(seed) & set(hidden)


def write_world(tmp_path):
    """Two communities (orgs 1-20 cardiology, 21-40 genomics) with projects 2014-2018."""
    rng = random.Random(1)
    rows = []
    pid = 0
    for year in range(2014, 2019):
        for _ in range(12):
            base = rng.choice([1, 21])
            members = rng.sample(range(base, base + 20), rng.randint(3, 7))
            pid += 1
            for j, org in enumerate(members):
                rows.append(
                    [
                        f"p{pid}",
                        org,
                        "coordinator" if j == 0 else "participant",
                        "HES" if org % 2 else "PRC",
                        "IT" if org < 21 else "DE",
                        f"{year}-0{rng.randint(1, 9)}-01",
                    ]
                )
    with open(tmp_path / "P.csv", "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["project_id", "org_id", "role", "org_type", "country", "start_date"])
        w.writerows(rows)
    with open(tmp_path / "T.csv", "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["org_id", "text"])
        for org in range(1, 41):
            topic = (
                "heart failure and cardiac imaging"
                if org <= 20
                else "genome sequencing and gene variants"
            )
            w.writerow([org, f"Research group working on {topic}"])
            w.writerow([org, f"Organisation number {org}"])
    queries = [
        {"id": "g", "seed": [1, 2, 3], "start_date": "2019-03-01"},
        {
            "id": "t",
            "seed": [],
            "start_date": "2019-03-01",
            "text": "a project on heart disease and cardiology",
        },
        {"id": "b", "seed": [22, 23], "start_date": "2019-03-01", "text": "DNA sequencing"},
    ]
    with open(tmp_path / "Q.jsonl", "w") as fh:
        fh.writelines(json.dumps(q) + "\n" for q in queries)


def run_cli(tmp_path, *extra):
    """`python -m matching consortium` on tmp_path's P.csv / Q.jsonl, writing R.jsonl."""
    files = ("--participations", tmp_path / "P.csv", "--queries", tmp_path / "Q.jsonl")
    cache = ("--cache", tmp_path / "vectors")
    args = ("consortium", *files, "--out", tmp_path / "R.jsonl", *cache, *extra, "--quiet")
    return main([str(a) for a in args])


def read_out(path):
    return {d["id"]: d["ranking"] for d in map(json.loads, open(path))}


def test_cli_ranks_the_seed_community_and_reads_texts(tmp_path, encoder):
    write_world(tmp_path)
    code = run_cli(tmp_path, "--k", "10", "--texts", str(tmp_path / "T.csv"))
    assert code == 0
    out = read_out(tmp_path / "R.jsonl")
    assert set(out) == {"g", "t", "b"} and all(len(r) == 10 for r in out.values())
    assert not {1, 2, 3} & set(out["g"])
    assert sum(o <= 20 for o in out["g"]) >= 9  # same community as the seed
    assert sum(o <= 20 for o in out["t"]) >= 9  # text about cardiology
    assert sum(o > 20 for o in out["b"]) >= 9 and not {22, 23} & set(out["b"])


def test_cli_single_signal_baseline(tmp_path):
    write_world(tmp_path)
    with open(tmp_path / "Q.jsonl", "w") as fh:
        fh.write(json.dumps({"id": "g", "seed": [21], "start_date": "2019-01-01"}) + "\n")
    assert run_cli(tmp_path, "--k", "5", "--signal", "adamic_adar") == 2  # not a feature name
    assert run_cli(tmp_path, "--k", "5", "--signal", "aa_sum") == 0
    assert all(o > 20 for o in read_out(tmp_path / "R.jsonl")["g"])


@pytest.mark.parametrize(
    "query, message",
    [
        ({"id": "x", "seed": []}, "needs a seed or a text"),
        ({"seed": [1]}, "missing 'id'"),
        ({"id": "x", "seed": 5}, "must be a list"),
    ],
)
def test_cli_rejects_bad_queries(tmp_path, capsys, query, message):
    write_world(tmp_path)
    (tmp_path / "Q.jsonl").write_text(json.dumps(query) + "\n")
    code = run_cli(tmp_path)
    assert code == 2 and message in capsys.readouterr().err


def test_cli_rejects_bad_participations(tmp_path, capsys):
    (tmp_path / "P.csv").write_text("project_id,org_id\n1,2\n")
    (tmp_path / "Q.jsonl").write_text(json.dumps({"id": 1, "seed": [2]}) + "\n")
    code = run_cli(tmp_path)
    assert code == 2 and "missing columns" in capsys.readouterr().err


def test_cli_refuses_texts_of_organisations_without_history_when_strict(tmp_path, capsys):
    write_world(tmp_path)
    (tmp_path / "Q.jsonl").write_text(json.dumps({"id": "q", "seed": [], "text": "x"}) + "\n")
    (tmp_path / "T.csv").write_text("org_id,text\n1,cardiology\nACME,oncology\n")
    code = run_cli(tmp_path, "--texts", tmp_path / "T.csv", "--strict-ids", "--dense-weight", "0")
    err = capsys.readouterr().err
    assert code == 2 and "org_id 'ACME' is not in the participations file" in err
    assert not (tmp_path / "R.jsonl").exists()


def string_world(tmp_path):
    """write_world with opaque string ids ("pic:N" / "ror:N") and dated texts."""
    write_world(tmp_path)

    def sid(o):
        return f"pic:{o}" if int(o) % 2 else f"ror:0{o}x"

    rows = list(csv.reader(open(tmp_path / "P.csv")))
    with open(tmp_path / "P.csv", "w", newline="") as fh:
        csv.writer(fh).writerows([rows[0]] + [[r[0], sid(r[1]), *r[2:]] for r in rows[1:]])
    texts = list(csv.reader(open(tmp_path / "T.csv")))
    with open(tmp_path / "T.csv", "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["org_id", "text", "year"])
        w.writerows([[sid(r[0]), r[1], "2018"] for r in texts[1:]])
    queries = [json.loads(line) for line in open(tmp_path / "Q.jsonl")]
    with open(tmp_path / "Q.jsonl", "w") as fh:
        for q in queries:
            fh.write(json.dumps(q | {"seed": [sid(s) for s in q["seed"]]}) + "\n")
    return sid


def test_cli_takes_string_ids_and_the_second_run_encodes_nothing(tmp_path, capsys, encoder):
    sid = string_world(tmp_path)
    files = ("--participations", tmp_path / "P.csv", "--queries", tmp_path / "Q.jsonl")
    args = [*files, "--out", tmp_path / "R.jsonl", "--texts", tmp_path / "T.csv", "--k", "10"]
    args = ["consortium", *map(str, args), "--cache", str(tmp_path / "vectors")]
    assert main(args) == 0
    first = capsys.readouterr().err
    assert "encoded 0 new texts" not in first and "new texts" in first
    out = read_out(tmp_path / "R.jsonl")
    cardio = {sid(o) for o in range(1, 21)}
    assert all(isinstance(o, str) for r in out.values() for o in r)
    assert sum(o in cardio for o in out["t"]) >= 9 and sum(o in cardio for o in out["g"]) >= 9
    assert main(args) == 0
    assert "encoded 0 new texts" in capsys.readouterr().err
    assert read_out(tmp_path / "R.jsonl") == out


@pytest.mark.parametrize(
    "query, extra, message",
    [
        ({"id": "x", "seed": ["nobody"]}, ["--strict-ids"], "unknown organisation id 'nobody'"),
        ({"id": "x", "seed": [1], "start_date": "soon"}, [], "bad date"),
        ({"id": "x", "seed": [True]}, [], "seed ids must be strings or integers"),
        ({"id": "x", "text": "   "}, [], "needs a seed or a text"),
    ],
)
def test_cli_reports_bad_ids_and_dates(tmp_path, capsys, query, extra, message):
    write_world(tmp_path)
    (tmp_path / "Q.jsonl").write_text(json.dumps(query) + "\n")
    assert run_cli(tmp_path, *extra) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "R.jsonl").exists()


def test_cli_refuses_k_zero(tmp_path, capsys):
    write_world(tmp_path)
    assert run_cli(tmp_path, "--k", "0") == 2
    assert "--k must be positive" in capsys.readouterr().err
    assert run_cli(tmp_path, "--text-k", "0") == 2
    assert "--text-k must be positive" in capsys.readouterr().err
    assert not (tmp_path / "R.jsonl").exists()


def test_cli_passes_the_text_only_mode_to_the_scorer(tmp_path, capsys, monkeypatch):
    write_world(tmp_path)
    made = []

    class Spy(cli.TextGraphScorer):
        def __init__(self, *a, **kw):
            made.append(kw)
            super().__init__(*a, **kw)

    monkeypatch.setattr(cli, "TextGraphScorer", Spy)
    texts = ("--texts", tmp_path / "T.csv", "--dense-weight", "0", "--k", "10")
    fusion = ("--text-only", "fusion", "--blend-text-weight", "0.75")
    assert run_cli(tmp_path, *texts, *fusion) == 0
    assert made[-1]["text_only"] == "fusion" and made[-1]["blend_text_weight"] == 0.75
    out = read_out(tmp_path / "R.jsonl")
    assert sum(o <= 20 for o in out["t"]) >= 9  # text about cardiology (fusion mode)
    assert run_cli(tmp_path, *texts) == 0
    assert made[-1]["text_only"] == "blend" and made[-1]["blend_text_weight"] == 0.25  # defaults


def test_cli_passes_max_passages_to_the_dense_channel(tmp_path, monkeypatch):
    write_world(tmp_path)
    made = []

    class Spy(cli.TextMatcher):
        def __init__(self, *a, **kw):
            made.append(kw)
            super().__init__(*a, **kw)

    monkeypatch.setattr(cli, "TextMatcher", Spy)
    texts = ("--texts", tmp_path / "T.csv", "--dense-weight", "0")
    assert run_cli(tmp_path, *texts, "--max-passages", "3") == 0
    assert made[-1]["max_passages"] == 3
    assert run_cli(tmp_path, *texts) == 0
    assert made[-1]["max_passages"] == 1  # the default


def test_cli_refuses_a_bad_text_only_mode(tmp_path, capsys):
    write_world(tmp_path)
    assert run_cli(tmp_path, "--blend-text-weight", "1.5") == 2
    assert "--blend-text-weight must be between 0 and 1" in capsys.readouterr().err
    assert run_cli(tmp_path, "--max-passages", "0") == 2
    assert "--max-passages must be positive" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        run_cli(tmp_path, "--text-only", "mix")
    assert exc.value.code == 2 and "invalid choice: 'mix'" in capsys.readouterr().err
    assert not (tmp_path / "R.jsonl").exists()
