"""Export, views: choose what the HTML viewer shows of a graph, and how much.

The whole paper-entity graph, the entity co-mention graph (entities linked
when a paper mentions both, weighted by how many do), or the neighbourhood of
one node; above ``max_nodes`` only the most connected nodes are kept, and the
view says what it left out.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass

import networkx as nx

from kg.graph import PAPER_KIND

__all__ = ["DEFAULT_MAX_NODES", "View", "ViewOptions", "select_view"]

DEFAULT_MAX_NODES = 1500


@dataclass(frozen=True, slots=True)
class ViewOptions:
    """What to show: the co-mention graph, or the neighbourhood within ``depth`` of ``focus`` (a node IRI)."""

    co_mentions: bool = False
    focus: str | None = None
    depth: int = 1
    max_nodes: int = DEFAULT_MAX_NODES

    def __post_init__(self) -> None:
        if self.depth < 0 or self.max_nodes < 1:
            raise ValueError("depth must be at least 0 and max_nodes at least 1")


@dataclass(frozen=True, slots=True)
class View:
    """The nodes and weighted edges to draw, and what was left out to stay within the size limit.

    ``graph`` has ``kind`` and ``label`` on each node and ``relation`` and
    ``weight`` on each edge; ``left_out`` counts dropped nodes by kind.
    """

    graph: nx.DiGraph
    title: str
    available: int
    left_out: tuple[tuple[str, int], ...]


def select_view(full: nx.MultiDiGraph, options: ViewOptions) -> View:
    """Return the view of ``full`` (the networkx view of a knowledge graph) that ``options`` ask for.

    Raises:
        KeyError: if ``options.focus`` is not a node of ``full``.
    """
    graph = _co_mention_graph(full) if options.co_mentions else _paper_entity_graph(full)
    title = "Entities mentioned together" if options.co_mentions else "Papers and the entities they mention"
    if options.focus is not None:
        if options.focus not in graph:
            raise KeyError(options.focus)
        graph = nx.ego_graph(graph, options.focus, radius=options.depth, undirected=True)
        steps = f"{options.depth} step{'s' if options.depth != 1 else ''}"
        title = f"Within {steps} of {full.nodes[options.focus]['label']}"
    kept = _most_connected(graph, options.max_nodes)
    left_out = Counter(graph.nodes[node]["kind"] for node in graph if node not in kept)
    return View(graph.subgraph(kept).copy(), title, graph.number_of_nodes(), tuple(sorted(left_out.items())))


def _paper_entity_graph(full: nx.MultiDiGraph) -> nx.DiGraph:
    """One edge per paper and entity, weighted by mentions; "proposes" where the paper proposes it."""
    graph = nx.DiGraph()
    graph.add_nodes_from(full.nodes(data=True))
    for source, target, relation in full.edges(data="relation"):
        if not graph.has_edge(source, target):
            graph.add_edge(source, target, relation=relation, weight=0)
        edge = graph.edges[source, target]
        edge["weight"] += relation == "mentions"
        # What a paper proposes or a stated relation says more than that it is mentioned.
        if relation != "mentions" and edge["relation"] != "proposes":
            edge["relation"] = relation
    return graph


def _co_mention_graph(full: nx.MultiDiGraph) -> nx.DiGraph:
    """Entities only, linked by how many papers mention both."""
    graph = nx.DiGraph()
    graph.add_nodes_from((node, data) for node, data in full.nodes(data=True) if data["kind"] != PAPER_KIND)
    pairs: Counter[tuple[str, str]] = Counter()
    for paper, kind in full.nodes(data="kind"):
        if kind == PAPER_KIND:
            entities = sorted({e for _, e, r in full.out_edges(paper, data="relation") if r == "mentions"})
            pairs.update(itertools.combinations(entities, 2))
    for (first, second), papers in pairs.items():
        graph.add_edge(first, second, relation="co-mentioned", weight=papers)
    return graph


def _most_connected(graph: nx.DiGraph, limit: int) -> set[str]:
    if graph.number_of_nodes() <= limit:
        return set(graph.nodes)
    ranked = sorted(graph.nodes, key=lambda node: (-graph.degree(node, weight="weight"), node))
    return set(ranked[:limit])
