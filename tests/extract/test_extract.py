from __future__ import annotations

import itertools

from kg.model import EntityType


def mentions_of(extractions, opening: str):
    return next(e for e in extractions if e.paper.abstract.startswith(opening)).mentions


def test_extract_each_mention_keeps_its_evidence(seed_extractions):
    for extraction in seed_extractions:
        abstract = extraction.paper.abstract
        for mention in extraction.mentions:
            assert abstract[mention.start : mention.end] == mention.text
            assert abstract[mention.sentence_start :].startswith(mention.sentence)
            assert (
                mention.sentence_start <= mention.start < mention.end <= mention.sentence_start + len(mention.sentence)
            )
            assert 0 < mention.confidence <= 1
            assert mention.extractor.startswith("kg_")


def test_extract_mentions_do_not_overlap(seed_extractions):
    for extraction in seed_extractions:
        spans = sorted((m.start, m.end) for m in extraction.mentions)
        assert all(end <= next_start for (_, end), (next_start, _) in itertools.pairwise(spans))


def test_extract_otc_paper(seed_extractions):
    mentions = mentions_of(seed_extractions, "Tool-integrated reasoning")
    by_text = {m.text: m for m in mentions}
    assert by_text["OTC-PPO"].entity_type is EntityType.METHOD
    assert by_text["Qwen-2.5"].entity_type is EntityType.MODEL
    assert by_text["PPO"].entity_type is EntityType.TECHNIQUE
    assert by_text["OTC-PO"].proposed and not by_text["PPO"].proposed


def test_extract_agreeing_extractors_raise_confidence(seed_extractions):
    mentions = mentions_of(seed_extractions, "Tool-integrated reasoning")
    grpo = next(m for m in mentions if m.text == "GRPO")
    preference = next(m for m in mentions if m.text == "Group Relative Preference Optimization")
    assert grpo.confidence > preference.confidence
