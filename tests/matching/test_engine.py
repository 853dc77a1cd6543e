"""PartnerMatcher end to end with the real model."""

import numpy as np
import pytest

from matching import OrgRecord, PartnerMatcher, PartnerRanker, Suggestion
from matching.ranker import SIGNALS

ORGS = [
    OrgRecord(
        1,
        "Uni Genomics",
        "university",
        "Genomics research, machine learning on sequencing data and rare diseases",
        offers="genome sequencing and bioinformatics analysis",
        trl_min=1,
        trl_max=4,
        province="MI",
        region="Lombardia",
        last_active_year=2024,
    ),
    OrgRecord(
        2,
        "RadioAI",
        "startup",
        "Deep learning software that reads radiology images for early diagnostics",
        seeks="annotated radiology imaging data and clinical validation",
        trl_min=4,
        trl_max=6,
        province="MI",
        region="Lombardia",
        last_active_year=2025,
    ),
    OrgRecord(
        3,
        "Ospedale Nord",
        "research_hospital",
        "Hospital with a radiology department, clinical trials unit and biobank",
        offers="clinical validation studies and annotated radiology imaging data",
        province="MI",
        region="Lombardia",
        last_active_year=2024,
    ),
    OrgRecord(
        4,
        "PharmaLomb",
        "company",
        "Drug discovery and development of small molecules for oncology",
        seeks="biomarkers and genomics partners",
        province="BG",
        region="Lombardia",
        last_active_year=2023,
    ),
    OrgRecord(5, "Empty Co", "company"),
    OrgRecord(
        6,
        "Poli Devices",
        "university",
        "Engineering of medical devices, wearable sensors and remote monitoring",
        province="MI",
        region="Lombardia",
        last_active_year=2022,
    ),
    OrgRecord(
        7,
        "CardioTech",
        "startup",
        "Wearable ECG patch for remote cardiac monitoring and telemedicine",
        seeks="hospital partners for clinical trials",
        trl_min=5,
        trl_max=7,
        province="BS",
        region="Lombardia",
        last_active_year=2025,
    ),
    OrgRecord(
        8,
        "Regione",
        "public_body",
        "Regional health authority funding innovation",
        province="MI",
        region="Lombardia",
        last_active_year=2024,
    ),
]
EDGES = [
    (1, 3, 1.0, 2022),
    (3, 4, 1.0, 2023),
    (4, 6, 1.0, 2021),
    (3, 8, 1.0, 2024),
    (1, 4, 1.0, 2020),
]


@pytest.fixture(scope="module")
def matcher(encoder):
    return PartnerMatcher(encoder=encoder).fit(ORGS, edges=EDGES)


def fresh(encoder):
    return PartnerMatcher(encoder=encoder).fit(ORGS, edges=EDGES)


def test_fit_sets_learned_attributes(matcher):
    assert len(matcher.index_) == 7  # org 5 has no text
    assert len(matcher.offer_index_) == 2 and len(matcher.seek_index_) == 3
    assert matcher.reference_year_ == 2025
    assert matcher.graph_.n_nodes == 8


def test_startup_gets_the_hospital_that_offers_what_it_seeks(matcher):
    out = matcher.suggest_partners(2, k=3)
    assert out[0].org_id == 3
    top = out[0]
    assert isinstance(top, Suggestion) and 0 < top.score <= 1
    assert set(top.signals) == set(SIGNALS) and set(top.contributions) == set(SIGNALS)
    assert top.signals["offer_seek"] > 0.5 and top.signals["kind_complementarity"] == 1.0
    assert "radiology" in " ".join(top.shared_terms)
    assert top.as_dict()["org_id"] == 3


def test_scores_are_sorted_and_contributions_explain_them(matcher):
    out = matcher.suggest_partners(2, k=5)
    scores = [s.score for s in out]
    assert scores == sorted(scores, reverse=True)
    r = matcher.ranker_
    for s in out:
        logit = sum(s.contributions.values()) + r.intercept_
        assert s.score == pytest.approx(1 / (1 + np.exp(-logit)))


def test_graph_signals_and_common_partners(matcher):
    # 1 and 8 share partner 3; 1 and 6 share partner 4; 1's known partners are excluded
    out = {s.org_id: s for s in matcher.suggest_partners(1, k=10)}
    assert 3 not in out and 4 not in out and 1 not in out
    assert out[8].common_partners == [3]
    assert out[8].signals["common_partners"] == 1.0
    assert out[6].signals["adamic_adar"] == pytest.approx(1 / np.log(3))
    assert out[8].signals["ppr"] > 0


