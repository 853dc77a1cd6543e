"""TF-IDF cosine, document-level fusion, factorised / batched PageRank, TextGraphScorer."""

import math
import random

import numpy as np
import pytest

import matching.consortium as old_consortium
import matching.evaluate as old_evaluate
from matching.analysis import Analyzer
from matching.copart import CoParticipation, Participation
from matching.documents import OrgDocument
from matching.fusion import TextGraphScorer
from matching.lexical import BM25Index
from matching.research import consortium, evaluate
from matching.textmatch import TextMatcher


def test_cosine_matches_hand_computed_values():
    docs = ["apple banana", "apple apple cherry", "banana"]
    bm = BM25Index(analyzer=Analyzer("en")).fit(docs)
    idf = {t: 1 + math.log(4 / (1 + df)) for t, df in (("appl", 2), ("banana", 2), ("cherri", 1))}
    d1 = np.array([(1 + math.log(2)) * idf["appl"], idf["cherri"]])
    # query "apples": unit vector on "appl"; doc 1 = (1 + ln 2) idf_appl / |d1|
    expected = [
        idf["appl"] / math.hypot(idf["appl"], idf["banana"]),
        d1[0] / np.linalg.norm(d1),
        0.0,
    ]
    assert bm.cosine("apples") == pytest.approx(expected)
    assert bm.cosine_many(["apples", "zebra"]).toarray()[0] == pytest.approx(expected)
    assert not bm.cosine("zebra").any()
    assert bm.cosine("banana apple")[0] == pytest.approx(1.0)  # same terms, same weights


def test_fused_text_scores_sum_z_scores_and_drop_negatives():
    ts = {"lexical": np.array([3.0, 1.0, 2.0]), "cosine": np.array([0.9, 0.1, 0.1])}
    z = lambda v: (v - v.mean()) / v.std()  # noqa: E731
    expected = np.maximum(z(ts["lexical"]) + z(ts["cosine"]), 0)
    assert TextMatcher.fused_text_scores(ts) == pytest.approx(expected, abs=1e-6)
    assert TextMatcher.fused_text_scores(ts)[1] == 0.0
    only = TextMatcher.fused_text_scores(ts, channels=["lexical"])
    assert only == pytest.approx(np.maximum(z(ts["lexical"]), 0), abs=1e-6)
    half = TextMatcher.fused_text_scores(ts, weights={"cosine": 0.5})
    assert half == pytest.approx(np.maximum(z(ts["lexical"]) + 0.5 * z(ts["cosine"]), 0), abs=1e-6)
    with pytest.raises(ValueError, match="no text channel"):
        TextMatcher.fused_text_scores({}, channels=[])


def small_graph(n_projects=60, seed=3):
    rng = random.Random(seed)
    rows = []
    for p in range(n_projects):
        for o in rng.sample(range(30), rng.randint(2, 8)):
            rows.append(Participation(f"p{p}", f"o{o}", "participant", "HES", "IT", "2015-01-01"))
    return CoParticipation(3.0).fit(rows, reference_year=2020.0)


def test_factorised_and_batched_pagerank_equal_the_transition_matrix_form():
    cp = small_graph()
    seeds = [np.array([0, 3]), np.array([7]), np.array([], dtype=np.int64), np.array([1, 2, 9])]
    for alpha in (0.15, 0.8):
        many = cp.ppr_many(seeds, alpha=alpha, block=2)
        for j, seed in enumerate(seeds):
            if not len(seed):
                assert not many[:, j].any()
                continue
            s = np.zeros(cp.n_orgs)
            s[seed] = 1 / len(seed)
            r = s.copy()
            for _ in range(10):
                lost = r[cp.dangling_].sum()
                r = alpha * (cp.transition_T_ @ r) + (alpha * lost + 1 - alpha) * s
            assert cp.ppr(seed, alpha=alpha) == pytest.approx(r, abs=1e-12)
            assert many[:, j] == pytest.approx(r, abs=1e-12)


def scorer_world():
    """o1-o2 did a cardiology project with o3, and a genomics project with o4."""
    rows = [
        Participation(p, o, "participant", "HES", "IT", "2018-01-01")
        for p, members in (
            ("cardio", ["o1", "o2", "o3"]),
            ("genome", ["o1", "o2", "o4"]),
            ("other", ["o5", "o6"]),
        )
        for o in members
    ]
    cp = CoParticipation(3.0).fit(rows, reference_year=2020.0)
    texts = {
        "cardio": "heart failure and cardiac imaging in elderly patients",
        "genome": "genome sequencing of rare variants",
        "other": "cardiac rehabilitation with heart monitoring devices",
    }
    docs = [OrgDocument(r.org_id, texts[r.project_id], 2018, doc_id=r.project_id) for r in rows]
    tm = TextMatcher(None, cosine=True).fit(docs, org_ids=list(cp.org_ids_))
    return cp, tm


def test_text_graph_scorer_channels_and_ranking():
    cp, tm = scorer_world()
    sc = TextGraphScorer(cp, tm)
    seed = np.array([cp.pos_["o1"], cp.pos_["o2"]])
    ch = sc.channels("cardiac heart failure imaging", seed)
    assert set(ch) == {"text", "project", "ppr", "feedback", "lexical", "dense"}
    proj = dict(zip(cp.org_ids_, ch["project"], strict=True))
    # Only the cardiology project matches the text: its third member gets the project channel.
    assert proj["o3"] > 0 and proj["o4"] == 0 and proj["o5"] == 0
    top = [cp.org_ids_[i] for i in sc.rank("cardiac heart failure imaging", seed, 3)]
    assert top[0] == "o3" and not {"o1", "o2"} & set(top)
    text_only = [cp.org_ids_[i] for i in sc.rank("cardiac heart monitoring", np.array([]), 6)]
    assert set(text_only[:2]) == {"o5", "o6"}  # the "other" project matches best, no seed
    with pytest.raises(ValueError, match="k must be positive"):
        sc.rank("heart", seed, 0)
    with pytest.raises(ValueError, match="text_k must be positive"):
        TextGraphScorer(cp, tm, text_k=0)


