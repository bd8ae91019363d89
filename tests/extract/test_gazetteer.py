from __future__ import annotations

from collections import Counter

from kg.extract.gazetteer import load_gazetteer
from kg.model import EntityType


def test_gazetteer_ships_hundreds_of_entries_of_every_class_with_sources():
    entries = load_gazetteer()
    assert len(entries) >= 500
    assert set(Counter(e.entity_type for e in entries)) == set(EntityType) - {EntityType.METHOD}
    assert {e.source for e in entries} == {"curated", "litellm", "lm-eval", "nlp-tdms"}


def test_gazetteer_matches_aliases_and_plurals(nlp):
    doc = nlp("We fine-tune vision-language models with GRPO and report pass@1 on GSM8K and MMLU.")
    found = {(s.text, s.kb_id_, s.label_) for s in doc.spans["kg_gazetteer"]}
    assert ("vision-language models", "Vision-Language Model", "Concept") in found
    assert ("GRPO", "Group Relative Policy Optimization", "Technique") in found
    assert ("GSM8K", "GSM8K", "Benchmark") in found
    assert ("MMLU", "MMLU", "Benchmark") in found


def test_gazetteer_short_names_need_their_case(nlp):
    doc = nlp("The ta said the score would drop. The race was long.")
    assert list(doc.spans["kg_gazetteer"]) == []
