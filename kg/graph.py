"""Graph: the one model of the corpus, as RDF triples, and the networkx view derived from them.

RDF is the source of truth, so a graph loaded from Turtle has the same
networkx view as the graph it was saved from. Mentions are W3C Web
Annotations: the body is the entity, the target a text position and quote in
the paper's abstract, and the annotation carries the sentence and extractor.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple, Protocol
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

__all__ = [
    "PAPER_KIND",
    "Text",
    "TripleSink",
    "corpus_to_rdf",
    "rdf_to_nx",
    "read_entities",
    "read_papers",
    "write_triples",
]

PAPER_KIND = "Paper"
_LABEL_CHARS = 90


class Text(NamedTuple):
    """A literal as the writer sends it: the lexical form, and the datatype's IRI (None for a plain string)."""

    lexical: str
    datatype: str | None = None


class TripleSink(Protocol):
    """Where triples go: subject and predicate are IRIs, the value an IRI (``str``) or a ``Text`` literal.

    Plain strings rather than rdflib terms, because a sink builds its own:
    rdflib's for the in-memory graph, Oxigraph's for a store, where making
    rdflib terms first cost more than the rest of the write together.
    """

    def add(self, subject: str, predicate: str, value: str | Text, /) -> object:
        """Take one triple."""


class _Names:
    """A namespace's IRIs as plain strings, each made once; an unknown name of a closed namespace still fails."""

    def __init__(self, namespace: object) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        iri = str(getattr(self._namespace, name))
        setattr(self, name, iri)
        return iri

    def term(self, name: str) -> str:
        """The IRI called ``name``, for names that are data (an entity type, a relation)."""
        iri: str = getattr(self, name)
        return iri


_RDF, _RDFS, _SKOS, _XSD = _Names(RDF), _Names(RDFS), _Names(SKOS), _Names(XSD)
_KG, _OA, _SCHEMA = _Names(KG), _Names(OA), _Names(SCHEMA)


def _integer(value: int) -> Text:
    return Text(str(value), _XSD.integer)


