"""Evaluate, scoring: precision, recall and F1 of predicted spans against gold spans, per label.

Exact matching needs the same offsets and label. Partial matching needs the
same label and any overlap; each gold span and each prediction is used once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = ["Scores", "Span", "score"]

Span = tuple[str, int, int, str]  # document id, start, end, label


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


def score(predicted: Iterable[Span], gold: Iterable[Span]) -> Scores:
    """Score predictions against gold spans; the label ``"overall"`` sums every label.

    Example:
        >>> gold = [("d", 0, 4, "Task"), ("d", 10, 20, "Method")]
        >>> s = score([("d", 0, 4, "Task"), ("d", 12, 18, "Method")], gold)
        >>> round(s.exact["overall"].f1, 2), round(s.partial["overall"].f1, 2)
        (0.5, 1.0)
    """
    predicted, gold = sorted(set(predicted)), sorted(set(gold))
    labels = sorted({span[3] for span in [*predicted, *gold]})
    exact = {label: _exact(predicted, gold, label) for label in labels}
    partial = {label: _partial(predicted, gold, label) for label in labels}
    return Scores(_with_overall(exact), _with_overall(partial))


def _exact(predicted: list[Span], gold: list[Span], label: str) -> Counts:
    mine = {span for span in predicted if span[3] == label}
    theirs = {span for span in gold if span[3] == label}
    both = len(mine & theirs)
    return Counts(len(mine), len(theirs), both, both)


def _partial(predicted: list[Span], gold: list[Span], label: str) -> Counts:
    """Greedy one-to-one matching of overlapping spans, earliest first."""
    mine = [span for span in predicted if span[3] == label]
    theirs = [span for span in gold if span[3] == label]
    by_document: dict[str, list[Span]] = {}
    for span in theirs:
        by_document.setdefault(span[0], []).append(span)
    used: set[Span] = set()
    matched = 0
    for doc_id, start, end, _ in mine:
        partner = next(
            (g for g in by_document.get(doc_id, ()) if g not in used and g[1] < end and start < g[2]),
            None,
        )
        if partner is not None:
            used.add(partner)
            matched += 1
    return Counts(len(mine), len(theirs), matched, matched)


def _with_overall(per_label: dict[str, Counts]) -> dict[str, Counts]:
    total: Counter[str] = Counter()
    for counts in per_label.values():
        total.update(
            predicted=counts.predicted, gold=counts.gold,
            matched_predictions=counts.matched_predictions, matched_gold=counts.matched_gold,
        )  # fmt: skip
    return {**per_label, "overall": Counts(**total)}
