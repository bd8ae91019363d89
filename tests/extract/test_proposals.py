from __future__ import annotations

import pytest

from tests.conftest import seed_abstract


def proposed(nlp, text: str) -> list[str]:
    return [span.text for span in nlp(text).spans["kg_proposals"]]


@pytest.mark.parametrize(
    ("opening", "expected"),
    [
        ("We present DyMU", ["DyMU"]),
        (
            "Large Language Models (LLMs) have shown remarkable capabilities as autonomous agents",
            ["MultiAgentBench"],
        ),
        (
            "Tool-integrated reasoning",
            ["Optimal Tool Call-controlled Policy Optimization", "OTC-PO", "OTC-PPO", "OTC-GRPO"],
        ),
        ("Thematic analysis", ["TAMA"]),
    ],
)
def test_proposals_in_real_abstracts(nlp, opening, expected):
    assert proposed(nlp, seed_abstract(opening)) == expected


def test_proposals_alice_and_cascade_alice(nlp):
    found = proposed(nlp, seed_abstract("The growing capabilities"))
    assert "Alice" in found and "cascade Alice" in found


def test_proposals_a_name_in_apposition(nlp):
    found = proposed(nlp, seed_abstract("Reward modeling"))
    assert "RM-R1" in found and "Reasoning Reward Models" in found


@pytest.mark.parametrize(
    "opening",
    ["This paper investigates", "The emergence of Large Language Models", "Recent advancements in Large"],
)
def test_proposals_analyses_and_surveys_propose_nothing(nlp, opening):
    assert proposed(nlp, seed_abstract(opening)) == []


def test_proposals_known_techniques_are_used_not_proposed(nlp):
    assert proposed(nlp, "We propose Group Relative Policy Optimization (GRPO) for agents.") == []


def test_proposals_benchmark_by_its_description(nlp):
    doc = nlp("In this paper, we introduce ToolArena, a large benchmark of tool calls.")
    assert [(s.text, s.label_) for s in doc.spans["kg_proposals"]] == [("ToolArena", "Benchmark")]


def test_proposals_coined_terms(nlp):
    doc = nlp(seed_abstract("Most written natural languages"))
    assert [s.text for s in doc.spans["kg_coined_terms"]] == ["position generalization"]