def test_text_graph_scorer_refuses_a_matcher_over_other_organisations():
    cp, _ = scorer_world()
    other = TextMatcher(None).fit([OrgDocument("x", "some text")], org_ids=["x"])
    with pytest.raises(ValueError, match="same organisations"):
        TextGraphScorer(cp, other)


def test_research_split_keeps_the_old_import_paths():
    assert old_consortium.ConsortiumRecommender is consortium.ConsortiumRecommender
    assert old_evaluate.summarize is evaluate.summarize


def _z(v):
    return (v - v.mean()) / (v.std() + 1e-9)


def test_blend_text_only_mode_blends_the_fusion_with_the_per_channel_scores():
    cp, tm = scorer_world()
    query = "cardiac heart monitoring devices"
    fusion = TextGraphScorer(cp, tm, text_only="fusion")
    blend = TextGraphScorer(cp, tm, text_only="blend", blend_text_weight=0.25)
    ch = blend.channels(query, np.array([], dtype=np.int64))
    assert ch["lexical"] == pytest.approx(tm.org_scores(query)["lexical"])
    assert not ch["dense"].any()  # no encoder: the dense term is left out
    expected = 0.25 * _z(ch["text"]) + 0.75 * _z(ch["lexical"])
    assert blend.score(query, np.array([])) == pytest.approx(expected)
    assert fusion.score(query, np.array([])) == pytest.approx(_z(ch["text"]))
    assert not np.allclose(expected, _z(ch["text"]))
    # Weight 1 is the fusion mode; weight 0 is the plain per-channel blend.
    one = TextGraphScorer(cp, tm, text_only="blend", blend_text_weight=1.0)
    assert one.score(query, np.array([])) == pytest.approx(fusion.score(query, np.array([])))
    zero = TextGraphScorer(cp, tm, text_only="blend", blend_text_weight=0.0)
    assert zero.score(query, np.array([])) == pytest.approx(_z(ch["lexical"]))


def test_blend_mode_changes_text_only_queries_only():
    cp, tm = scorer_world()
    seed = np.array([cp.pos_["o1"], cp.pos_["o2"]])
    fusion = TextGraphScorer(cp, tm, text_only="fusion")
    blend = TextGraphScorer(cp, tm, text_only="blend", blend_text_weight=0.0)
    query = "cardiac heart failure imaging"
    assert np.array_equal(blend.score(query, seed), fusion.score(query, seed))
    assert blend.weights(seeded=True) == fusion.weights(seeded=True)
    assert blend.weights(seeded=False) == {
        "text": 0.0,
        "lexical": 1.0,
        "dense": 1.0,
        "feedback": 0.0,
    }


def test_blend_mode_dense_channel_is_the_matchers_dense_aggregation():
    cp, _ = scorer_world()

    class Bag:
        """A toy encoder: a unit bag-of-letters vector."""

        def encode(self, texts, show_progress=False):
            out = np.zeros((len(texts), 26), dtype=np.float32)
            for i, t in enumerate(texts):
                for ch in t.lower():
                    if "a" <= ch <= "z":
                        out[i, ord(ch) - 97] += 1
                out[i] /= np.linalg.norm(out[i]) or 1.0
            return out

    rows = [(o, p) for p, ms in (("a", "o1 o2 o3"), ("b", "o4 o5 o6")) for o in ms.split()]
    texts = {"a": "heart failure imaging", "b": "genome sequencing variants"}
    docs = [OrgDocument(o, texts[p], 2018, doc_id=p) for o, p in rows]
    tm = TextMatcher(Bag(), cosine=True).fit(docs, org_ids=list(cp.org_ids_))
    sc = TextGraphScorer(cp, tm, text_only="blend", blend_text_weight=0.5)
    ch = sc.channels("heart imaging", np.array([], dtype=np.int64))
    assert ch["dense"] == pytest.approx(tm.org_scores("heart imaging")["dense"])
    assert ch["dense"].any()
    expected = 0.5 * _z(ch["text"]) + 0.5 * (_z(ch["lexical"]) + _z(ch["dense"]))
    assert sc.score("heart imaging", np.array([])) == pytest.approx(expected)
    # dense_weight 0 switches the dense channel off in the blend too.
    off = TextGraphScorer(cp, tm, text_only="blend", dense_weight=0.0)
    assert not off.channels("heart imaging", np.array([], dtype=np.int64))["dense"].any()


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"text_only": "mix"}, "text_only must be one of"),
        (
            {"text_only": "blend", "blend_text_weight": 1.5},
            r"blend_text_weight must be in \[0, 1\]",
        ),
        ({"blend_text_weight": -0.1}, r"blend_text_weight must be in \[0, 1\]"),
    ],
)
def test_text_graph_scorer_refuses_a_bad_text_only_mode(kwargs, message):
    cp, tm = scorer_world()
    with pytest.raises(ValueError, match=message):
        TextGraphScorer(cp, tm, **kwargs)
