from __future__ import annotations

import pytest

from benchmarks.synthetic import synthetic_corpus
from kg.export.layout import spiral_layout
from kg.export.views import ViewOptions, select_view
from kg.graph import PAPER_KIND, corpus_to_rdf, rdf_to_nx
from kg.vocab import DEFAULT_BASE_IRI


@pytest.fixture(scope="module")
def full(seed_graph):
    return seed_graph.nx


def node_named(full, label: str) -> str:
    return next(node for node, data in full.nodes(data=True) if data["label"] == label)


def test_views_whole_graph_collapses_mentions_into_weighted_edges(full):
    view = select_view(full, ViewOptions())
    assert view.graph.number_of_nodes() == full.number_of_nodes()
    assert view.left_out == ()
    relations = {data["relation"] for _, _, data in view.graph.edges(data=True)}
    assert {"mentions", "proposes", "basedOn", "usesTechnique", "outperforms", "hasPart"} <= relations
    otc_ppo, ppo = node_named(full, "OTC-PPO"), node_named(full, "Proximal Policy Optimization")
    assert view.graph.edges[otc_ppo, ppo] == {"relation": "basedOn", "weight": 0}
    dymu = node_named(full, "DyMU")
    (paper,) = view.graph.predecessors(dymu)
    assert view.graph.edges[paper, dymu] == {"relation": "proposes", "weight": 2}


def test_views_co_mentions_link_entities_by_shared_papers(full):
    view = select_view(full, ViewOptions(co_mentions=True))
    assert all(kind != PAPER_KIND for _, kind in view.graph.nodes(data="kind"))
    grpo, rl = (
        node_named(full, "Group Relative Policy Optimization"),
        node_named(full, "Reinforcement Learning"),
    )
    edge = view.graph.get_edge_data(grpo, rl) or view.graph.get_edge_data(rl, grpo)
    assert edge == {"relation": "co-mentioned", "weight": 2}


def test_views_focus_keeps_the_neighbourhood(full):
    grpo = node_named(full, "Group Relative Policy Optimization")
    one = select_view(full, ViewOptions(focus=grpo, depth=1)).graph
    labels = {data["label"] for _, data in one.nodes(data=True) if data["kind"] != PAPER_KIND}
    assert labels == {
        "Group Relative Policy Optimization",
        "OTC-GRPO",
        "Optimal Tool Call-controlled Policy Optimization",
    }
    assert sum(1 for _, kind in one.nodes(data="kind") if kind == PAPER_KIND) == 2
    two = select_view(full, ViewOptions(focus=grpo, depth=2)).graph
    assert node_named(full, "OTC-PPO") in two and node_named(full, "DyMU") not in two
    assert (
        select_view(full, ViewOptions(focus=grpo, depth=2)).title
        == "Within 2 steps of Group Relative Policy Optimization"
    )


def test_views_unknown_focus(full):
    with pytest.raises(KeyError):
        select_view(full, ViewOptions(focus="https://example.org/none"))


def test_views_large_graphs_keep_the_most_connected_and_count_the_rest():
    full = rdf_to_nx(corpus_to_rdf(synthetic_corpus(2000), DEFAULT_BASE_IRI))
    everything = select_view(full, ViewOptions(max_nodes=2000)).graph
    view = select_view(full, ViewOptions(max_nodes=500))
    assert view.graph.number_of_nodes() == 500
    assert view.available == 2000
    assert sum(count for _, count in view.left_out) == 1500
    dropped = set(everything) - set(view.graph)
    weakest_kept = min(everything.degree(n, weight="weight") for n in view.graph)
    assert all(everything.degree(n, weight="weight") <= weakest_kept for n in dropped)


def test_views_bad_options():
    with pytest.raises(ValueError):
        ViewOptions(max_nodes=0)


def test_layout_is_deterministic_and_covers_every_node():
    full = rdf_to_nx(corpus_to_rdf(synthetic_corpus(600), DEFAULT_BASE_IRI))
    graph = select_view(full, ViewOptions()).graph
    first, second = spiral_layout(graph), spiral_layout(graph)
    assert first == second
    assert set(first) == set(graph.nodes)
    hub = max((n for n in graph if graph.nodes[n]["kind"] != PAPER_KIND), key=graph.degree)
    assert first[hub] == (0.0, 0.0)
