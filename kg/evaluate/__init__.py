"""Evaluate: score PaperKG's extraction against independently annotated data in ``shared/eval/``.

``evaluate("scierc", "dev")`` runs the extraction pipeline over the gold texts,
maps our classes onto the dataset's labels (``mapping.toml``) and returns
precision, recall and F1 per label under exact and partial matching.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from spacy.language import Language

from kg.evaluate.gold import DATASETS, GoldDocument, read_gold
from kg.evaluate.scoring import Counts, Scores, Span, score
from kg.extract import build_pipeline, extract
from kg.model import Paper

__all__ = ["DATASETS", "Evaluation", "evaluate", "format_evaluation", "type_mapping"]


@dataclass(frozen=True, slots=True)
class Evaluation:
    """What was scored, how our classes were mapped, and the scores."""

    dataset: str
    split: str
    documents: int
    mapping: dict[str, str]
    scores: Scores
    pipeline: tuple[str, ...] = ()


@cache
def _mappings() -> dict[str, dict[str, str]]:
    return tomllib.loads(resources.files("kg.evaluate").joinpath("mapping.toml").read_text(encoding="utf-8"))


def type_mapping(dataset: str) -> dict[str, str]:
    """Our class -> the dataset's label, for the classes the dataset annotates."""
    return dict(_mappings()[dataset])


def evaluate(dataset: str, split: str, shared: Path, nlp: Language | None = None) -> Evaluation:
    """Score extraction on one split of one dataset.

    Raises:
        ValueError: for an unknown dataset or split.
        FileNotFoundError: if the shared evaluation data is not at ``shared``.
    """
    documents = read_gold(dataset, split, shared)
    mapping = type_mapping(dataset)
    nlp = nlp or build_pipeline()
    predicted = _predictions(documents, mapping, nlp)
    gold: list[Span] = [(doc.doc_id, s.start, s.end, s.label) for doc in documents for s in doc.spans]
    return Evaluation(dataset, split, len(documents), mapping, score(predicted, gold), tuple(nlp.pipe_names))


def _predictions(documents: list[GoldDocument], mapping: dict[str, str], nlp: Language) -> list[Span]:
    papers = [Paper(doc.doc_id, doc.text, ()) for doc in documents]
    return [
        (mention.paper_id, mention.start, mention.end, mapping[mention.entity_type.value])
        for extraction in extract(papers, nlp)
        for mention in extraction.mentions
        if mention.entity_type.value in mapping
    ]


def format_evaluation(evaluation: Evaluation) -> str:
    """The evaluation as a table: per label and overall, P/R/F1 exact and partial, with the mapping stated."""
    lines = [
        f"{evaluation.dataset} {evaluation.split}: {evaluation.documents} documents",
        "mapping: " + ", ".join(f"{ours} -> {theirs}" for ours, theirs in evaluation.mapping.items()),
        "pipeline: " + " -> ".join(evaluation.pipeline),
        "",
        f"{'label':22s} {'gold':>6s} {'pred':>6s} | {'exact P':>7s} {'R':>6s} {'F1':>6s} | "
        f"{'partial P':>9s} {'R':>6s} {'F1':>6s}",
    ]
    for label, exact in evaluation.scores.exact.items():
        partial = evaluation.scores.partial[label]
        lines.append(f"{label:22s} {exact.gold:6d} {exact.predicted:6d} | {_row(exact, 7)} | {_row(partial, 9)}")
    return "\n".join(lines) + "\n"


def _row(counts: Counts, first_width: int) -> str:
    return f"{counts.precision:{first_width}.3f} {counts.recall:6.3f} {counts.f1:6.3f}"