class _RdflibSink:
    """A triple sink that adds to an rdflib ``Graph``; IRIs repeat, so each is made once."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.iris: dict[str, URIRef] = {}

    def add(self, subject: str, predicate: str, value: str | Text, /) -> None:
        self.graph.add((self._iri(subject), self._iri(predicate), self._term(value)))

    def _iri(self, iri: str) -> URIRef:
        found = self.iris.get(iri)
        if found is None:
            found = self.iris[iri] = URIRef(iri)
        return found

    def _term(self, value: str | Text) -> URIRef | Literal:
        if isinstance(value, str):
            return self._iri(value)
        return Literal(value.lexical, datatype=None if value.datatype is None else self._iri(value.datatype))


def corpus_to_rdf(corpus: Corpus, base_iri: str) -> Graph:
    """Return the RDF graph of a resolved corpus."""
    graph = bind_prefixes(Graph(), base_iri)
    write_triples(corpus, base_iri, _RdflibSink(graph))
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


def _add_paper(sink: TripleSink, base: str, paper: Paper) -> None:
    node = paper_iri(base, paper.paper_id)
    sink.add(node, _RDF.type, _SCHEMA.ScholarlyArticle)
    sink.add(node, _RDFS.label, Text(paper.title or paper_label(paper.abstract)))
    sink.add(node, _SCHEMA.abstract, Text(paper.abstract))
    sink.add(node, _SCHEMA.identifier, Text(paper.paper_id))
    for source in paper.sources:
        sink.add(node, _KG.source, Text(str(source)))
    for identifier in paper.identifiers:
        scheme, _, value = identifier.partition(":")
        sink.add(node, _SCHEMA.identifier, Text(identifier))
        sink.add(node, _SCHEMA.sameAs, _SAME_AS[scheme] + quote(value, safe="/:.-_~"))
    for predicate, value in ((_SCHEMA.name, paper.title), (_KG.venue, paper.venue)):
        if value:
            sink.add(node, predicate, Text(value))
    if paper.year.isdigit():
        sink.add(node, _SCHEMA.datePublished, Text(paper.year, _XSD.gYear))
    if paper.url.startswith(("http://", "https://")):
        sink.add(node, _SCHEMA.url, quote(paper.url, safe=_URL_SAFE))
    for position, author in enumerate(paper.authors, start=1):
        person = person_iri(base, author)
        sink.add(node, _SCHEMA.author, person)
        sink.add(person, _RDF.type, _SCHEMA.Person)
        sink.add(person, _SCHEMA.name, Text(author))
        sink.add(person, _RDFS.label, Text(author))
        if position == 1:
            sink.add(node, _KG.firstAuthor, person)


def _add_entity(sink: TripleSink, base: str, entity: Entity) -> None:
    node = entity_iri(base, entity.key)
    sink.add(node, _RDF.type, _KG.term(entity.entity_type.value))
    sink.add(node, _RDFS.label, Text(entity.name))
    for alias in entity.aliases:
        sink.add(node, _SKOS.altLabel, Text(alias))
    parsed = parse_model_name(entity.name) if entity.entity_type is EntityType.MODEL else None
    if parsed is None:
        return
    if name_key(parsed.family) != entity.key:
        family = family_iri(base, parsed.family)
        sink.add(node, _KG.memberOf, family)
        sink.add(family, _RDF.type, _KG.ModelFamily)
        sink.add(family, _RDFS.label, Text(parsed.family))
    for predicate, value in ((_KG.modelVersion, parsed.version), (_KG.parameterCount, parsed.size)):
        if value:
            sink.add(node, predicate, Text(value))


def _evidence_triples(sink: TripleSink, node: str, paper: str, evidence: Evidence) -> None:
    sink.add(node, _KG.inPaper, paper)
    sink.add(node, _KG.sentence, Text(evidence.sentence))
    sink.add(node, _KG.cue, Text(evidence.cue))
    sink.add(node, _KG.confidence, Text(_decimal(evidence.confidence), _XSD.decimal))


def _add_statement(sink: TripleSink, base: str, linked: LinkedStatement) -> None:
    """The relation as a plain triple, and a node that reifies it with its evidence."""
    statement = linked.statement
    paper = paper_iri(base, statement.paper_id)
    subject = paper if linked.subject_key is None else entity_iri(base, linked.subject_key)
    target = entity_iri(base, linked.object_key)
    predicate = _KG.term(statement.relation.value)
    sink.add(subject, predicate, target)
    node = statement_iri(base, statement.paper_id, f"{subject} {predicate} {target}")
    sink.add(node, _RDF.type, _KG.Statement)
    sink.add(node, _RDF.subject, subject)
    sink.add(node, _RDF.predicate, predicate)
    sink.add(node, _RDF.object, target)
    _evidence_triples(sink, node, paper, statement.evidence)


def _add_result(sink: TripleSink, base: str, linked: LinkedResult) -> None:
    result = linked.result
    paper = paper_iri(base, result.paper_id)
    node = result_iri(base, result.paper_id, result.start, result.end)
    sink.add(paper, _KG.reports, node)
    sink.add(node, _RDF.type, _KG.Result)
    sink.add(node, _KG.value, Text(_decimal(result.value), _XSD.decimal))
    if result.upper_value is not None:
        sink.add(node, _KG.upperValue, Text(_decimal(result.upper_value), _XSD.decimal))
    sink.add(node, _KG.unit, Text(result.unit))
    sink.add(node, _KG.direction, Text(result.direction))
    if result.metric:
        sink.add(node, _KG.metric, Text(result.metric))
    if linked.about_key is not None:
        sink.add(node, _KG.about, entity_iri(base, linked.about_key))
    for key in linked.compared_keys:
        sink.add(node, _KG.comparedWith, entity_iri(base, key))
    _evidence_triples(sink, node, paper, result.evidence)


def _decimal(value: float) -> str:
    """The canonical xsd:decimal form, which keeps a fraction digit ("32.0"), as Turtle writes it back."""
    text = f"{value:.4f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def _add_facts(sink: TripleSink, base: str, facts: PaperFacts, proposed: list[str]) -> None:
    """The paper's kind, with the words that decided it, and its links, also on what it proposes."""
    paper = paper_iri(base, facts.paper_id)
    if facts.kind is not None:
        sink.add(paper, _RDF.type, _KG.term(facts.kind.value))
        sink.add(paper, _KG.kindCue, Text(facts.kind_cue))
    for link in facts.links:
        predicate = _SCHEMA.codeRepository if link.is_code else _SCHEMA.url
        target = quote(link.url, safe=_URL_SAFE)
        for subject in (paper, *(entity_iri(base, key) for key in dict.fromkeys(proposed))):
            sink.add(subject, predicate, target)


def _add_mention(sink: TripleSink, base: str, linked: LinkedMention) -> None:
    mention = linked.mention
    paper = paper_iri(base, mention.paper_id)
    entity = entity_iri(base, linked.entity_key)
    node = mention_iri(base, mention.paper_id, mention.start, mention.end)
    target, quote, position = (f"{node}#{part}" for part in ("target", "quote", "position"))
    sink.add(paper, _SCHEMA.mentions, entity)
    if mention.proposed:
        sink.add(paper, _KG.proposes, entity)
    sink.add(node, _RDF.type, _OA.Annotation)
    sink.add(node, _RDF.type, _KG.Mention)
    sink.add(node, _OA.motivatedBy, _OA.identifying)
    sink.add(node, _OA.hasBody, entity)
    sink.add(node, _OA.hasTarget, target)
    sink.add(node, _KG.sentence, Text(mention.sentence))
    sink.add(node, _KG.sentenceStart, _integer(mention.sentence_start))
    sink.add(node, _KG.extractor, Text(mention.extractor))
    sink.add(node, _KG.confidence, Text(_decimal(mention.confidence), _XSD.decimal))
    sink.add(target, _RDF.type, _OA.SpecificResource)
    sink.add(target, _OA.hasSource, paper)
    sink.add(target, _OA.hasSelector, quote)
    sink.add(target, _OA.hasSelector, position)
    sink.add(quote, _RDF.type, _OA.TextQuoteSelector)
    sink.add(quote, _OA.exact, Text(mention.text))
    sink.add(position, _RDF.type, _OA.TextPositionSelector)
    sink.add(position, _OA.start, _integer(mention.start))
    sink.add(position, _OA.end, _integer(mention.end))


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
