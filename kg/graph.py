"""Graph: the one model of the corpus, as RDF triples, and the networkx view derived from them.

RDF is the source of truth, so a graph loaded from Turtle has the same
networkx view as the graph it was saved from. Mentions are W3C Web
Annotations: the body is the entity, the target a text position and quote in
the paper's abstract, and the annotation carries the sentence and extractor.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol
from urllib.parse import quote

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from kg.extract.name_shapes import parse_model_name
from kg.iri import entity_iri, family_iri, mention_iri, paper_iri, person_iri, result_iri, statement_iri
from kg.model import (
    Corpus,
    Entity,
    EntityType,
    Evidence,
    LinkedMention,
    LinkedResult,
    LinkedStatement,
    Paper,
    PaperFacts,
    SourceLine,
)
from kg.normalise import name_key
from kg.vocab import KG, OA, SCHEMA, bind_prefixes, kg_term

__all__ = ["PAPER_KIND", "TripleSink", "corpus_to_rdf", "rdf_to_nx", "read_entities", "read_papers", "write_triples"]

PAPER_KIND = "Paper"
_LABEL_CHARS = 90


class TripleSink(Protocol):
    """Where triples go: an rdflib ``Graph``, or a writer that streams them to a store."""

    def add(self, triple: tuple[Node, Node, Node], /) -> object:
        """Take one triple."""


def corpus_to_rdf(corpus: Corpus, base_iri: str) -> Graph:
    """Return the RDF graph of a resolved corpus."""
    graph = bind_prefixes(Graph(), base_iri)
    write_triples(corpus, base_iri, graph)
    return graph


def write_triples(corpus: Corpus, base_iri: str, sink: TripleSink) -> None:
    """Send every triple of a resolved corpus to ``sink``; a triple may be sent more than once."""
    for paper in corpus.papers:
        _add_paper(sink, base_iri, paper)
    for entity in corpus.entities:
        _add_entity(sink, base_iri, entity)
    for linked in corpus.mentions:
        _add_mention(sink, base_iri, linked)
    for statement in corpus.statements:
        _add_statement(sink, base_iri, statement)
    for result in corpus.results:
        _add_result(sink, base_iri, result)
    proposed: dict[str, list[str]] = {}
    for linked in corpus.mentions:
        if linked.mention.proposed:
            proposed.setdefault(linked.mention.paper_id, []).append(linked.entity_key)
    for facts in corpus.facts:
        _add_facts(sink, base_iri, facts, proposed.get(facts.paper_id, []))


def paper_label(abstract: str) -> str:
    """A short label for a paper with no title: its first sentence, cut at a word.

    Example:
        >>> paper_label("We present DyMU, an efficient framework. It works.")
        'We present DyMU, an efficient framework.'
    """
    first = abstract.split(". ", 1)[0].rstrip(".") + "."
    if len(first) <= _LABEL_CHARS:
        return first
    return first[:_LABEL_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"


_URL_SAFE = ":/?#@!$&'()*+,;=%-._~"  # no [ ]: RFC 3987 allows them only around an IPv6 host
_SAME_AS = {"arXiv": "https://arxiv.org/abs/", "doi": "https://doi.org/"}


def _add_paper(graph: TripleSink, base: str, paper: Paper) -> None:
    node = paper_iri(base, paper.paper_id)
    graph.add((node, RDF.type, SCHEMA.ScholarlyArticle))
    graph.add((node, RDFS.label, Literal(paper.title or paper_label(paper.abstract))))
    graph.add((node, SCHEMA.abstract, Literal(paper.abstract)))
    graph.add((node, SCHEMA.identifier, Literal(paper.paper_id)))
    for source in paper.sources:
        graph.add((node, KG.source, Literal(str(source))))
    for identifier in paper.identifiers:
        scheme, _, value = identifier.partition(":")
        graph.add((node, SCHEMA.identifier, Literal(identifier)))
        graph.add((node, SCHEMA.sameAs, URIRef(_SAME_AS[scheme] + quote(value, safe="/:.-_~"))))
    for predicate, value in ((SCHEMA.name, paper.title), (KG.venue, paper.venue)):
        if value:
            graph.add((node, predicate, Literal(value)))
    if paper.year.isdigit():
        graph.add((node, SCHEMA.datePublished, Literal(paper.year, datatype=XSD.gYear)))
    if paper.url.startswith(("http://", "https://")):
        graph.add((node, SCHEMA.url, URIRef(quote(paper.url, safe=_URL_SAFE))))
    for position, author in enumerate(paper.authors, start=1):
        person = person_iri(base, author)
        graph.add((node, SCHEMA.author, person))
        graph.add((person, RDF.type, SCHEMA.Person))
        graph.add((person, SCHEMA.name, Literal(author)))
        graph.add((person, RDFS.label, Literal(author)))
        if position == 1:
            graph.add((node, KG.firstAuthor, person))


def _add_entity(graph: TripleSink, base: str, entity: Entity) -> None:
    node = entity_iri(base, entity.key)
    graph.add((node, RDF.type, kg_term(entity.entity_type.value)))
    graph.add((node, RDFS.label, Literal(entity.name)))
    for alias in entity.aliases:
        graph.add((node, SKOS.altLabel, Literal(alias)))
    parsed = parse_model_name(entity.name) if entity.entity_type is EntityType.MODEL else None
    if parsed is None:
        return
    if name_key(parsed.family) != entity.key:
        family = family_iri(base, parsed.family)
        graph.add((node, KG.memberOf, family))
        graph.add((family, RDF.type, KG.ModelFamily))
        graph.add((family, RDFS.label, Literal(parsed.family)))
    for predicate, value in ((KG.modelVersion, parsed.version), (KG.parameterCount, parsed.size)):
        if value:
            graph.add((node, predicate, Literal(value)))


def _evidence_triples(graph: TripleSink, node: URIRef, paper: URIRef, evidence: Evidence) -> None:
    graph.add((node, KG.inPaper, paper))
    graph.add((node, KG.sentence, Literal(evidence.sentence)))
    graph.add((node, KG.cue, Literal(evidence.cue)))
    graph.add((node, KG.confidence, Literal(_decimal(evidence.confidence), datatype=XSD.decimal)))


def _add_statement(graph: TripleSink, base: str, linked: LinkedStatement) -> None:
    """The relation as a plain triple, and a node that reifies it with its evidence."""
    statement = linked.statement
    paper = paper_iri(base, statement.paper_id)
    subject = paper if linked.subject_key is None else entity_iri(base, linked.subject_key)
    target = entity_iri(base, linked.object_key)
    predicate = kg_term(statement.relation.value)
    graph.add((subject, predicate, target))
    node = statement_iri(base, statement.paper_id, f"{subject} {predicate} {target}")
    graph.add((node, RDF.type, KG.Statement))
    graph.add((node, RDF.subject, subject))
    graph.add((node, RDF.predicate, predicate))
    graph.add((node, RDF.object, target))
    _evidence_triples(graph, node, paper, statement.evidence)


def _add_result(graph: TripleSink, base: str, linked: LinkedResult) -> None:
    result = linked.result
    paper = paper_iri(base, result.paper_id)
    node = result_iri(base, result.paper_id, result.start, result.end)
    graph.add((paper, KG.reports, node))
    graph.add((node, RDF.type, KG.Result))
    graph.add((node, KG.value, Literal(_decimal(result.value), datatype=XSD.decimal)))
    if result.upper_value is not None:
        graph.add((node, KG.upperValue, Literal(_decimal(result.upper_value), datatype=XSD.decimal)))
    graph.add((node, KG.unit, Literal(result.unit)))
    graph.add((node, KG.direction, Literal(result.direction)))
    if result.metric:
        graph.add((node, KG.metric, Literal(result.metric)))
    if linked.about_key is not None:
        graph.add((node, KG.about, entity_iri(base, linked.about_key)))
    for key in linked.compared_keys:
        graph.add((node, KG.comparedWith, entity_iri(base, key)))
    _evidence_triples(graph, node, paper, result.evidence)


def _decimal(value: float) -> str:
    """The canonical xsd:decimal form, which keeps a fraction digit ("32.0"), as Turtle writes it back."""
    text = f"{value:.4f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def _add_facts(graph: TripleSink, base: str, facts: PaperFacts, proposed: list[str]) -> None:
    """The paper's kind, with the words that decided it, and its links, also on what it proposes."""
    paper = paper_iri(base, facts.paper_id)
    if facts.kind is not None:
        graph.add((paper, RDF.type, kg_term(facts.kind.value)))
        graph.add((paper, KG.kindCue, Literal(facts.kind_cue)))
    for link in facts.links:
        predicate = SCHEMA.codeRepository if link.is_code else SCHEMA.url
        target = URIRef(quote(link.url, safe=_URL_SAFE))
        for subject in (paper, *(entity_iri(base, key) for key in dict.fromkeys(proposed))):
            graph.add((subject, predicate, target))


