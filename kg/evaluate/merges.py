"""Evaluate, merges: does resolution join the names a text gives one thing, and keep different things apart?

Scored over pairs of gold mentions in one text that are written differently
("convolutional neural networks" and "CNNs"; "GPT-4o" and "GPT-4o-mini").
The gold says a pair is one thing when the dataset groups the two (coreference
clusters, synonym links) or links each to the same string; we say it is one
thing when our mentions there link to the same entity. Only gold mentions we
found with exactly their span take part: where our span differs ("distillation"
inside "Transformer distillation"), the gold's judgement is not about our
mention, and the mention scores count that miss already.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from kg.evaluate.gold import GoldDocument, GoldSpan
from kg.evaluate.scoring import Counts
from kg.model import LinkedMention
from kg.resolve import UnionFind

__all__ = ["MergeScores", "score_merges"]


@dataclass(frozen=True, slots=True)
class MergeScores:
    """How many gold mentions there were and how many we found; pairwise merge counts over differently written pairs.

    ``pairs.predicted`` counts the pairs we joined, ``pairs.gold`` those the gold joins.
    """

    gold_mentions: int
    found_mentions: int
    compared_pairs: int
    pairs: Counts


def score_merges(documents: Iterable[GoldDocument], linked: Iterable[LinkedMention]) -> MergeScores:
    """Pairwise precision and recall of the merges within each gold text.

    Example:
        >>> from kg.model import EntityType, Mention
        >>> text = "convolutional neural networks (CNNs) and RNNs"
        >>> cnn, short, rnn = GoldSpan(0, 29, "M"), GoldSpan(31, 35, "M"), GoldSpan(41, 45, "M")
        >>> gold = GoldDocument("d", text, (cnn, short, rnn), same_thing=((cnn, short),))
        >>> def link(start, end, key):
        ...     mention = Mention("d", start, end, text[start:end], EntityType.METHOD, "rule", 1.0, text, 0)
        ...     return LinkedMention(mention, key)
        >>> scores = score_merges([gold], [link(0, 29, "cnn"), link(31, 35, "cnn"), link(41, 45, "cnn")])
        >>> scores.compared_pairs, scores.pairs.gold, round(scores.pairs.precision, 2), scores.pairs.recall
        (3, 1, 0.33, 1.0)
    """
    by_paper: dict[str, list[LinkedMention]] = {}
    for item in linked:
        by_paper.setdefault(item.mention.paper_id, []).append(item)
    total: Counter[str] = Counter()
    for document in documents:
        total.update(_document_counts(document, by_paper.get(document.doc_id, [])))
    pairs = Counts(total["joined"], total["same"], total["both"], total["both"])
    return MergeScores(total["gold"], total["found"], total["compared"], pairs)


def _document_counts(document: GoldDocument, linked: Sequence[LinkedMention]) -> Counter[str]:
    group = _gold_groups(document)
    ours_at = {(item.mention.start, item.mention.end): item.entity_key for item in linked}
    found = {span: ours_at[span.start, span.end] for span in document.spans if (span.start, span.end) in ours_at}
    counts = Counter(gold=len(document.spans), found=len(found))
    for first, second in combinations(sorted(found), 2):
        if _surface(document, first) != _surface(document, second):
            is_joined, is_same = found[first] == found[second], group[first] == group[second]
            counts.update(compared=1, joined=is_joined, same=is_same, both=is_joined and is_same)
    return counts


def _gold_groups(document: GoldDocument) -> dict[GoldSpan, GoldSpan]:
    """Each gold span's group root: spans the dataset joins, closed over spans written the same way."""
    groups: UnionFind[GoldSpan] = UnionFind()
    first_with_surface: dict[str, GoldSpan] = {}
    for span in document.spans:
        groups.union(first_with_surface.setdefault(_surface(document, span), span), span)
    for joined in document.same_thing:
        for other in joined[1:]:
            groups.union(joined[0], other)
    return {span: groups.find(span) for span in document.spans}


def _surface(document: GoldDocument, span: GoldSpan) -> str:
    return document.text[span.start : span.end].casefold()
