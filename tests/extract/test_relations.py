"""Relations, paper kinds, results and links found in the seed abstracts, as issue 6 states them."""

from __future__ import annotations

import pytest

from kg.extract import extract
from kg.extract.claims import find_links
from kg.extract.name_shapes import ModelName, parse_model_name
from kg.ingest import read_papers
from kg.model import Paper, PaperKind, Relation
from tests.conftest import ROOT


def extraction_of(extractions, opening: str):
    return next(e for e in extractions if e.paper.abstract.startswith(opening))


def statements(extraction) -> set[tuple[str, str, str]]:
    text = {(m.start, m.end): m.text for m in extraction.mentions}
    return {
        ("PAPER" if s.subject is None else text[s.subject], s.relation.value, text[s.object])
        for s in extraction.statements
    }


@pytest.mark.parametrize(
    ("opening", "expected"),
    [
        ("Tool-integrated reasoning", {
            ("OTC-PPO", "basedOn", "PPO"), ("OTC-GRPO", "basedOn", "GRPO"),
            ("Optimal Tool Call-controlled Policy Optimization", "usesModel", "Qwen-2.5"),
            ("Optimal Tool Call-controlled Policy Optimization", "usesModel", "Qwen-Math"),
            ("Optimal Tool Call-controlled Policy Optimization", "usesTechnique", "GRPO"),
        }),
        ("The growing capabilities", {("cascade Alice", "variantOf", "Alice")}),
        ("We present DyMU", {
            ("DyMU", "hasPart", "Dynamic Token Merging"), ("DyMU", "hasPart", "Virtual Token Unmerging"),
        }),
        ("Large Language Models (LLMs) have shown remarkable capabilities", {
            ("MultiAgentBench", "evaluates", "gpt-4o-mini"), ("gpt-4o-mini", "evaluatedOn", "MultiAgentBench"),
        }),
        ("Reward modeling", {("RM-R1", "outperforms", "Llama3.1-405B"), ("RM-R1", "outperforms", "GPT-4o")}),
        ("Current Large Language Models", {("PAPER", "usesTechnique", "GRPO"), ("PAPER", "comparedWith", "SFT")}),
    ],
)  # fmt: skip
def test_relations_from_the_seeds(seed_extractions, opening, expected):
    assert expected <= statements(extraction_of(seed_extractions, opening))


@pytest.mark.parametrize(
    ("arxiv_id", "expected"),
    [
        # "... limited to DNNs for image classification."
        ("2503.12453", ("DNNs", "usedFor", "image classification")),
        # "we study the application of MCTS to NAS for image classification."
        ("2503.21061", ("NAS", "usedFor", "image classification")),
    ],
)
def test_relations_a_name_used_for_a_task_in_arxiv_abstracts(nlp, arxiv_id, expected):
    papers = read_papers([ROOT / "tests" / "data" / "arxiv_used_for.jsonl"]).papers
    paper = next(p for p in papers if p.url.endswith(arxiv_id))
    found = statements(next(extract([paper], nlp)))
    assert expected in found
    assert not [s for s in found if s[1] == "usedFor" and s != expected]


def test_relations_used_for_needs_nothing_but_a_preposition_between(nlp):
    text = (
        "We train BERT for text classification. GRPO, as for mathematical reasoning, helps. "
        "PPO beats text classification."
    )
    found = statements(next(extract([Paper("p", text, ())], nlp)))
    assert {s for s in found if s[1] == "usedFor"} == {("BERT", "usedFor", "text classification")}


def test_relations_carry_their_sentence(seed_extractions):
    otc = extraction_of(seed_extractions, "Tool-integrated reasoning")
    based = next(s for s in otc.statements if s.relation is Relation.BASED_ON)
    assert "resulting in OTC-PPO and OTC-GRPO" in based.evidence.sentence
    assert otc.paper.abstract[based.evidence.sentence_start :].startswith(based.evidence.sentence)


def test_relations_an_analysis_does_not_use_what_it_studies(seed_extractions):
    tom = extraction_of(seed_extractions, "This paper investigates")
    assert tom.statements == ()


