"""Synthetic corpora of a chosen size, made from the seeds' vocabulary, for tests and benchmarks.

Papers are sentences like "We train Qwen-Math with Group Relative Policy
Optimization on MultiAgentBench." built from entity names of the seed graph
plus numbered variants of them, so that there are as many entities as asked;
which entities a paper mentions follows a Zipf-like law, as in real corpora.
"""

from __future__ import annotations

import random

from kg.model import Corpus, Entity, EntityType, LinkedMention, Mention, Paper, SourceLine
from kg.normalise import name_key

__all__ = ["synthetic_corpus"]

_SEED_NAMES = [
    ("Group Relative Policy Optimization", EntityType.TECHNIQUE),
    ("Proximal Policy Optimization", EntityType.TECHNIQUE),
    ("Chain-of-Thought", EntityType.TECHNIQUE), ("Large Language Model", EntityType.CONCEPT),
    ("Qwen2.5", EntityType.MODEL), ("Qwen-Math", EntityType.MODEL), ("GPT-4o", EntityType.MODEL),
    ("GPT-4o-mini", EntityType.MODEL), ("Llama3.1-405B", EntityType.MODEL), ("DyMU", EntityType.METHOD),
    ("MultiAgentBench", EntityType.BENCHMARK), ("Mathematical Reasoning", EntityType.TASK),
    ("Accuracy", EntityType.METRIC), ("Theory of Mind", EntityType.CONCEPT),
]  # fmt: skip
_MENTIONS_PER_PAPER = 6
_PAPER_SHARE = 0.6


def synthetic_corpus(nodes: int, *, seed: int = 13) -> Corpus:
    """Return a corpus whose graph has about ``nodes`` nodes, 60% of them papers."""
    rng = random.Random(seed)
    paper_count = max(1, int(nodes * _PAPER_SHARE))
    entity_count = max(len(_SEED_NAMES), nodes - paper_count)
    entities = []
    for i in range(entity_count):
        base, kind = _SEED_NAMES[i % len(_SEED_NAMES)]
        name = _variant(base, i // len(_SEED_NAMES))
        entities.append(Entity(name_key(name), name, kind, ()))
    weights = [1 / (rank + 1) for rank in range(entity_count)]
    papers, mentions = [], []
    for number in range(paper_count):
        chosen = sorted(set(rng.choices(range(entity_count), weights=weights, k=_MENTIONS_PER_PAPER)))
        paper, linked = _paper(number, [entities[i] for i in chosen])
        papers.append(paper)
        mentions.extend(linked)
    return Corpus(tuple(papers), tuple(sorted(entities, key=lambda e: e.key)), tuple(mentions))


def _variant(name: str, generation: int) -> str:
    return name if generation == 0 else f"{name} v{generation}"


def _paper(number: int, entities: list[Entity]) -> tuple[Paper, list[LinkedMention]]:
    paper_id = f"{number:016x}"
    sentences, linked, offset = [], [], 0
    for entity in entities:
        sentence = f"We study {entity.name} in setting {number}."
        start = offset + len("We study ")
        mention = Mention(paper_id, start, start + len(entity.name), entity.name, entity.entity_type,
                          "kg_gazetteer", 0.8, sentence, offset)  # fmt: skip
        linked.append(LinkedMention(mention, entity.key))
        sentences.append(sentence)
        offset += len(sentence) + 1
    paper = Paper(paper_id, " ".join(sentences), (SourceLine("synthetic.txt", number + 1),))
    return paper, linked