def _add_mention(graph: TripleSink, base: str, linked: LinkedMention) -> None:
    mention = linked.mention
    paper = paper_iri(base, mention.paper_id)
    entity = entity_iri(base, linked.entity_key)
    node = mention_iri(base, mention.paper_id, mention.start, mention.end)
    target, quote, position = (URIRef(f"{node}#{part}") for part in ("target", "quote", "position"))
    graph.add((paper, SCHEMA.mentions, entity))
    if mention.proposed:
        graph.add((paper, KG.proposes, entity))
    graph.add((node, RDF.type, OA.Annotation))
    graph.add((node, RDF.type, KG.Mention))
    graph.add((node, OA.motivatedBy, OA.identifying))
    graph.add((node, OA.hasBody, entity))
    graph.add((node, OA.hasTarget, target))
    graph.add((node, KG.sentence, Literal(mention.sentence)))
    graph.add((node, KG.sentenceStart, Literal(mention.sentence_start)))
    graph.add((node, KG.extractor, Literal(mention.extractor)))
    graph.add((node, KG.confidence, Literal(_decimal(mention.confidence), datatype=XSD.decimal)))
    graph.add((target, RDF.type, OA.SpecificResource))
    graph.add((target, OA.hasSource, paper))
    graph.add((target, OA.hasSelector, quote))
    graph.add((target, OA.hasSelector, position))
    graph.add((quote, RDF.type, OA.TextQuoteSelector))
    graph.add((quote, OA.exact, Literal(mention.text)))
    graph.add((position, RDF.type, OA.TextPositionSelector))
    graph.add((position, OA.start, Literal(mention.start)))
    graph.add((position, OA.end, Literal(mention.end)))


