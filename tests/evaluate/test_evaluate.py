"""The evaluation harness: scoring on hand-made spans, readers on the real data in ../shared (skipped without it)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.evaluate import evaluate, relation_mapping, type_mapping
from kg.evaluate.gold import DATASETS, GoldDocument, GoldSpan, read_gold
from kg.evaluate.merges import score_merges
from kg.evaluate.scoring import score
from kg.model import EntityType, Relation
from tests.conftest import SHARED

needs_shared = pytest.mark.skipif(not (SHARED / "eval").is_dir(), reason="../shared/eval is not here")


def test_evaluate_scoring_exact_and_partial():
    gold = [("a", 0, 10, "Task"), ("a", 20, 30, "Method"), ("b", 0, 5, "Method")]
    predicted = [("a", 0, 10, "Task"), ("a", 22, 28, "Method"), ("a", 40, 45, "Method"), ("b", 1, 3, "Task")]
    scores = score(predicted, gold)
    assert (scores.exact["Task"].matched_predictions, scores.exact["Task"].predicted, scores.exact["Task"].gold) == (
        1,
        2,
        1,
    )
    assert scores.exact["Method"].matched_gold == 0
    assert scores.partial["Method"].matched_gold == 1
    assert scores.partial["overall"].recall == pytest.approx(2 / 3)
    assert scores.partial["overall"].precision == pytest.approx(2 / 4)


def test_evaluate_partial_matching_is_one_to_one():
    scores = score([("a", 0, 3, "T"), ("a", 2, 6, "T")], [("a", 0, 10, "T")])
    assert (scores.partial["T"].matched_predictions, scores.partial["T"].predicted) == (1, 2)


def test_evaluate_relations_match_only_when_both_ends_overlap():
    gold = [("a", 0, 10, 20, 30, "Used-For")]
    predicted = [("a", 2, 8, 40, 50, "Used-For"), ("a", 2, 8, 22, 25, "Used-For"), ("a", 2, 8, 22, 25, "Part-Of")]
    scores = score(predicted, gold)
    assert scores.partial["Used-For"].matched_gold == 1 and scores.partial["Used-For"].predicted == 2
    assert scores.exact["overall"].matched_gold == 0
    assert scores.partial["overall"].precision == pytest.approx(1 / 3)


@pytest.mark.parametrize("dataset", sorted(DATASETS))
def test_evaluate_every_mapping_targets_our_classes_and_relations(dataset):
    assert set(type_mapping(dataset)) <= {t.value for t in EntityType}
    assert set(relation_mapping(dataset)) <= {r.value for r in Relation}


def _gold_from_first_occurrences(paper_id: str, text: str, groups: list[list[str]]) -> GoldDocument:
    """Gold spans at the first occurrence of each name; the names in one group are one thing."""
    spans = [[GoldSpan(text.index(name), text.index(name) + len(name), "Method") for name in group] for group in groups]
    return GoldDocument(paper_id, text, tuple(s for group in spans for s in group), same_thing=tuple(map(tuple, spans)))


def test_evaluate_merges_on_a_seed_abstract_join_acronyms_and_keep_others_apart(seed_papers, seed_corpus):
    paper = next(p for p in seed_papers if p.abstract.startswith("Tool-integrated reasoning (TIR)"))
    groups = [
        ["Tool-integrated reasoning", "TIR"],
        ["large language models", "LLMs"],
        ["reinforcement learning", "RL"],
        ["Proximal Policy Optimization", "PPO"],
        ["Group Relative Preference Optimization", "GRPO"],
    ]
    scores = score_merges([_gold_from_first_occurrences(paper.paper_id, paper.abstract, groups)], seed_corpus.mentions)
    assert scores.found_mentions == 10 and scores.compared_pairs == 45
    assert (scores.pairs.gold, scores.pairs.predicted, scores.pairs.matched_gold) == (5, 5, 5)


def test_evaluate_merges_count_a_wrong_join_and_a_missed_one(seed_papers, seed_corpus):
    paper = next(p for p in seed_papers if p.abstract.startswith("Tool-integrated reasoning (TIR)"))
    groups = [["Tool-integrated reasoning", "RL"], ["reinforcement learning"], ["TIR"]]  # a wrong gold, on purpose
    scores = score_merges([_gold_from_first_occurrences(paper.paper_id, paper.abstract, groups)], seed_corpus.mentions)
    assert (scores.pairs.gold, scores.pairs.predicted, scores.pairs.matched_gold) == (1, 2, 0)


@needs_shared
@pytest.mark.shared
@pytest.mark.parametrize(
    ("dataset", "split", "documents", "spans"),
    [
        ("scierc", "dev", 50, 811 - 147),  # SOURCE.md's counts, less the "Generic" spans the reader drops
        ("tdmsci", "test", 487, 396 + 192 + 174),
        ("scienceie", "dev", 50, 1162),
        ("scier", "dev", 713, 2234),
    ],
)
def test_evaluate_readers_match_the_published_counts(dataset, split, documents, spans):
    gold = read_gold(dataset, split, SHARED)
    assert len(gold) == documents
    found = sum(len(doc.spans) for doc in gold)
    assert found == spans or (dataset == "scier" and found >= 0.99 * spans)  # SciER gives strings, a few not found
    for doc in gold[:20]:
        assert all(0 <= s.start < s.end <= len(doc.text) for s in doc.spans)


@needs_shared
@pytest.mark.shared
@pytest.mark.parametrize(
    ("dataset", "relations", "same_thing"),
    [
        # SciERC dev: 455 relations and 100 clusters; those with a "Generic" span go, and clusters left single.
        ("scierc", 303, 55),
        # SciER dev: 1,132 relations, each end found by its string; the 76 Synonym-Of ones become groups.
        ("scier", 1132 - 76, 76),
        # ScienceIE dev: 123 Hyponym-of R lines and 45 Synonym-of * lines.
        ("scienceie", 123, 45),
    ],
)
def test_evaluate_readers_keep_relations_and_groups(dataset, relations, same_thing):
    gold = read_gold(dataset, "dev", SHARED)
    assert sum(len(doc.relations) for doc in gold) == relations
    assert sum(len(doc.same_thing) for doc in gold) == same_thing
    for doc in gold:
        spans = set(doc.spans)
        assert all(r.head in spans and r.tail in spans for r in doc.relations)
        assert all(set(group) <= spans for group in doc.same_thing)


@needs_shared
@pytest.mark.shared
def test_evaluate_scierc_reader_reads_treebank_brackets_as_brackets():
    gold = read_gold("scierc", "dev", SHARED)
    assert not any("-LRB-" in doc.text or "-RRB-" in doc.text for doc in gold)
    assert any("individual rationality ( IR )" in doc.text for doc in gold)


@needs_shared
@pytest.mark.shared
def test_evaluate_scirex_reader_keeps_all_but_the_mentions_across_runs_of_sentences():
    gold = read_gold("scirex", "train", SHARED)
    assert len({doc.doc_id.split("#")[0] for doc in gold}) == 306
    spans = [(doc.text[s.start : s.end], s.label) for doc in gold for s in doc.spans]
    # SOURCE.md counts 107,997 mentions; two cross a ten-sentence boundary.
    assert 107_990 <= len(spans) <= 107_997
    assert ("Cityscapes", "Material") in spans[:200]


@needs_shared
@pytest.mark.shared
def test_evaluate_tdmsci_spans_cover_their_words():
    doc = read_gold("tdmsci", "train", SHARED)[0]
    assert doc.text.startswith("We investigate a largely unsupervised approach")


@needs_shared
@pytest.mark.shared
def test_evaluate_runs_end_to_end_on_scierc_dev(nlp):
    evaluation = evaluate("scierc", "dev", SHARED, nlp)
    overall = evaluation.scores.partial["overall"]
    assert overall.gold == 664
    assert overall.predicted > 0 and 0 < overall.precision <= 1
    assert evaluation.relation_scores.exact["overall"].gold == 303
    assert evaluation.merges.gold_mentions == 664 and 0 < evaluation.merges.found_mentions < 664


@needs_shared
@pytest.mark.shared
def test_evaluate_cli_prints_the_table():
    result = CliRunner().invoke(main, ["eval", "tdmsci", "--split", "test", "--shared", str(SHARED)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "tdmsci test: 487 documents"
    assert "mapping: Task -> TASK, Benchmark -> DATASET, Metric -> METRIC" in result.output
    assert "relation mapping" not in result.output  # TDMSci annotates no relations
    assert result.output.splitlines()[-1].startswith("one thing")


@needs_shared
@pytest.mark.shared
def test_evaluate_cli_prints_relations_and_merges_on_scier():
    result = CliRunner().invoke(main, ["eval", "scier", "--split", "dev", "--shared", str(SHARED)])
    assert result.exit_code == 0, result.output
    assert "relation mapping: usesModel -> reversed Used-For," in result.output
    assert any(line.startswith("Compare-With") for line in result.output.splitlines())
    merged = result.output.splitlines()[-1].split()
    assert merged[:4] == ["one", "thing", "61", "64"]


def test_evaluate_cli_unknown_split(tmp_path):
    result = CliRunner().invoke(main, ["eval", "tdmsci", "--split", "dev", "--shared", str(tmp_path)])
    assert result.exit_code == 1
    assert "tdmsci has no split 'dev'" in result.output
