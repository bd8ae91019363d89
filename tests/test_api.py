from __future__ import annotations

import subprocess
import sys

import networkx as nx
import pytest

import kg
from kg.model import EntityType
from tests.conftest import SEEDS


def test_api_build_summary(seed_graph):
    summary = seed_graph.summary
    assert (summary.records_read, summary.papers, summary.duplicates_merged, summary.skipped) == (
        20,
        12,
        8,
        (),
    )
    assert summary.triples == len(seed_graph.rdf)
    assert sum(count for _, count in summary.entities_by_type) == len(seed_graph.entities())


def test_api_views(seed_graph):
    assert isinstance(seed_graph.nx, nx.MultiDiGraph)
    assert len(seed_graph.papers()) == 12


@pytest.mark.parametrize("kind", [EntityType.MODEL, "Model"])
def test_api_entities_by_kind(seed_graph, kind):
    names = {e.name for e in seed_graph.entities(kind=kind)}
    assert {
        "GPT-4o",
        "GPT-4o-mini",
        "Qwen2.5",
        "Qwen-Math",
        "OpenAI o1",
        "OpenAI o3",
        "Llama3.1-405B",
    } <= names


def test_api_unknown_kind(seed_graph):
    with pytest.raises(kg.KGError, match="no entity class 'Gadget'"):
        seed_graph.entities(kind="Gadget")


@pytest.mark.parametrize(
    ("name", "papers"),
    [
        ("GRPO", 2),
        ("Group Relative Policy Optimisation", 2),
        ("grpo", 2),
        ("LLMs", 12),
        ("large-language model", 12),
        ("gpt-4o-mini", 1),
        ("GPT-4o", 1),
        ("nothing at all", 0),
    ],
)
def test_api_papers_mentioning_any_alias(seed_graph, name, papers):
    assert len(seed_graph.papers_mentioning(name)) == papers


def test_api_load_a_folder_and_a_file(seed_graph, tmp_path):
    seed_graph.save(tmp_path)
    assert len(kg.load(tmp_path).papers()) == len(kg.load(tmp_path / "graph.ttl").papers()) == 12


@pytest.mark.parametrize("content", [None, "@prefix broken <", ""])
def test_api_load_bad_files(tmp_path, content):
    path = tmp_path / "graph.ttl"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    if content == "":
        assert kg.load(path).papers() == []
        return
    with pytest.raises(kg.KGError, match=r"graph\.ttl"):
        kg.load(path)


def test_api_base_iri(tmp_path):
    graph = kg.build([SEEDS], base_iri="https://example.org/kg/")
    assert all(str(s).startswith("https://example.org/kg/") for s in graph.nx.nodes)
    with pytest.raises(kg.KGError, match="must end with"):
        kg.build([SEEDS], base_iri="https://example.org/kg")


def test_api_import_does_nothing_heavy():
    code = "import sys, kg; print(sorted(m for m in ('pyvis', 'pyshacl', 'playwright') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
