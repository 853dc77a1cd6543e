"""CollaborationGraph signals against hand-computed values and networkx."""

import math

import networkx as nx
import numpy as np
import pytest

import matching.graph as graph_module
from matching import CollaborationGraph

# 1 - 2 - 3 - 4 and 1 - 3, 2 - 5 ; node 6 isolated
EDGES = [
    (1, 2, 1.0, 2020),
    (2, 3, 1.0, 2020),
    (3, 4, 1.0, 2020),
    (1, 3, 1.0, 2020),
    (2, 5, 1.0, 2020),
]


@pytest.fixture
def g():
    return CollaborationGraph(half_life=None).fit(EDGES, nodes=[6])


def at(g, vec, node):
    return vec[g.pos(node)]


def test_fit_returns_self_and_counts(g):
    assert g.n_nodes == 6 and g.n_edges == 5
    assert sorted(g.neighbors(2)) == [1, 3, 5]
    assert g.degree(6) == 0


def test_common_neighbors_hand_computed(g):
    cn = g.common_neighbors(1)
    # N(1) = {2, 3}; N(3) = {1, 2, 4}; N(5) = {2}; N(4) = {3}
    assert at(g, cn, 3) == 1  # via 2
    assert at(g, cn, 2) == 1  # via 3
    assert at(g, cn, 4) == 1  # via 3
    assert at(g, cn, 5) == 1  # via 2
    assert at(g, cn, 1) == 0  # never itself
    assert at(g, cn, 6) == 0


def test_adamic_adar_and_resource_allocation_hand_computed(g):
    aa = g.adamic_adar(4)
    ra = g.resource_allocation(4)
    # 4's only partner is 3 (degree 3): AA(4, x) = 1/log 3 for x in {1, 2}
    assert at(g, aa, 1) == pytest.approx(1 / math.log(3))
    assert at(g, aa, 2) == pytest.approx(1 / math.log(3))
    assert at(g, ra, 2) == pytest.approx(1 / 3)
    # 1 and 5 share 2 (degree 3); 3 and 5 share 2 as well
    assert at(g, g.resource_allocation(5), 1) == pytest.approx(1 / 3)
    assert at(g, g.adamic_adar(5), 4) == 0


def test_scores_match_networkx():
    rng = np.random.default_rng(0)
    edges = {(int(a), int(b)) for a, b in rng.integers(0, 60, size=(200, 2)) if a != b}
    g = CollaborationGraph(half_life=None).fit([(a, b) for a, b in edges])
    nxg = g.to_networkx()
    u = g.node_ids_[0]
    pairs = [(u, v) for v in g.node_ids_ if v != u]
    aa = g.adamic_adar(u)
    ra = g.resource_allocation(u)
    cn = g.common_neighbors(u)
    for _, v, s in nx.adamic_adar_index(nxg, pairs):
        assert at(g, aa, v) == pytest.approx(s)
    for _, v, s in nx.resource_allocation_index(nxg, pairs):
        assert at(g, ra, v) == pytest.approx(s)
    for _, v in pairs:
        assert at(g, cn, v) == len(list(nx.common_neighbors(nxg, u, v)))


def test_personalized_pagerank_matches_networkx():
    edges = [(1, 2, 2.0), (2, 3, 1.0), (3, 4, 1.0), (1, 3, 1.0), (2, 5, 3.0), (6, 7, 1.0)]
    g = CollaborationGraph(half_life=None).fit(edges)
    ours = g.personalized_pagerank([1, 4], alpha=0.85, max_iter=1000, tol=1e-13)
    ref = nx.pagerank(
        g.to_networkx(),
        alpha=0.85,
        personalization={1: 1, 4: 1},
        tol=1e-13,
        max_iter=1000,
        weight="weight",
    )
    for node, value in ref.items():
        assert at(g, ours, node) == pytest.approx(value, abs=1e-6)
    assert ours.sum() == pytest.approx(1.0)
    assert at(g, ours, 6) == 0  # other component is never reached


def test_pagerank_one_step_hand_computed():
    g = CollaborationGraph(half_life=None).fit([(1, 2, 3.0), (1, 3, 1.0)])
    r = g.personalized_pagerank([1], alpha=0.5, max_iter=1)
    # start at 1; one step: 0.5 restart to 1, 0.5 split 3:1 between 2 and 3
    assert at(g, r, 1) == pytest.approx(0.5)
    assert at(g, r, 2) == pytest.approx(0.375)
    assert at(g, r, 3) == pytest.approx(0.125)


def test_weights_add_up_and_decay_with_half_life():
    g = CollaborationGraph(half_life=2.0, reference_year=2024).fit(
        [(1, 2, 1.0, 2024), (2, 1, 1.0, 2022), (2, 3, 2.0, 2020)]
    )
    assert g.weight(1, 2) == pytest.approx(1.5)
    assert g.weight(3, 2) == pytest.approx(0.5)
    assert g.weight(1, 3) == 0.0


