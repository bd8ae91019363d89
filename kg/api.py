"""API: ``KnowledgeGraph``, the graph object users hold, and ``load`` to read a saved one.

It composes the later stages (graph views, query, export) over one RDF graph.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

import networkx as nx
from rdflib import Graph, URIRef

from kg.errors import KGError
from kg.export.html import write_html
from kg.export.turtle import write_turtle
from kg.export.views import DEFAULT_MAX_NODES, ViewOptions
from kg.extract.gazetteer import gazetteer_index
from kg.graph import rdf_to_nx, read_entities, read_papers
from kg.model import BuildSummary, Entity, EntityType, Paper
from kg.normalise import name_key
from kg.query import select
from kg.store import Store, is_store
from kg.vocab import DEFAULT_BASE_IRI, SCHEMA

__all__ = ["GRAPH_FILE", "HTML_FILE", "KnowledgeGraph", "load"]

GRAPH_FILE = "graph.ttl"
HTML_FILE = "graph.html"


class KnowledgeGraph:
    """A knowledge graph of papers and the entities they mention.

    Attributes:
        rdf: the graph as an rdflib ``Graph`` (the source of truth).
        base_iri: where its papers, entities and mentions are minted.
        summary: what the build that made it did, or None for a loaded graph.
    """

    def __init__(self, rdf: Graph, *, base_iri: str = DEFAULT_BASE_IRI, summary: BuildSummary | None = None) -> None:
        self.rdf = rdf
        self.base_iri = base_iri
        self.summary = summary

    def __repr__(self) -> str:
        papers, entities = len(self.papers()), len(self.entities())
        return f"<KnowledgeGraph: {papers} papers, {entities} entities, {len(self.rdf)} triples>"

    @cached_property
    def nx(self) -> nx.MultiDiGraph:
        """The networkx view: papers and entities as nodes, mentions and proposals as edges."""
        return rdf_to_nx(self.rdf)

    def sparql(self, query: str, **bindings: str) -> list[dict[str, str]]:
        """Run a SPARQL SELECT query; keyword arguments bind variables to literal values.

        The ``kg:``, ``schema:``, ``oa:``, ``rdfs:`` and ``skos:`` prefixes are predeclared.
        """
        return select(self.rdf, query, bindings).records()

    def papers(self) -> list[Paper]:
        """Every paper, sorted by id."""
        return read_papers(self.rdf)

    def entities(self, kind: EntityType | str | None = None) -> list[Entity]:
        """Every entity, or those of one class (``"Technique"``, ``EntityType.MODEL``, ...), sorted by key.

        Raises:
            KGError: if ``kind`` is not one of our classes.
        """
        wanted = _entity_type(kind) if kind is not None else None
        return [entity for _, entity in read_entities(self.rdf) if wanted in (None, entity.entity_type)]

    def find_entities(self, name: str) -> list[tuple[URIRef, Entity]]:
        """The entities called ``name`` (label, alias or a known spelling), with their IRIs.

        Case, hyphens and plurals do not matter, and a name the gazetteer knows
        finds the entity under any of the gazetteer's names for it.
        """
        keys = {name_key(name)}
        known = gazetteer_index().get(name_key(name))
        if known is not None:
            keys.add(name_key(known.name))
        return [
            (node, entity)
            for node, entity in read_entities(self.rdf)
            if keys & {name_key(form) for form in (entity.name, *entity.aliases)}
        ]

    def papers_mentioning(self, name: str) -> list[Paper]:
        """The papers that mention the entity called ``name`` (found as ``find_entities`` finds it)."""
        papers = {paper for node, _ in self.find_entities(name) for paper in self.rdf.subjects(SCHEMA.mentions, node)}
        ids = {str(self.rdf.value(paper, SCHEMA.identifier)) for paper in papers}
        return [paper for paper in self.papers() if paper.paper_id in ids]

    def write_view(
        self,
        path: str | Path,
        *,
        co_mentions: bool = False,
        focus: str | None = None,
        depth: int = 1,
        max_nodes: int = DEFAULT_MAX_NODES,
    ) -> Path:
        """Write an HTML viewer page: the whole graph, the entity co-mention graph, or one neighbourhood.

        Args:
            path: the page to write.
            co_mentions: draw entities only, linked by how many papers mention both.
            focus: draw only the neighbourhood of the entity with this name (any alias).
            depth: how many steps from ``focus`` the neighbourhood reaches.
            max_nodes: above this many nodes, keep the most connected and say on the page what was left out.

        Raises:
            KGError: if no entity is called ``focus``, or several different ones are.
        """
        centre = None
        if focus is not None:
            found = self.find_entities(focus)
            if len(found) != 1:
                names = ", ".join(entity.name for _, entity in found) or "none"
                raise KGError(f"--focus {focus!r} must name exactly one entity; it names: {names}")
            centre = str(found[0][0])
        try:
            options = ViewOptions(co_mentions=co_mentions, focus=centre, depth=depth, max_nodes=max_nodes)
        except ValueError as err:
            raise KGError(str(err)) from err
        return write_html(self.rdf, Path(path), options)

    def save(self, folder: str | Path) -> tuple[Path, Path]:
        """Write ``graph.ttl`` and ``graph.html`` into ``folder``; each is written whole or not at all."""
        folder = Path(folder)
        return write_turtle(self.rdf, folder / GRAPH_FILE), write_html(self.rdf, folder / HTML_FILE)


def _entity_type(kind: EntityType | str) -> EntityType:
    try:
        return kind if isinstance(kind, EntityType) else EntityType(kind)
    except ValueError as err:
        raise KGError(f"no entity class {kind!r}; use one of {', '.join(t.value for t in EntityType)}") from err


def load(path: str | Path, *, base_iri: str = DEFAULT_BASE_IRI) -> KnowledgeGraph:
    """Read a saved graph: a store folder (``kg build --store``), a Turtle file, or a folder holding ``graph.ttl``.

    A store is not read into memory: the graph's SPARQL runs in Oxigraph.

    Raises:
        KGError: if there is no such file or it is not valid Turtle (with the line).
    """
    path = Path(path)
    if is_store(path):
        store = Store(path)
        return KnowledgeGraph(store.rdflib_graph(), base_iri=store.manifest()["base_iri"])
    if path.is_dir():
        path = path / GRAPH_FILE
    if not path.is_file():
        raise KGError(f"{path}: no such graph file")
    rdf = Graph()
    try:
        rdf.parse(path, format="turtle")
    except Exception as err:  # rdflib's parser raises its own BadSyntax, not a common base
        raise KGError(f"{path}: not valid Turtle: {err}") from err
    return KnowledgeGraph(rdf, base_iri=base_iri)
