"""Evaluate: score PaperKG's extraction against independently annotated data in ``shared/eval/``.

``evaluate("scierc", "dev")`` runs extraction and resolution over the gold
texts, maps our classes and relations onto the dataset's labels
(``mapping.toml``) and returns precision, recall and F1 per label under exact
and partial matching, for mentions and for relations, and the pairwise
precision and recall of the merges within each text.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.language import Language

from kg.evaluate.gold import DATASETS, read_gold
from kg.evaluate.merges import MergeScores, score_merges
from kg.evaluate.scoring import Counts, Link, Scores, Span, score
from kg.extract import build_pipeline, extract
from kg.model import Extraction, Paper
from kg.resolve import resolve

__all__ = [
    "DATASETS",
    "Evaluation",
    "RelationMapping",
    "evaluate",
    "format_evaluation",
    "relation_mapping",
    "type_mapping",
]


@dataclass(frozen=True, slots=True)
class RelationMapping:
    """Which of the dataset's labels one of our relations is, and whether its head is our object."""

    label: str
    reversed: bool


@dataclass(frozen=True, slots=True)
class Evaluation:
    """What was scored, how our classes were mapped, and the scores."""

    dataset: str
    split: str
    documents: int
    mapping: dict[str, str]
    scores: Scores
    relation_mapping: dict[str, RelationMapping]
    relation_scores: Scores
    merges: MergeScores
    pipeline: tuple[str, ...] = ()


@cache
def _mappings() -> dict[str, Any]:
    return tomllib.loads(resources.files("kg.evaluate").joinpath("mapping.toml").read_text(encoding="utf-8"))


def type_mapping(dataset: str) -> dict[str, str]:
    """Our class -> the dataset's label, for the classes the dataset annotates."""
    return dict(_mappings()[dataset]["types"])


def relation_mapping(dataset: str) -> dict[str, RelationMapping]:
    """Our relation -> the dataset's label and direction, for the relations the dataset annotates."""
    table = _mappings()[dataset]["relations"]
    return {ours: RelationMapping(label, direction == "reversed") for ours, (label, direction) in table.items()}


def evaluate(dataset: str, split: str, shared: Path, nlp: Language | None = None) -> Evaluation:
    """Score extraction on one split of one dataset.

    Raises:
        ValueError: for an unknown dataset or split.
        FileNotFoundError: if the shared evaluation data is not at ``shared``.
    """
    documents = read_gold(dataset, split, shared)
    mapping, relations = type_mapping(dataset), relation_mapping(dataset)
    symmetric = frozenset(_mappings()[dataset]["symmetric"])
    nlp = nlp or build_pipeline()
    extractions = list(extract((Paper(doc.doc_id, doc.text, ()) for doc in documents), nlp))
    gold_spans: list[Span] = [(doc.doc_id, s.start, s.end, s.label) for doc in documents for s in doc.spans]
    gold_links = [
        _link(doc.doc_id, (r.head.start, r.head.end), (r.tail.start, r.tail.end), r.label, symmetric)
        for doc in documents
        for r in doc.relations
    ]
    return Evaluation(
        dataset,
        split,
        len(documents),
        mapping,
        score(_predicted_spans(extractions, mapping), gold_spans),
        relations,
        score(_predicted_links(extractions, relations, symmetric), gold_links),
        score_merges(documents, resolve(extractions).mentions),
        tuple(nlp.pipe_names),
    )


def _predicted_spans(extractions: list[Extraction], mapping: dict[str, str]) -> list[Span]:
    return [
        (mention.paper_id, mention.start, mention.end, mapping[mention.entity_type.value])
        for extraction in extractions
        for mention in extraction.mentions
        if mention.entity_type.value in mapping
    ]


def _predicted_links(
    extractions: list[Extraction], relations: dict[str, RelationMapping], symmetric: frozenset[str]
) -> list[Link]:
    """Our statements between two mentions, in the dataset's labels and directions.

    A statement about the paper itself ("we use GRPO") has no mention at its head and is not scored.
    """
    links = []
    for statement in (statement for extraction in extractions for statement in extraction.statements):
        mapped = relations.get(statement.relation.value)
        if statement.subject is None or mapped is None:
            continue
        ends = (statement.object, statement.subject) if mapped.reversed else (statement.subject, statement.object)
        links.append(_link(statement.paper_id, *ends, mapped.label, symmetric))
    return links


def _link(doc_id: str, head: tuple[int, int], tail: tuple[int, int], label: str, symmetric: frozenset[str]) -> Link:
    """A relation as scored; a symmetric one's ends are put in text order, so either direction matches."""
    if label in symmetric:
        head, tail = sorted((head, tail))
    return (doc_id, *head, *tail, label)


def format_evaluation(evaluation: Evaluation) -> str:
    """The evaluation as tables: mentions and relations per label and overall, exact and partial; then merges."""
    lines = [
        f"{evaluation.dataset} {evaluation.split}: {evaluation.documents} documents",
        "mapping: " + ", ".join(f"{ours} -> {theirs}" for ours, theirs in evaluation.mapping.items()),
        "pipeline: " + " -> ".join(evaluation.pipeline),
        "",
        *_table("mentions", evaluation.scores),
    ]
    if evaluation.relation_scores.exact["overall"].gold:
        lines += [
            "",
            "relation mapping: " + ", ".join(
                f"{ours} -> {'reversed ' if mapped.reversed else ''}{mapped.label}"
                for ours, mapped in evaluation.relation_mapping.items()
            ),
            *_table("relations", evaluation.relation_scores),
        ]  # fmt: skip
    lines += ["", *_merge_lines(evaluation.merges)]
    return "\n".join(lines) + "\n"


def _table(title: str, scores: Scores) -> list[str]:
    lines = [
        f"{title:22s} {'gold':>6s} {'pred':>6s} | {'exact P':>7s} {'R':>6s} {'F1':>6s} | "
        f"{'partial P':>9s} {'R':>6s} {'F1':>6s}"
    ]
    for label, exact in scores.exact.items():
        partial = scores.partial[label]
        lines.append(f"{label:22s} {exact.gold:6d} {exact.predicted:6d} | {_row(exact, 7)} | {_row(partial, 9)}")
    return lines


def _merge_lines(merges: MergeScores) -> list[str]:
    pairs = merges.pairs
    return [
        f"merges: {merges.found_mentions} of {merges.gold_mentions} gold mentions found with their exact span; "
        f"{merges.compared_pairs} pairs of them in one text are written differently",
        f"{'merged pairs':22s} {'gold':>6s} {'pred':>6s} | {'P':>7s} {'R':>6s} {'F1':>6s}",
        f"{'one thing':22s} {pairs.gold:6d} {pairs.predicted:6d} | {_row(pairs, 7)}",
    ]


def _row(counts: Counts, first_width: int) -> str:
    return f"{counts.precision:{first_width}.3f} {counts.recall:6.3f} {counts.f1:6.3f}"
