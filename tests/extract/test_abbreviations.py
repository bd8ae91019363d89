from __future__ import annotations

import json

import pytest

from kg.extract.abbreviations import find_definitions, guess_type, match_long_form
from kg.model import EntityType
from tests.conftest import ROOT, seed_abstract


def definitions(text: str) -> list[tuple[str, str]]:
    return [(text[d.long_start : d.long_end], text[d.short_start : d.short_end]) for d in find_definitions(text)]


@pytest.mark.parametrize(
    ("opening", "expected"),
    [
        (
            "Tool-integrated reasoning",
            [
                ("Tool-integrated reasoning", "TIR"),
                ("large language models", "LLMs"),
                ("reinforcement learning", "RL"),
                ("Optimal Tool Call-controlled Policy Optimization", "OTC-PO"),
                ("Proximal Policy Optimization", "PPO"),
                ("Group Relative Preference Optimization", "GRPO"),
            ],
        ),
        (
            "Reward modeling",
            [
                ("large language models", "LLMs"),
                ("reinforcement learning from human feedback", "RLHF"),
                ("reward model", "RM"),
                ("chain-of-thought", "CoT"),
                ("Reasoning Reward Models", "ReasRMs"),
            ],
        ),
        (
            "The emergence of Large Language Models",
            [
                ("Large Language Models", "LLMs"),
                ("post-training language models", "PoLMs"),
                ("Large Reasoning Models", "LRMs"),
            ],
        ),
    ],
)
def test_abbreviations_found_in_real_abstracts(opening, expected):
    assert definitions(seed_abstract(opening)) == expected


def test_abbreviations_short_form_first_and_digits_standing_for_words():
    text = seed_abstract("The growing capabilities")
    found = definitions(text)
    assert ("Weak-to-strong generalization", "W2SG") in found
    assert ("pro{A}ctive {l}earning w{i}th tea{c}her's D{e}monstrations", "Alice") in found
    assert next(d for d in find_definitions(text) if text[d.short_start : d.short_end] == "Alice").short_first


def test_abbreviations_both_directions_name_the_same_pair():
    forward = "We train with Group Relative Policy Optimization (GRPO)."
    backward = "We train with GRPO (Group Relative Policy Optimization)."
    assert definitions(forward) == definitions(backward) == [("Group Relative Policy Optimization", "GRPO")]


@pytest.mark.parametrize(
    "text",
    [
        "outperforming open-weight models (e.g., Llama3.1-405B) by up to 13.8%.",
        "knowledge-based reasoning (+4.0%), mathematical reasoning (+22.62%)",
        "a living GitHub repository (links are in each section) to crowd-source updates",
        "fast and intuitive thinking (System 1) to slow and deep reasoning",
        "the cause of reasoning inefficiency, (i) behaviour analysis",
        "models are at https://example.org/a_(b) now",
    ],
)
def test_abbreviations_parentheses_that_define_nothing(text):
    assert definitions(text) == []


def test_abbreviations_prefer_capitals_that_begin_words():
    text = "within both Proximal Policy Optimization"
    assert text[match_long_form("PPO", text) :] == "Proximal Policy Optimization"


@pytest.mark.parametrize(
    ("long_form", "expected"),
    [
        ("Proximal Policy Optimization", EntityType.TECHNIQUE),
        ("Thematic analysis", EntityType.TASK),
        ("Large Language Models", EntityType.CONCEPT),
        ("key performance indicators", EntityType.METRIC),
        ("Multi-Agent Benchmark", EntityType.BENCHMARK),
    ],
)
def test_abbreviations_guess_type_from_the_head_word(long_form, expected):
    assert guess_type(long_form) is expected


def test_abbreviations_component_marks_every_later_use(nlp):
    doc = nlp(seed_abstract("Tool-integrated reasoning"))
    uses = [span.text for span in doc.spans["kg_abbreviations"] if span.text == "TIR"]
    assert len(uses) == 3
    assert all(
        span.kb_id_ == "Tool-integrated reasoning" for span in doc.spans["kg_abbreviations"] if span.text == "TIR"
    )


@pytest.fixture(scope="module")
def arxiv_summaries() -> dict[str, str]:
    """Real arXiv abstracts exactly as the crawl stores them, hard line wraps included."""
    records = [
        json.loads(line) for line in (ROOT / "tests" / "data" / "arxiv_definitions.jsonl").open(encoding="utf-8")
    ]
    return {record["id"]: record["summary"] for record in records}


def test_abbreviations_citations_define_nothing(arxiv_summaries):
    # "Anthropic's constitution (Anthropic, 2025a)", "the GPT family falls from 11.7% (GPT-4o)".
    assert definitions(arxiv_summaries["2605.24229"]) == []


def test_abbreviations_a_version_digit_must_appear_in_the_long_form():
    assert definitions("the GPT family falls from 11.7% (GPT-4o) to 3.6%") == []
    assert definitions("weak-to-strong generalization (W2SG)") == [("weak-to-strong generalization", "W2SG")]


def test_abbreviations_long_forms_stay_inside_brackets(arxiv_summaries):
    found = definitions(arxiv_summaries["2503.15390"])
    assert ("similarity-guided collaborative aggregation", "SGCA") in found
    assert not [long for long, _ in found if "(" in long or ")" in long]


def test_abbreviations_long_form_after_a_line_break(arxiv_summaries):
    # "... the high cost of collecting\nchain-of-thought (CoT) data": the wrap is a word boundary.
    assert ("chain-of-thought", "CoT") in definitions(arxiv_summaries["2503.12303"])