def test_filters_kinds_and_exclude(matcher):
    out = matcher.suggest_partners(2, k=10, kinds={"university"})
    assert {s.org_id for s in out} <= {1, 6} and out
    out = matcher.suggest_partners(2, k=10, exclude={3})
    assert 3 not in {s.org_id for s in out}


def test_org_without_text_or_partners_gets_empty_list(matcher):
    assert matcher.suggest_partners(5) == []
    assert matcher.similar(5) == []


def test_similar_is_semantic_only(matcher):
    out = matcher.similar(2, k=3)
    assert out[0].org_id in {3, 1}
    assert set(out[0].signals) == {"semantic"} and out[0].score == out[0].signals["semantic"]


def test_rank_for_text_finds_solvers(matcher):
    out = matcher.rank_for_text("wearable device for remote heart monitoring", k=3)
    assert out[0].org_id == 7
    assert out[0].signals["common_partners"] == 0
    with_trl = matcher.rank_for_text("wearable device for remote heart monitoring", k=8, trl=6)
    by_id = {s.org_id: s for s in with_trl}
    assert by_id[7].signals["trl_fit"] == 0.5  # TRL 6 inside 5-7: the full fit, centred
    assert by_id[3].signals["trl_fit"] == 0.0  # the hospital states no TRL: no evidence


def test_trl_fit_credits_a_fit_penalises_a_gap_and_ignores_the_unknown(matcher):
    # RadioAI works at TRL 4-6: CardioTech (5-7) fits, Uni Genomics (1-4) touches it, the
    # hospital and PharmaLomb state no TRL.
    out = {s.org_id: s for s in matcher.suggest_partners(2, k=8)}
    assert out[7].signals["trl_fit"] == 0.5 and out[1].signals["trl_fit"] == 0.5
    assert out[3].signals["trl_fit"] == 0.0 and out[4].signals["trl_fit"] == 0.0
    assert "trl_fit" not in out[3].contributions or out[3].contributions["trl_fit"] == 0.0
    far = matcher.rank_for_text("genome sequencing and bioinformatics", k=8, trl=9)
    genomics = {s.org_id: s for s in far}[1]  # 1-4 against TRL 9: five levels apart
    assert genomics.signals["trl_fit"] < 0 and genomics.contributions["trl_fit"] < 0
    # a query organisation with no TRL of its own: nobody is credited or penalised
    assert all(s.signals["trl_fit"] == 0.0 for s in matcher.suggest_partners(3, k=8))


def test_complete_consortium(matcher):
    out = matcher.complete_consortium([1, 3], k=4)
    ids = [s.org_id for s in out]
    assert 1 not in ids and 3 not in ids
    assert 4 in ids  # partner of both seeds
    four = out[ids.index(4)]
    # CN(1, 4) = |{3}| and CN(3, 4) = |{1}|: summed over the seeds
    assert four.signals["common_partners"] == 2 and set(four.common_partners) >= {1, 3}
    text = matcher.complete_consortium([4], k=3, text="genomics of cancer biomarkers")
    assert text[0].org_id == 1


def test_rank_items(matcher, encoder):
    texts = [
        "Open dataset of annotated chest X-ray radiology images",
        "Dataset of vineyard soil samples",
        "Genomic variants of rare diseases",
    ]
    vecs = encoder.encode(texts)
    out = matcher.rank_items_for_org(2, [101, 102, 103], vecs, texts, k=2)
    assert [o.item_id for o in out][0] == 101 and len(out) == 2
    assert "radiology" in " ".join(out[0].shared_terms)
    with pytest.raises(ValueError):
        matcher.rank_items(vecs[0], [1, 2], vecs)


def test_update_org_replaces_row_without_rebuild(encoder):
    m = fresh(encoder)
    row = m.index_.row_of(6)
    mat = m.index_._mat
    m.update_org(
        OrgRecord(
            6,
            "Poli Devices",
            "university",
            "Radiology image analysis with deep learning",
            province="MI",
        )
    )
    assert m.index_.row_of(6) == row and m.index_._mat is mat
    assert m.similar(2, k=1)[0].org_id == 6
    m.update_org(OrgRecord(9, "New", "startup", "Genome sequencing start-up"), vector=None)
    assert 9 in m.index_ and m.similar(1, k=1)[0].org_id == 9
    m.remove_org(9)
    assert 9 not in {s.org_id for s in m.similar(1, k=7)}


