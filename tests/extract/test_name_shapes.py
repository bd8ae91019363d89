from __future__ import annotations

import pytest

from kg.extract.name_shapes import find_shaped_names
from kg.model import EntityType


def names(text: str) -> list[tuple[str, str, str]]:
    return [(text[n.start : n.end], n.canonical, n.entity_type.value) for n in find_shaped_names(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "outperforming Llama3.1-405B and GPT-4o by up to 13.8%",
            [("Llama3.1-405B", "Llama3.1-405B", "Model"), ("GPT-4o", "GPT-4o", "Model")],
        ),
        (
            "Notably, gpt-4o-mini reaches the average highest task score",
            [("gpt-4o-mini", "gpt-4o-mini", "Model")],
        ),
        (
            "Experiments with Qwen-2.5 and Qwen-Math across multiple QA benchmarks",
            [("Qwen-2.5", "Qwen-2.5", "Model"), ("Qwen-Math", "Qwen-Math", "Model")],
        ),
        (
            "such as OpenAI-o1/o3 and DeepSeek-R1 (collectively",
            [
                ("OpenAI-o1", "OpenAI-o1", "Model"),
                ("o3", "OpenAI-o3", "Model"),
                ("DeepSeek-R1", "DeepSeek-R1", "Model"),
            ],
        ),
        ("train a family of ReasRMs, RM-R1.", [("RM-R1", "RM-R1", "Model")]),
        (
            "resulting in OTC-PPO and OTC-GRPO.",
            [("OTC-PPO", "OTC-PPO", "Method"), ("OTC-GRPO", "OTC-GRPO", "Method")],
        ),
        (
            "Claude 3.5 Sonnet and Qwen2.5-7B-Instruct",
            [
                ("Claude 3.5 Sonnet", "Claude 3.5 Sonnet", "Model"),
                ("Qwen2.5-7B-Instruct", "Qwen2.5-7B-Instruct", "Model"),
            ],
        ),
    ],
)
def test_name_shapes_find_models_from_the_seeds(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "A Human-AI Collaborative framework using LLM-based agents",
        "R1-like models and Llama-based systems",
        "reduce the token count by 32%-85% with ToM-sensitive parameters",
        "code and data at https://github.com/RM-R1-UIUC/RM-R1.",
        "the seed of the command phi",
    ],
)
def test_name_shapes_ignore_what_is_not_a_name(text):
    assert names(text) == []


def test_name_shapes_keep_model_versions_apart():
    found = {canonical for _, canonical, _ in names("GPT-4o, GPT-4o-mini, o1 and o3-mini")}
    assert found == {"GPT-4o", "GPT-4o-mini", "o1", "o3-mini"}
    assert all(n.entity_type is EntityType.MODEL for n in find_shaped_names("GPT-4o, GPT-4o-mini"))
