from __future__ import annotations

import pyshacl
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS

import kg
from kg.graph import PAPER_KIND, rdf_to_nx
from kg.model import EntityType
from kg.vocab import KG, SCHEMA
from tests.conftest import ROOT, SCHEMAS, SEEDS


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SCHEMAS / "shapes.ttl")


def validate(data: Graph, shapes: Graph) -> tuple[bool, str]:
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes, advanced=True)
    return conforms, text


def test_graph_validates_against_the_shapes(seed_graph, shapes):
    conforms, report = validate(seed_graph.rdf, shapes)
    assert conforms, report


def test_graph_of_arxiv_records_with_used_for_validates(shapes):
    graph = kg.build([ROOT / "tests" / "data" / "arxiv_used_for.jsonl"])
    assert len(list(graph.rdf.subject_objects(KG.usedFor))) == 2
    conforms, report = validate(graph.rdf, shapes)
    assert conforms, report


@pytest.mark.parametrize(
    "damage",
    [
        "second_class",
        "proposes_unmentioned",
        "mention_without_sentence",
    ],
)
def test_graph_shapes_catch_broken_graphs(seed_graph, shapes, damage):
    data = Graph() + seed_graph.rdf
    grpo = next(data.subjects(RDFS.label, Literal("Group Relative Policy Optimization")))
    if damage == "second_class":
        data.add((grpo, RDF.type, KG.Model))
    elif damage == "proposes_unmentioned":
        paper = next(
            p for p in data.subjects(RDF.type, SCHEMA.ScholarlyArticle) if (p, SCHEMA.mentions, grpo) not in data
        )
        data.add((paper, KG.proposes, grpo))
    else:
        mention = next(data.subjects(RDF.type, KG.Mention))
        data.remove((mention, KG.sentence, None))
    conforms, _ = validate(data, shapes)
    assert not conforms


def test_graph_has_twelve_papers_with_the_vocabulary(seed_graph):
    papers = set(seed_graph.rdf.subjects(RDF.type, SCHEMA.ScholarlyArticle))
    assert len(papers) == 12
    for paper in papers:
        abstract = str(seed_graph.rdf.value(paper, SCHEMA.abstract))
        assert abstract and not abstract.startswith("Abstract:")


def test_graph_every_entity_traces_back_to_a_sentence(seed_graph):
    untraced = seed_graph.sparql("""
        SELECT ?entity WHERE {
          ?entity a ?class .
          FILTER (?class IN (kg:Model, kg:Method, kg:Technique, kg:Benchmark, kg:Task, kg:Metric, kg:Concept))
          FILTER NOT EXISTS { ?m oa:hasBody ?entity ; kg:sentence ?s ; oa:hasTarget/oa:hasSource ?paper .
                              ?paper schema:mentions ?entity ; schema:abstract ?abstract .
                              FILTER (CONTAINS(?abstract, ?s)) }
        }""")
    assert untraced == []


def test_graph_networkx_view_matches_rdf(seed_graph):
    view = rdf_to_nx(seed_graph.rdf)
    kinds = [data["kind"] for _, data in view.nodes(data=True)]
    assert kinds.count(PAPER_KIND) == 12
    assert len(kinds) - 12 == len(seed_graph.entities())
    mentions = [edge for edge in view.edges(data=True) if edge[2]["relation"] == "mentions"]
    assert len(mentions) == len(set(seed_graph.rdf.subjects(RDF.type, KG.Mention)))
    for paper, _, data in mentions:
        abstract = view.nodes[paper]["abstract"]
        assert abstract[data["start"] : data["end"]] == data["text"]
        assert data["text"] in data["sentence"]


def test_graph_round_trips_through_turtle(seed_graph, tmp_path):
    turtle, _ = seed_graph.save(tmp_path)
    loaded = kg.load(turtle)
    assert isomorphic(loaded.rdf, seed_graph.rdf)
    assert sorted(loaded.nx.edges(keys=True)) == sorted(seed_graph.nx.edges(keys=True))


def test_graph_vocabulary_matches_the_ontology():
    ontology = Graph().parse(SCHEMAS / "kg.ttl")
    defined = {str(s) for s in ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(str(KG._NS))}
    assert defined == {str(KG[name]) for name in KG.__annotations__}
    for entity_type in EntityType:
        assert (KG[entity_type.value], RDFS.subClassOf, KG.Entity) in ontology


def test_graph_with_bibliographic_records_validates(shapes):
    data = ROOT / "tests" / "data"
    graph = kg.build([SEEDS, data / "papers.bib", data / "arxiv_query.atom", data / "arxiv_grpo.jsonl"])
    conforms, report = validate(graph.rdf, shapes)
    assert conforms, report
    assert len(set(graph.rdf.subjects(RDF.type, SCHEMA.Person))) == 6
