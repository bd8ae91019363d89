from __future__ import annotations

import pytest

from kg.extract.name_shapes import find_shaped_names
from kg.ingest import read_papers
from kg.model import EntityType
from tests.conftest import ROOT


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


@pytest.fixture(scope="module")
def arxiv_abstracts() -> dict[str, str]:
    """Real arXiv abstracts that write model names as LaTeX ties, slash lists and fused variants."""
    papers = read_papers([ROOT / "tests" / "data" / "arxiv_name_shapes.jsonl"]).papers
    return {paper.url.rpartition("/")[2]: paper.abstract for paper in papers}


@pytest.mark.parametrize(
    ("arxiv_id", "expected"),
    [
        # "(ChatGPT-5, Gemini~2.5~Flash, Claude~Sonnet~4.5, Grok~4, and DeepSeek~V3.2)": a LaTeX tie is a space.
        ("2511.02589", ["ChatGPT-5", "Gemini 2.5 Flash", "Claude Sonnet 4.5", "Grok 4", "DeepSeek V3.2"]),
        # "fine-tuning methods built upon GPT-4/4o": a slash list of versions.
        ("2606.08245", ["GPT-4", "GPT-4o"]),
        # "outperforming Qwen2.5VL by relative margins": a variant word fused to its version.
        ("2505.12081", ["Qwen2.5VL"]),
    ],
)
def test_name_shapes_read_ties_slash_lists_and_fused_variants_in_arxiv_abstracts(arxiv_abstracts, arxiv_id, expected):
    found = [n.canonical for n in find_shaped_names(arxiv_abstracts[arxiv_id]) if n.entity_type is EntityType.MODEL]
    assert found == expected


def test_name_shapes_never_end_inside_a_version():
    assert names("Qwen2.5VL and Qwen2.5Coder-7B, not Qwen2") == [
        ("Qwen2.5VL", "Qwen2.5VL", "Model"),
        ("Qwen2.5Coder-7B", "Qwen2.5Coder-7B", "Model"),
        ("Qwen2", "Qwen2", "Model"),
    ]


def test_name_shapes_become_whole_mentions_in_the_pipeline(arxiv_abstracts, nlp):
    paper_text = arxiv_abstracts["2511.02589"]
    doc = nlp(paper_text)
    spans = {(span.text, span.kb_id_) for span in doc.spans["kg_name_shapes"]}
    assert ("Gemini~2.5~Flash", "Gemini 2.5 Flash") in spans and ("Grok~4", "Grok 4") in spans
