from __future__ import annotations

import subprocess

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

import kg
from kg.export.turtle import to_turtle
from kg.graph import corpus_to_rdf
from kg.model import Corpus, Entity, EntityType, LinkedMention, Mention, Paper, SourceLine
from kg.vocab import DEFAULT_BASE_IRI
from tests.conftest import SEEDS, require_tool

HOSTILE_NAMES = [
    'The "Quoted" Model',
    "Back\\slash\\Net",
    "Line\nBreak\r\nFormer",
    "Ünïcödé Трансформер 变换器 🤖",
    "Triple \"\"\" quotes ''' and ; . , [] () {}",
    "<script>alert(1)</script>",
]


def hostile_corpus() -> Corpus:
    abstract = "We present " + " and ".join(HOSTILE_NAMES) + "."
    paper = Paper("feedfacecafebeef", abstract, (SourceLine('odd "dir"/seed\\file.txt', 1),))
    entities, mentions = [], []
    for name in HOSTILE_NAMES:
        start = abstract.index(name)
        key = f"hostile {len(entities)}"
        entities.append(Entity(key, name, EntityType.METHOD, (name.upper(),)))
        mention = Mention(
            paper.paper_id,
            start,
            start + len(name),
            name,
            EntityType.METHOD,
            "kg_proposals",
            0.85,
            abstract,
            0,
            proposed=True,
        )
        mentions.append(LinkedMention(mention, key))
    return Corpus((paper,), tuple(entities), tuple(mentions))


def test_turtle_two_builds_are_byte_identical(tmp_path):
    first, _ = kg.build([SEEDS]).save(tmp_path / "one")
    second, _ = kg.build([SEEDS]).save(tmp_path / "two")
    assert first.read_bytes() == second.read_bytes()


def test_turtle_hostile_names_round_trip_through_rdflib():
    graph = corpus_to_rdf(hostile_corpus(), DEFAULT_BASE_IRI)
    parsed = Graph().parse(data=to_turtle(graph), format="turtle")
    assert isomorphic(parsed, graph)


@pytest.mark.parametrize("source", ["seeds", "hostile"])
def test_turtle_is_accepted_by_rapper(tmp_path, source):
    rapper = require_tool("rapper")
    graph = kg.build([SEEDS]).rdf if source == "seeds" else corpus_to_rdf(hostile_corpus(), DEFAULT_BASE_IRI)
    path = tmp_path / "graph.ttl"
    path.write_bytes(to_turtle(graph))
    result = subprocess.run([rapper, "-i", "turtle", "-c", str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert f"returned {len(graph)} triples" in result.stderr


def test_turtle_a_failed_write_leaves_no_partial_file(tmp_path, monkeypatch):
    graph = kg.build([SEEDS])
    graph.save(tmp_path)
    before = (tmp_path / "graph.ttl").read_bytes()

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("kg.export.os.replace", broken)
    with pytest.raises(kg.ExportError, match="No space left"):
        graph.save(tmp_path)
    assert (tmp_path / "graph.ttl").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.html", "graph.ttl"]
