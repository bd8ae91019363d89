"""The evaluation harness: scoring on hand-made spans, readers on the real data in ../shared (skipped without it)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.evaluate import evaluate, type_mapping
from kg.evaluate.gold import DATASETS, read_gold
from kg.evaluate.scoring import score
from kg.model import EntityType
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


@pytest.mark.parametrize("dataset", sorted(DATASETS))
def test_evaluate_every_mapping_targets_our_classes(dataset):
    assert set(type_mapping(dataset)) <= {t.value for t in EntityType}


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


@needs_shared
@pytest.mark.shared
def test_evaluate_cli_prints_the_table():
    result = CliRunner().invoke(main, ["eval", "tdmsci", "--split", "test", "--shared", str(SHARED)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "tdmsci test: 487 documents"
    assert "mapping: Task -> TASK, Benchmark -> DATASET, Metric -> METRIC" in result.output
    assert result.output.splitlines()[-1].startswith("overall")


def test_evaluate_cli_unknown_split(tmp_path):
    result = CliRunner().invoke(main, ["eval", "tdmsci", "--split", "dev", "--shared", str(tmp_path)])
    assert result.exit_code == 1
    assert "tdmsci has no split 'dev'" in result.output
