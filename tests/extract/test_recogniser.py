"""The trained statistical recogniser: shipped small, run after the rules, never overriding them."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from kg.extract import RECOGNISER, build_pipeline, extract
from kg.model import Paper
from tests.conftest import seed_abstract


@pytest.fixture(scope="module")
def with_recogniser():
    return build_pipeline(recogniser=True)


def test_recogniser_ships_inside_the_package_and_is_small():
    folder = resources.files("kg.extract").joinpath("data", "recogniser")
    size = sum(entry.stat().st_size for entry in Path(str(folder)).rglob("*") if entry.is_file())
    assert 1_000_000 < size < 10_000_000


def test_recogniser_is_off_unless_asked(nlp):
    assert RECOGNISER not in nlp.pipe_names
    assert build_pipeline(recogniser=True).pipe_names[-1] == RECOGNISER


def test_recogniser_adds_generic_terms_and_the_rules_keep_theirs(nlp, with_recogniser):
    paper = Paper("rm-r1", seed_abstract("Reward modeling is essential"), ())
    (rules,) = extract([paper], nlp)
    (both,) = extract([paper], with_recogniser)
    by_rules = {(m.start, m.end, m.extractor) for m in rules.mentions}
    assert by_rules <= {(m.start, m.end, m.extractor) for m in both.mentions}
    learned = [m for m in both.mentions if m.extractor == RECOGNISER]
    assert learned, "the recogniser found nothing the rules missed"
    taken = {i for m in rules.mentions for i in range(m.start, m.end)}
    assert all(taken.isdisjoint(range(m.start, m.end)) for m in learned)
    assert {m.entity_type.value for m in learned} <= {"Method", "Task", "Metric", "Benchmark"}
    assert all(m.confidence == 0.5 for m in learned)