def test_add_edge_changes_graph_signals(encoder):
    m = fresh(encoder)
    before = {s.org_id: s for s in m.suggest_partners(7, k=8)}
    assert before[1].signals["common_partners"] == 0
    m.add_edge(7, 3, year=2025)
    after = {s.org_id: s for s in m.suggest_partners(7, k=8)}
    assert 3 not in after and after[1].signals["common_partners"] == 1


def test_precomputed_vectors_are_used_as_given(encoder):
    class NoEncode:
        dim = 4

        def encode(self, texts, show_progress=False):
            raise AssertionError("should not encode")

    orgs = [
        OrgRecord(1, "a", "startup"),
        OrgRecord(2, "b", "university"),
        OrgRecord(3, "c", "company"),
    ]
    vecs = {1: np.array([1, 0, 0, 0.0]), 2: np.array([0.9, 0.1, 0, 0]), 3: np.array([0, 0, 1, 0])}
    m = PartnerMatcher(encoder=NoEncode()).fit(orgs, vectors=vecs)
    assert [s.org_id for s in m.similar(1, k=2)] == [2, 3]
    assert m.suggest_partners(1, k=1)[0].org_id == 2


@pytest.mark.parametrize(
    "call, msg",
    [
        (lambda m: m.suggest_partners(999), "unknown org id"),
        (lambda m: m.suggest_partners(1, k=0), "positive"),
        (lambda m: m.suggest_partners(1, kinds={"castle"}), "unknown kinds"),
        (lambda m: m.similar(1, k=-1), "positive"),
        (lambda m: m.rank_for_text("   "), "empty"),
        (lambda m: m.complete_consortium([]), "empty"),
        (lambda m: m.complete_consortium([1, 999]), "unknown org id"),
        (lambda m: m.add_edge(1, 999), "unknown org id"),
        (lambda m: m.add_edge(1, 1), "self-loop"),
    ],
)
def test_bad_input_raises_clear_errors(matcher, call, msg):
    with pytest.raises(ValueError, match=msg):
        call(matcher)


def test_bad_fit_input(encoder):
    with pytest.raises(ValueError, match="empty"):
        PartnerMatcher(encoder=encoder).fit([])
    with pytest.raises(ValueError, match="unknown org id"):
        PartnerMatcher(encoder=encoder).fit(ORGS, edges=[(1, 42, 1.0, None)])
    with pytest.raises(ValueError, match="duplicate"):
        PartnerMatcher(encoder=encoder).fit([ORGS[0], ORGS[0]])
    with pytest.raises(ValueError, match="unknown org ids"):
        PartnerMatcher(encoder=encoder).fit(ORGS, vectors={77: np.ones(384)})
    with pytest.raises(ValueError, match="not fitted"):
        PartnerMatcher(encoder=encoder).suggest_partners(1)
    with pytest.raises(ValueError, match="unknown kind"):
        OrgRecord(1, "x", "castle")


def test_custom_ranker_is_used(encoder):
    X = np.random.default_rng(0).random((50, len(SIGNALS)))
    y = (X[:, 0] > 0.5).astype(int)
    ranker = PartnerRanker().fit(X, y)
    m = PartnerMatcher(encoder=encoder, ranker=ranker).fit(ORGS, edges=EDGES)
    assert m.ranker_ is ranker


def test_complete_consortium_uses_its_own_weights_and_walk(matcher):
    assert matcher.consortium_ranker_.meta_["task"] == "consortium"
    assert matcher.consortium_ppr_alpha == 0.15 and matcher.ppr_alpha == 0.85
    out = matcher.complete_consortium([1, 3], k=4)
    by_id = {s.org_id: s for s in out}
    # common partners weigh nothing for consortia; PageRank carries the graph evidence
    assert by_id[4].contributions["common_partners"] == 0
    assert by_id[4].contributions["ppr"] > 0
    matcher.consortium_ranker_ = PartnerRanker.default()  # partner weights: CN counts again
    try:
        again = {s.org_id: s for s in matcher.complete_consortium([1, 3], k=4)}
        assert again[4].contributions["common_partners"] > 0
    finally:
        matcher.consortium_ranker_ = PartnerRanker.default("consortium")
