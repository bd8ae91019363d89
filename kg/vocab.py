"""Vocabulary: the namespaces and terms our graphs use, mirroring ``schemas/kg.ttl``."""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD, DefinedNamespace

__all__ = ["DEFAULT_BASE_IRI", "KG", "OA", "ONTOLOGY_IRI", "SCHEMA", "bind_prefixes", "kg_term"]

DEFAULT_BASE_IRI = "https://w3id.org/paperkg/"
"""Where papers, entities and mentions are minted; ``--base-iri`` moves them."""

ONTOLOGY_IRI = "https://w3id.org/paperkg/ontology#"
"""Where our classes and properties live; fixed, so queries and shapes work on every graph."""

SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")


class KG(DefinedNamespace):
    """The PaperKG ontology (``schemas/kg.ttl``); an unknown term is an error, not a new IRI."""

    _NS = Namespace(ONTOLOGY_IRI)
    _fail = True

    Entity: URIRef
    Model: URIRef
    Method: URIRef
    Technique: URIRef
    Benchmark: URIRef
    Task: URIRef
    Metric: URIRef
    Concept: URIRef
    Mention: URIRef
    proposes: URIRef
    source: URIRef
    sentence: URIRef
    sentenceStart: URIRef
    extractor: URIRef
    confidence: URIRef
    venue: URIRef
    firstAuthor: URIRef
    ModelFamily: URIRef
    memberOf: URIRef
    modelVersion: URIRef
    parameterCount: URIRef
    Statement: URIRef
    inPaper: URIRef
    cue: URIRef
    basedOn: URIRef
    variantOf: URIRef
    hasPart: URIRef
    evaluatedOn: URIRef
    evaluates: URIRef
    outperforms: URIRef
    comparedWith: URIRef
    usesModel: URIRef
    usesTechnique: URIRef
    usedFor: URIRef
    Result: URIRef
    reports: URIRef
    value: URIRef
    upperValue: URIRef
    unit: URIRef
    direction: URIRef
    metric: URIRef
    about: URIRef
    SurveyPaper: URIRef
    MethodPaper: URIRef
    BenchmarkPaper: URIRef
    AnalysisPaper: URIRef
    kindCue: URIRef


def kg_term(name: str) -> URIRef:
    """Return the ontology term called ``name``; an unknown name raises ``AttributeError``.

    Example:
        >>> kg_term("Technique")
        rdflib.term.URIRef('https://w3id.org/paperkg/ontology#Technique')
    """
    term: URIRef = getattr(KG, name)
    return term


PREFIXES: dict[str, str] = {
    "kg": ONTOLOGY_IRI,
    "schema": str(SCHEMA),
    "oa": str(OA),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "skos": str(SKOS),
    "xsd": str(XSD),
}
"""The vocabularies' prefixes: declared in every query we run or serve, and in every file we write."""


def prefixes(base_iri: str) -> dict[str, str]:
    """The prefixes our files are written with: the vocabularies', and ``paper:`` and ``entity:`` under the base."""
    return {**PREFIXES, "paper": f"{base_iri}paper/", "entity": f"{base_iri}entity/"}


def bind_prefixes(graph: Graph, base_iri: str) -> Graph:
    """Bind the prefixes our Turtle is written with."""
    for prefix, namespace in prefixes(base_iri).items():
        graph.bind(prefix, namespace, replace=True)
    return graph