def test_fit_participations_builds_cliques():
    g = CollaborationGraph(half_life=None).fit_participations(
        [("p1", 1, 2020), ("p1", 2, 2020), ("p1", 3, 2020), ("p2", 1, 2021), ("p2", 2, 2021)]
    )
    assert g.weight(1, 2) == 2.0 and g.weight(1, 3) == 1.0 and g.n_edges == 3


def test_seed_scores_sum_and_max(g):
    s = g.seed_scores([1, 4])
    # CN(1,2)=1 (via 3); CN(4,2)=1 (via 3)
    assert at(g, s["cn_sum"], 2) == 2 and at(g, s["cn_max"], 2) == 1


def test_add_edge_is_seen_by_next_query(g):
    assert at(g, g.common_neighbors(5), 6) == 0
    g.add_edge(6, 2, 1.0, None)
    assert at(g, g.common_neighbors(5), 6) == 1


def test_remove_node_drops_its_edges(g):
    g.remove_node(3)
    assert g.neighbors(1) == [2]
    assert at(g, g.common_neighbors(1), 4) == 0


def test_common_partner_ids(g):
    assert g.common_partner_ids(1, 4) == [3]
    assert g.common_partner_ids(1, 6) == []


@pytest.mark.parametrize(
    "call",
    [
        lambda g: g.common_neighbors(99),
        lambda g: g.personalized_pagerank([]),
        lambda g: g.personalized_pagerank([1], alpha=1.5),
        lambda g: g.add_edge(1, 1),
        lambda g: g.add_edge(1, 2, weight=0),
    ],
)
def test_bad_input_raises(g, call):
    with pytest.raises(ValueError):
        call(g)


def test_unfitted_and_empty_graph_raise():
    with pytest.raises(ValueError, match="not fitted"):
        CollaborationGraph().adamic_adar(1)
    empty = CollaborationGraph().fit([])
    with pytest.raises(ValueError, match="unknown node"):
        empty.personalized_pagerank([1])


def test_local_scores_match_the_dense_scores():
    rng = np.random.default_rng(5)
    edges = {(int(a), int(b)) for a, b in rng.integers(0, 80, size=(300, 2)) if a != b}
    g = CollaborationGraph(half_life=None).fit(
        [(a, b, float(rng.integers(1, 4))) for a, b in edges]
    )
    seeds = g.node_ids_[:2]
    loc = g.local_scores(seeds, alpha=0.85, n_iter=3)
    dense = g.seed_scores(seeds)
    ppr = g.personalized_pagerank(seeds, alpha=0.85, max_iter=3, tol=0)
    for name, key in (("cn", "cn_sum"), ("aa", "aa_sum"), ("ra", "ra_sum")):
        assert np.allclose(loc[name], dense[key][loc["pos"]])
        outside = np.setdiff1d(np.arange(g.n_nodes), loc["pos"])
        assert np.all(dense[key][outside] == 0)
    assert np.allclose(loc["ppr"], ppr[loc["pos"]])
    nbrs = {g.pos(n) for s in seeds for n in g.neighbors(s)}
    assert set(loc["pos"][loc["neighbor"]]) == nbrs


def test_dense_cg_and_power_iteration_pagerank_agree_and_follow_graph_changes(monkeypatch):
    edges = [(1, 2, 2.0), (2, 3, 1.0), (3, 4, 1.0), (1, 3, 1.0), (2, 5, 3.0)]
    g = CollaborationGraph(half_life=None).fit(edges, nodes=[9])  # 9 is dangling
    seeds = {1: 2.0, 9: 1.0}
    exact = g.personalized_pagerank(seeds, alpha=0.85, max_iter=1000, tol=1e-14)
    # 49 power-iteration steps (below the solver threshold) from the same start
    power = g.personalized_pagerank(seeds, alpha=0.85, max_iter=49, tol=1e-14)
    monkeypatch.setattr(graph_module, "DENSE_PPR_MAX_NODES", 0)  # force conjugate gradients
    by_cg = g.personalized_pagerank(seeds, alpha=0.85, max_iter=1000, tol=1e-14)
    assert exact == pytest.approx(by_cg, abs=1e-9)
    assert exact == pytest.approx(power, abs=1e-3)  # 0.85^49 ~ 3e-4 left to converge
    assert exact.sum() == pytest.approx(1.0) and by_cg.sum() == pytest.approx(1.0)
    # the dangling seed keeps r9 = s9 (alpha r9 + 1 - alpha), i.e. (1 - alpha) s9 / (1 - alpha s9)
    assert at(g, exact, 9) == pytest.approx(0.15 / 3 / (1 - 0.85 / 3))
    monkeypatch.setattr(graph_module, "DENSE_PPR_MAX_NODES", 2000)
    g.add_edge(5, 9, 1.0)  # the cached solve must not survive a change of the graph
    after = g.personalized_pagerank([1], alpha=0.85)
    ref = nx.pagerank(g.to_networkx(), alpha=0.85, personalization={1: 1}, tol=1e-13)
    assert at(g, after, 9) == pytest.approx(ref[9], abs=1e-6) and at(g, after, 9) > 0
