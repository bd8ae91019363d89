from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.normalise import name_key, singular


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("LLMs", "LLM"),
        ("Large Language Models", "large-language model"),
        ("Qwen-2.5", "Qwen2.5"),
        ("Llama3.1-405B", "Llama 3.1 405B"),
        ("chain-of-thought", "Chain of Thought"),
        ("ReasRMs", "ReasRM"),
        ("RM's", "RM"),
        ("multi-modal large language models", "Multimodal Large Language Model"),
        ("pre-trained language model", "pretrained language model"),
        ("fine-tuning", "finetuning"),
        ("Qwen2.5-VL", "Qwen2.5VL"),
        ("Gemini~2.5~Flash", "Gemini 2.5 Flash"),
    ],
)
def test_normalise_variants_share_a_key(first, second):
    assert name_key(first) == name_key(second)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("GPT-4o", "gpt-4o-mini"),
        ("Qwen-2.5", "Qwen-Math"),
        ("OpenAI-o1", "OpenAI-o3"),
        ("OTC-PPO", "PPO"),
        ("Reward Model", "Reward Modeling"),
        ("Qwen2.5-VL", "Qwen2-VL"),
        ("multi-agent", "agent"),
    ],
)
def test_normalise_different_things_keep_different_keys(first, second):
    assert name_key(first) != name_key(second)


@pytest.mark.parametrize(
    ("plural", "expected"),
    [
        ("analysis", "analysis"),
        ("strategies", "strategy"),
        ("AnyRes", "AnyRes"),
        ("dynamics", "dynamics"),
        ("Transformers", "Transformer"),
        ("VLMs", "VLM"),
        ("teacher's", "teacher's"),
    ],
)
def test_normalise_singular(plural, expected):
    assert singular(plural) == expected


words = st.text(alphabet=st.characters(whitelist_categories=("Ll", "Lu", "Nd")), min_size=1, max_size=8)


@given(st.lists(words, min_size=1, max_size=4))
def test_normalise_hyphens_and_spaces_are_the_same(parts):
    assert name_key("-".join(parts)) == name_key(" ".join(parts))


@given(st.text(max_size=40))
def test_normalise_key_is_stable_and_lower_case(text):
    key = name_key(text)
    assert key == name_key(text)
    assert key == key.casefold()
    assert key == key.strip()
