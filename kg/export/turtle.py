"""Export, Turtle: the graph as deterministic Turtle, byte-identical for the same input."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg.export import atomic_write

__all__ = ["to_turtle", "write_turtle"]


def to_turtle(graph: Graph) -> bytes:
    """Serialise ``graph`` as UTF-8 Turtle; rdflib sorts subjects, predicates and objects.

    Every node has an IRI (no blank nodes), so sorting alone makes the output stable.
    """
    return graph.serialize(format="turtle", encoding="utf-8")


def write_turtle(graph: Graph, path: Path) -> Path:
    """Write ``graph`` as Turtle to ``path``, atomically."""
    return atomic_write(path, to_turtle(graph))
