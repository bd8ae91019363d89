"""The on-disk store: builds, incremental adds, interrupted builds, exports, and parallel extraction."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from decimal import Decimal

import pytest
from rdflib import Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

import kg
from kg.errors import KGError
from kg.graph import Text, corpus_to_rdf
from kg.model import Extraction
from kg.pipeline import build_store, extract_all
from kg.query import named_query
from kg.resolve import resolve
from kg.store import Store, decode, encode, export
from kg.vocab import DEFAULT_BASE_IRI
from tests.conftest import ROOT, SEEDS, require_tool


def _plain(graph: Graph) -> Graph:
    """The graph with literals in one lexical form per value.

    RDF 1.1 makes "x" and "x"^^xsd:string one literal, and Oxigraph writes the
    decimal 85.0 as 85; rdflib compares lexical forms.
    """
    plain = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype == XSD.string:
            o = Literal(str(o))
        elif isinstance(o, Literal) and o.datatype == XSD.decimal:
            o = Literal(format(Decimal(str(o)).normalize(), "f"), datatype=XSD.decimal)
        plain.add((s, p, o))
    return plain


def _in_memory(extractions: list[Extraction]) -> Graph:
    return _plain(corpus_to_rdf(resolve(extractions), DEFAULT_BASE_IRI))


def test_store_extractions_survive_the_round_trip(seed_extractions):
    assert [decode(Extraction, encode(e)) for e in seed_extractions] == seed_extractions


def test_store_holds_the_same_graph_as_a_build_in_memory(tmp_path, seed_extractions):
    store = Store(tmp_path / "kgstore")
    update = store.replace(seed_extractions, DEFAULT_BASE_IRI)
    in_memory = corpus_to_rdf(resolve(seed_extractions), DEFAULT_BASE_IRI)
    assert (update.papers, update.papers_added, update.triples) == (12, 12, len(in_memory))
    assert isomorphic(_plain(store.rdflib_graph()), _in_memory(seed_extractions))


def test_store_add_in_two_halves_equals_one_build(tmp_path, seed_extractions):
    store = Store(tmp_path / "kgstore")
    store.replace(seed_extractions[:6], DEFAULT_BASE_IRI)
    update = store.add(seed_extractions[6:])
    assert (update.papers_before, update.papers_added, update.papers) == (6, 6, 12)
    assert isomorphic(_plain(store.rdflib_graph()), _in_memory(seed_extractions))
    # GRPO is mentioned by papers in both halves and is one node after the second add.
    grpo = kg.load(store.path).papers_mentioning("GRPO")
    assert len(grpo) == 2


def test_store_adding_the_same_papers_again_changes_nothing(tmp_path):
    path = tmp_path / "kgstore"
    build_store([SEEDS], path)
    before = Store(path).manifest()
    triples_before = set(Store(path).rdflib_graph())
    _, update = build_store([SEEDS], path, add=True)
    assert (update.papers_added, update.papers_already_there) == (0, 12)
    assert Store(path).manifest() == before
    assert set(Store(path).rdflib_graph()) == triples_before


def test_store_a_failed_add_leaves_the_store_as_it_was(tmp_path, seed_extractions, monkeypatch):
    store = Store(tmp_path / "kgstore")
    store.replace(seed_extractions[:6], DEFAULT_BASE_IRI)
    generation, manifest = store.generation, store.manifest()

    def fail_midway(corpus, base_iri, sink):
        sink.add(f"{DEFAULT_BASE_IRI}paper/1", "https://schema.org/name", Text("half a paper"))
        raise OSError("disk full")

    monkeypatch.setattr("kg.store.write_triples", fail_midway)
    with pytest.raises(OSError, match="disk full"):
        store.add(seed_extractions[6:])
    assert (store.generation, store.manifest()) == (generation, manifest)
    assert not list(store.path.glob(".staging-*"))
    assert len(list(store.extractions())) == 6


def test_store_a_killed_add_leaves_whole_papers_only(tmp_path):
    path = tmp_path / "kgstore"
    build_store([sorted(SEEDS.glob("*.txt"))[0]], path)
    before = Store(path).manifest()
    command = [sys.executable, "-m", "kg", "add", str(SEEDS), str(ROOT / "tests" / "data"), "--store", str(path)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    time.sleep(1.5)  # the interpreter and spaCy take about this long to start; the kill lands mid-build
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    after = Store(path)
    manifest = after.manifest()
    assert manifest == before or manifest["papers"] > before["papers"]
    assert len(after.rdflib_graph()) == manifest["triples"]
    assert len(list(after.extractions())) == manifest["papers"]


def test_store_exports_turtle_that_rapper_reads(tmp_path):
    rapper = require_tool("rapper")
    path = tmp_path / "kgstore"
    _, update = build_store([SEEDS], path)
    for suffix, syntax in ((".ttl", "turtle"), (".nt", "ntriples")):
        written = export(path, tmp_path / f"graph{suffix}")
        checked = subprocess.run([rapper, "-i", syntax, "-c", str(written)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr
        assert f"returned {update.triples} triples" in checked.stderr
    assert not list(tmp_path.glob(".*.partial"))


def test_store_export_refuses_an_unknown_format_and_leaves_nothing(tmp_path):
    with pytest.raises(KGError, match="export as one of"):
        export(SEEDS, tmp_path / "graph.xml")
    assert not list(tmp_path.iterdir())


def test_store_add_to_a_folder_that_is_not_a_store(tmp_path, seed_extractions):
    with pytest.raises(KGError, match="no store here"):
        Store(tmp_path / "nothing").add(seed_extractions)


def test_store_named_queries_answer_from_oxigraph(tmp_path):
    path = tmp_path / "kgstore"
    build_store([SEEDS], path)
    graph = kg.load(path)
    assert graph.summary is None
    names = {row["label"] for row in graph.sparql(named_query("find_entity").text, name="grpo")}
    assert names == {"Group Relative Policy Optimization"}
    assert graph.nx.number_of_nodes() == kg.build([SEEDS]).nx.number_of_nodes()


def test_pipeline_workers_give_the_same_extractions(seed_papers):
    papers = list(seed_papers) * 25  # 300 papers, in chunks of 40 across two processes
    one = list(extract_all(papers, workers=1))
    two = list(extract_all(papers, workers=2, chunk=40))
    assert two == one


def test_store_takes_a_code_link_written_with_latex(tmp_path):
    # arXiv 2503.17407 writes its link inside \href{...}{\color[RGB]{...}}: brackets no IRI may hold unescaped.
    _, update = build_store([ROOT / "tests" / "data" / "arxiv_latex_url.jsonl"], tmp_path / "kgstore")
    assert update.papers == 1
    links = kg.load(tmp_path / "kgstore").sparql("SELECT ?link WHERE { ?p schema:codeRepository ?link }")
    assert [row["link"] for row in links] == [
        "https://github.com/LCLM-Horizon/A-Comprehensive-Survey-For-Long-Context-Language-Modeling"
    ]
