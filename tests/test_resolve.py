from __future__ import annotations

import pytest

from kg.extract import extract
from kg.ingest import read_papers
from kg.normalise import name_key
from kg.resolve import resolve
from tests.conftest import ROOT, seed_abstract


@pytest.fixture(scope="module")
def acronym_corpus(nlp):
    return resolve(extract(read_papers([ROOT / "tests" / "data" / "arxiv_acronyms.jsonl"]).papers, nlp))


def entity_named(corpus, name: str):
    key = name_key(name)
    matches = [e for e in corpus.entities if key in {name_key(f) for f in (e.name, *e.aliases)}]
    assert len(matches) == 1, f"{name}: {matches}"
    return matches[0]


def papers_of(corpus, entity) -> set[str]:
    return {m.mention.paper_id for m in corpus.mentions if m.entity_key == entity.key}


def test_resolve_grpo_is_one_entity_across_two_papers_and_two_expansions(seed_corpus):
    grpo = entity_named(seed_corpus, "GRPO")
    assert grpo is entity_named(seed_corpus, "Group Relative Preference Optimization")
    assert grpo is entity_named(seed_corpus, "Group Relative Policy Optimization")
    assert len(papers_of(seed_corpus, grpo)) == 2


def test_resolve_llms_in_every_paper_are_one_entity(seed_corpus):
    llm = entity_named(seed_corpus, "LLMs")
    assert llm is entity_named(seed_corpus, "Large Language Models") is entity_named(seed_corpus, "LLM")
    assert len(papers_of(seed_corpus, llm)) == 12


def test_resolve_different_things_stay_apart(seed_corpus):
    for first, second in [
        ("GPT-4o", "gpt-4o-mini"),
        ("Qwen-2.5", "Qwen-Math"),
        ("OpenAI-o1", "OpenAI-o3"),
        ("OTC-PPO", "PPO"),
        ("OTC-GRPO", "GRPO"),
        ("Alice", "cascade Alice"),
    ]:
        assert entity_named(seed_corpus, first) is not entity_named(seed_corpus, second)


def test_resolve_every_mention_links_to_an_entity(seed_corpus):
    keys = {e.key for e in seed_corpus.entities}
    assert all(m.entity_key in keys for m in seed_corpus.mentions)
    assert len(keys) == len(seed_corpus.entities)


def test_resolve_canonical_names(seed_corpus):
    assert entity_named(seed_corpus, "o3").name == "OpenAI o3"
    assert entity_named(seed_corpus, "Alice").name == "Alice"
    assert entity_named(seed_corpus, "Llama3.1-405B").name == "Llama3.1-405B"
    assert entity_named(seed_corpus, "OTC-PO").name == "Optimal Tool Call-controlled Policy Optimization"


def test_resolve_an_acronym_means_what_its_paper_defines(write_seed, nlp):
    ta_thematic = seed_abstract("Thematic analysis")
    ta_teaching = (
        "Teaching assistants (TA) grade thousands of essays each term. We study how a TA can use feedback "
        "tools, and find that TA workload falls by a third."
    )
    path = write_seed("two.txt", f"Abstract:{ta_thematic}\nAbstract:{ta_teaching}\n")
    corpus = resolve(extract(read_papers([path]).papers, nlp))
    by_paper = {}
    for linked in corpus.mentions:
        if linked.mention.text == "TA":
            by_paper.setdefault(linked.mention.paper_id, set()).add(linked.entity_key)
    assert sorted(len(keys) for keys in by_paper.values()) == [1, 1]
    assert len(set.union(*by_paper.values())) == 2


def test_resolve_is_independent_of_paper_order(seed_extractions):
    forward = resolve(seed_extractions)
    backward = resolve(list(reversed(seed_extractions)))
    assert forward.entities == backward.entities


def test_resolve_letters_a_paper_defines_do_not_take_the_gazetteers_meaning(acronym_corpus):
    # 2504.18802 defines EM as electromagnetic; the gazetteer's EM is exact match, which 2504.11972 means.
    entity_of = {(m.mention.paper_id, m.mention.text): m.entity_key for m in acronym_corpus.mentions}
    keys_by_paper = {paper.identifiers[0]: paper.paper_id for paper in acronym_corpus.papers}
    exact_match = entity_of[keys_by_paper["arXiv:2504.11972"], "EM"]
    electromagnetic = entity_of[keys_by_paper["arXiv:2504.18802"], "EM"]
    assert exact_match != electromagnetic
    assert "electromagnetic" in electromagnetic


def test_resolve_no_two_entities_share_a_key(acronym_corpus):
    # Two papers define RPE differently; both entities used to be called "RPE", which is one IRI in the graph.
    keys = [entity.key for entity in acronym_corpus.entities]
    assert len(keys) == len(set(keys))
    entity_of = {(m.mention.paper_id, m.mention.text): m.entity_key for m in acronym_corpus.mentions}
    rpe = {key for (_, text), key in entity_of.items() if text == "RPE"}
    assert len(rpe) == 2


@pytest.fixture(scope="module")
def name_shape_corpus(nlp):
    return resolve(extract(read_papers([ROOT / "tests" / "data" / "arxiv_name_shapes.jsonl"]).papers, nlp))


def test_resolve_joins_hyphenated_and_joined_prefixes(name_shape_corpus):
    # 2503.12772 writes "multi-modal large language models (MLLMs)"; the gazetteer knows "Multimodal ...".
    entity = entity_named(name_shape_corpus, "MLLM")
    assert entity.name == "Multimodal Large Language Model"
    assert "multi-modal large language models" in entity.aliases


def test_resolve_keeps_slash_listed_and_tied_versions_apart_from_their_family(name_shape_corpus):
    names = {e.name for e in name_shape_corpus.entities if e.entity_type.value == "Model"}
    assert {"GPT-4", "GPT-4o", "Gemini 2.5 Flash", "Claude Sonnet 4.5", "Grok 4", "DeepSeek V3.2"} <= names
    assert not {"Gemini", "Claude", "Grok", "DeepSeek"} & names


def test_resolve_keeps_editions_variants_and_broader_tasks_apart(nlp):
    # Real abstracts that name AIME 2024 and AIME 2025, ROUGE-1/2/L, and image and semantic segmentation.
    papers = read_papers([ROOT / "tests" / "data" / "arxiv_kept_apart.jsonl"]).papers
    corpus = resolve(extract(papers, nlp))
    for name in (
        "AIME 2024",
        "AIME 2025",
        "ROUGE-1",
        "ROUGE-2",
        "ROUGE-L",
        "Image Segmentation",
        "Semantic Segmentation",
    ):
        assert entity_named(corpus, name).name == name