@pytest.mark.parametrize(
    ("opening", "kind", "cue"),
    [
        ("Large Language Models (LLMs) are advancing", PaperKind.SURVEY, "this survey"),
        ("Recent advancements in Large", PaperKind.SURVEY, "In this survey"),
        ("The emergence of Large Language Models", PaperKind.SURVEY, "the first comprehensive survey"),
        ("Large Language Models (LLMs) have shown remarkable capabilities", PaperKind.BENCHMARK,
         "introduces the benchmark MultiAgentBench"),
        ("This paper investigates", PaperKind.ANALYSIS, "This paper investigates"),
        ("Most written natural languages", PaperKind.ANALYSIS, "We show how"),
        ("We present DyMU", PaperKind.METHOD, "proposes DyMU"),
        ("Reward modeling", PaperKind.METHOD, "proposes Reasoning Reward Models"),
    ],
)  # fmt: skip
def test_relations_paper_kinds(seed_extractions, opening, kind, cue):
    extraction = extraction_of(seed_extractions, opening)
    assert (extraction.kind, extraction.kind_cue) == (kind, cue)


def results(extraction) -> list[tuple[float, float | None, str, str, str | None, list[str]]]:
    text = {(m.start, m.end): m.text for m in extraction.mentions}
    return [
        (r.value, r.upper_value, r.direction, r.metric, text.get(r.about), [text[c] for c in r.compared_with])
        for r in extraction.results
    ]


@pytest.mark.parametrize(
    ("opening", "expected"),
    [
        ("Tool-integrated reasoning", [
            (73.1, None, "decrease", "tool calls", "Optimal Tool Call-controlled Policy Optimization", []),
            (229.4, None, "increase", "tool productivity", "Optimal Tool Call-controlled Policy Optimization", []),
        ]),
        ("We present DyMU", [(32.0, 85.0, "decrease", "average visual token count", "DyMU", [])]),
        ("The growing capabilities", [
            (4.0, None, "increase", "knowledge-based reasoning", "Alice", ["W2SG"]),
            (22.62, None, "increase", "mathematical reasoning", "Alice", ["W2SG"]),
            (12.11, None, "increase", "logical reasoning", "Alice", ["W2SG"]),
        ]),
        ("Reward modeling", [(13.8, None, "increase", "", "RM-R1", ["Llama3.1-405B", "GPT-4o"])]),
        ("Current Large Language Models", [
            (17.0, None, "increase", "", None, []), (15.0, None, "increase", "", None, ["SFT"]),
        ]),
    ],
)  # fmt: skip
def test_relations_results_from_the_seeds(seed_extractions, opening, expected):
    assert results(extraction_of(seed_extractions, opening)) == expected


def test_relations_links(seed_extractions):
    links = {e.paper.abstract[:12]: [(link.url, link.is_code) for link in e.links] for e in seed_extractions}
    assert links["Reward model"] == [("https://github.com/RM-R1-UIUC/RM-R1", True)]
    assert links["We present D"] == [("https://mikewangwzhl.github.io/dymu/", False)]
    assert find_links("no links here") == []


@pytest.mark.parametrize(
    ("name", "parsed"),
    [
        ("Llama3.1-405B", ModelName("Llama", "3.1", "405B")),
        ("Qwen2.5", ModelName("Qwen", "2.5", "")),
        ("Qwen-Math", ModelName("Qwen", "", "")),
        ("GPT-4o-mini", ModelName("GPT", "4o", "")),
        ("OpenAI o3", ModelName("OpenAI", "o3", "")),
        ("Mixtral-8x7B", ModelName("Mixtral", "", "8x7B")),
        ("RM-R1", None),
    ],
)
def test_relations_model_names_taken_apart(name, parsed):
    assert parse_model_name(name) == parsed


def test_relations_a_method_evaluated_on_benchmarks(nlp):
    from kg.extract import extract
    from kg.model import Paper

    abstract = (
        "We present FastRL, a framework for training reasoning models. "
        "We evaluate FastRL on GSM8K and MMLU, where it improves accuracy by 4.2% over GPT-4o."
    )
    (extraction,) = extract([Paper("0" * 16, abstract, ())], nlp)
    found = statements(extraction)
    assert {
        ("FastRL", "evaluatedOn", "GSM8K"),
        ("FastRL", "evaluatedOn", "MMLU"),
        ("GSM8K", "evaluates", "FastRL"),
    } <= found
    assert results(extraction) == [(4.2, None, "increase", "accuracy", "FastRL", ["GPT-4o"])]