def read_papers(graph: Graph) -> list[Paper]:
    """Return the papers of a graph, sorted by id; authors come back first author first, then by name."""
    papers = (_read_paper(graph, node) for node in set(graph.subjects(RDF.type, SCHEMA.ScholarlyArticle)))
    return sorted(papers, key=lambda paper: paper.paper_id)


def _read_paper(graph: Graph, node: Node) -> Paper:
    def text(predicate: URIRef, subject: Node = node) -> str:
        value = graph.value(subject, predicate)
        return "" if value is None else str(value)

    identifiers = sorted(str(i) for i in graph.objects(node, SCHEMA.identifier))
    first_author = graph.value(node, KG.firstAuthor)
    authors = sorted(graph.objects(node, SCHEMA.author), key=lambda a: (a != first_author, text(SCHEMA.name, a)))
    return Paper(
        paper_id=next(i for i in identifiers if ":" not in i),
        abstract=text(SCHEMA.abstract),
        sources=tuple(sorted(_source_line(str(s)) for s in graph.objects(node, KG.source))),
        title=text(SCHEMA.name),
        authors=tuple(text(SCHEMA.name, author) for author in authors),
        year=text(SCHEMA.datePublished),
        venue=text(KG.venue),
        url=text(SCHEMA.url),
        identifiers=tuple(i for i in identifiers if ":" in i),
    )


def _source_line(text: str) -> SourceLine:
    path, _, line = text.rpartition(":")
    return SourceLine(path, int(line))


def read_entities(graph: Graph) -> list[tuple[URIRef, Entity]]:
    """Return each entity of a graph with its IRI, sorted by key."""
    found = []
    for entity_type in EntityType:
        for node in set(graph.subjects(RDF.type, kg_term(entity_type.value))):
            name = str(graph.value(node, RDFS.label))
            aliases = tuple(sorted(str(a) for a in graph.objects(node, SKOS.altLabel)))
            found.append((URIRef(str(node)), Entity(name_key(name), name, entity_type, aliases)))
    return sorted(found, key=lambda pair: pair[1].key)


