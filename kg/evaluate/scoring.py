"""Evaluate, scoring: precision, recall and F1 of predicted spans or relations against gold ones, per label.

Exact matching needs the same offsets and label. Partial matching needs the
same label and any overlap (for a relation, of both its ends); each gold item
and each prediction is used once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = ["Link", "Scores", "Span", "score"]

Span = tuple[str, int, int, str]  # document id, start, end, label
Link = tuple[str, int, int, int, int, str]  # document id, head start, head end, tail start, tail end, label
Scored = Span | Link


@dataclass(frozen=True, slots=True)
class Counts:
    """True positives among predictions and among gold spans, and the totals, for one label."""

    predicted: int = 0
    gold: int = 0
    matched_predictions: int = 0
    matched_gold: int = 0

    @property
    def precision(self) -> float:
        """Matched predictions over predictions (0 when there are none)."""
        return self.matched_predictions / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        """Matched gold spans over gold spans (0 when there are none)."""
        return self.matched_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall."""
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


@dataclass(frozen=True, slots=True)
class Scores:
    """Counts per label and overall, under exact and partial matching."""

    exact: dict[str, Counts] = field(default_factory=dict)
    partial: dict[str, Counts] = field(default_factory=dict)


def score(predicted: Iterable[Scored], gold: Iterable[Scored]) -> Scores:
    """Score predicted spans (or relations) against gold ones; the label ``"overall"`` sums every label.

    Example:
        >>> gold = [("d", 0, 4, "Task"), ("d", 10, 20, "Method")]
        >>> s = score([("d", 0, 4, "Task"), ("d", 12, 18, "Method")], gold)
        >>> round(s.exact["overall"].f1, 2), round(s.partial["overall"].f1, 2)
        (0.5, 1.0)
        >>> relation = [("d", 0, 4, 10, 20, "Used-For")]
        >>> score([("d", 0, 3, 12, 18, "Used-For")], relation).partial["overall"].recall
        1.0
    """
    predicted, gold = sorted(set(predicted)), sorted(set(gold))
    labels = sorted({str(item[-1]) for item in [*predicted, *gold]})
    exact = {label: _exact(predicted, gold, label) for label in labels}
    partial = {label: _partial(predicted, gold, label) for label in labels}
    return Scores(_with_overall(exact), _with_overall(partial))


def _exact(predicted: list[Scored], gold: list[Scored], label: str) -> Counts:
    mine = {item for item in predicted if item[-1] == label}
    theirs = {item for item in gold if item[-1] == label}
    both = len(mine & theirs)
    return Counts(len(mine), len(theirs), both, both)


def _partial(predicted: list[Scored], gold: list[Scored], label: str) -> Counts:
    """Greedy one-to-one matching of overlapping spans or relations, earliest first."""
    mine = [item for item in predicted if item[-1] == label]
    theirs = [item for item in gold if item[-1] == label]
    by_document: dict[str, list[Scored]] = {}
    for item in theirs:
        by_document.setdefault(item[0], []).append(item)
    used: set[Scored] = set()
    matched = 0
    for item in mine:
        partner = next((g for g in by_document.get(item[0], ()) if g not in used and _overlaps(item, g)), None)
        if partner is not None:
            used.add(partner)
            matched += 1
    return Counts(len(mine), len(theirs), matched, matched)


def _overlaps(mine: Scored, theirs: Scored) -> bool:
    """Whether every (start, end) pair of one overlaps the same pair of the other."""
    ours, gold = mine[1:-1], theirs[1:-1]
    return all(ours[i] < gold[i + 1] and gold[i] < ours[i + 1] for i in range(0, len(ours), 2))


def _with_overall(per_label: dict[str, Counts]) -> dict[str, Counts]:
    total: Counter[str] = Counter()
    for counts in per_label.values():
        total.update(
            predicted=counts.predicted, gold=counts.gold,
            matched_predictions=counts.matched_predictions, matched_gold=counts.matched_gold,
        )  # fmt: skip
    return {**per_label, "overall": Counts(**total)}