def rdf_to_nx(graph: Graph) -> nx.MultiDiGraph:
    """Return the networkx view: papers and entities as nodes, mentions and proposals as edges.

    Nodes are keyed by IRI and carry ``kind`` (``"Paper"`` or the entity's
    class), ``label`` and, for entities, ``aliases``. Each mention is an edge
    ``paper -> entity`` keyed by the mention's IRI with ``relation="mentions"``
    and its evidence; each proposal an edge keyed ``"proposes"``.
    """
    view = nx.MultiDiGraph()
    for node in sorted(graph.subjects(RDF.type, SCHEMA.ScholarlyArticle), key=str):
        view.add_node(
            str(node),
            kind=PAPER_KIND,
            label=str(graph.value(node, RDFS.label)),
            abstract=str(graph.value(node, SCHEMA.abstract)),
        )
    for node, entity in read_entities(graph):
        view.add_node(str(node), kind=entity.entity_type.value, label=entity.name, aliases=entity.aliases)
    for mention, source, body, evidence in sorted(_mentions(graph), key=lambda found: found[0]):
        view.add_edge(source, body, key=mention, relation="mentions", **evidence)
    for source, body in sorted((str(p), str(e)) for p, e in graph.subject_objects(KG.proposes)):
        view.add_edge(source, body, key="proposes", relation="proposes")
    for statement, subject, relation, target, evidence in sorted(_statements(graph)):
        if subject in view and target in view:
            view.add_edge(subject, target, key=statement, relation=relation, **evidence)
    for node, data in view.nodes(data=True):
        if data["kind"] == PAPER_KIND:
            data.update(_paper_facts(graph, URIRef(node)))
    return view


def _evidence_of(graph: Graph, node: Node) -> dict[str, object]:
    return {
        "sentence": str(graph.value(node, KG.sentence)),
        "cue": str(graph.value(node, KG.cue)),
        "confidence": float(str(graph.value(node, KG.confidence))),
    }


def _statements(graph: Graph) -> Iterator[tuple[str, str, str, str, dict[str, object]]]:
    for node in graph.subjects(RDF.type, KG.Statement):
        relation = str(graph.value(node, RDF.predicate)).removeprefix(str(KG._NS))
        subject, target = str(graph.value(node, RDF.subject)), str(graph.value(node, RDF.object))
        yield str(node), subject, relation, target, _evidence_of(graph, node)


def _paper_facts(graph: Graph, paper: URIRef) -> dict[str, object]:
    """A paper's kind, links and results, for the networkx view."""
    kinds = [str(t).removeprefix(str(KG._NS)) for t in graph.objects(paper, RDF.type) if str(t).startswith(str(KG._NS))]
    results = []
    for node in sorted(graph.objects(paper, KG.reports), key=str):
        about = graph.value(node, KG.about)
        results.append({
            "value": float(str(graph.value(node, KG.value))),
            "direction": str(graph.value(node, KG.direction)),
            "unit": str(graph.value(node, KG.unit)),
            "metric": str(graph.value(node, KG.metric) or ""),
            "about": "" if about is None else str(about),
            "compared_with": sorted(str(c) for c in graph.objects(node, KG.comparedWith)),
            **_evidence_of(graph, node),
        })  # fmt: skip
    return {
        "paper_kind": kinds[0] if kinds else "",
        "kind_cue": str(graph.value(paper, KG.kindCue) or ""),
        "code": sorted(str(u) for u in graph.objects(paper, SCHEMA.codeRepository)),
        "urls": sorted(str(u) for u in graph.objects(paper, SCHEMA.url)),
        "results": results,
    }


def _mentions(graph: Graph) -> Iterator[tuple[str, str, str, dict[str, object]]]:
    for node in graph.subjects(RDF.type, KG.Mention):
        target = graph.value(node, OA.hasTarget)
        selectors = {graph.value(s, RDF.type): s for s in graph.objects(target, OA.hasSelector)}
        quote, position = selectors[OA.TextQuoteSelector], selectors[OA.TextPositionSelector]
        evidence: dict[str, object] = {
            "text": str(graph.value(quote, OA.exact)),
            "start": int(str(graph.value(position, OA.start))),
            "end": int(str(graph.value(position, OA.end))),
            "sentence": str(graph.value(node, KG.sentence)),
            "sentence_start": int(str(graph.value(node, KG.sentenceStart))),
            "extractor": str(graph.value(node, KG.extractor)),
            "confidence": float(str(graph.value(node, KG.confidence))),
        }
        yield str(node), str(graph.value(target, OA.hasSource)), str(graph.value(node, OA.hasBody)), evidence
