"""Print the resolver's merges over a store, for checking by eye: the largest, and a seeded random sample.

    python scripts/resolver_merges.py STORE [--largest 50] [--sample 50] [--seed 0]

A merge is an entity whose mentions were written under more than one name key
("GRPO" and "Group Relative Policy Optimization"); case, hyphen and plural
variants share a key and are not merges. Each line gives the entity, its class,
how many papers mention it, and the distinct names it joined, most used first.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg.normalise import name_key
from kg.resolve import resolve
from kg.store import Store


@dataclass(frozen=True, slots=True)
class Merge:
    """One entity and the differently keyed names its mentions were written with."""

    name: str
    entity_type: str
    papers: int
    names: tuple[tuple[str, int], ...]  # (a name as written, mentions), one per name key, most used first


def merges(store: Store) -> list[Merge]:
    """Every merge the resolver makes over the store's extractions, largest (most name keys) first."""
    corpus = resolve(store.extractions())
    written: dict[str, Counter[str]] = defaultdict(Counter)
    papers: dict[str, set[str]] = defaultdict(set)
    for linked in corpus.mentions:
        written[linked.entity_key][linked.mention.text] += 1
        papers[linked.entity_key].add(linked.mention.paper_id)
    found = []
    for entity in corpus.entities:
        by_key: dict[str, Counter[str]] = defaultdict(Counter)
        for text, count in written[entity.key].items():
            by_key[name_key(text)][text] += count
        if len(by_key) > 1:
            names = sorted(
                ((forms.most_common(1)[0][0], sum(forms.values())) for forms in by_key.values()),
                key=lambda pair: (-pair[1], pair[0]),
            )
            found.append(Merge(entity.name, entity.entity_type.value, len(papers[entity.key]), tuple(names)))
    return sorted(found, key=lambda merge: (-len(merge.names), -merge.papers, merge.name))


def show(merge: Merge, most_names: int = 8) -> str:
    names = "; ".join(f"{name} x{count}" for name, count in merge.names[:most_names])
    more = f"; … {len(merge.names) - most_names} more" if len(merge.names) > most_names else ""
    return f"{merge.name} [{merge.entity_type}, {merge.papers} papers, {len(merge.names)} names]: {names}{more}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--largest", type=int, default=50)
    parser.add_argument("--sample", type=int, default=50)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    store = Store(args.store)  # one Store: it decodes the extractions once and keeps them
    found = merges(store)
    print(f"{len(found)} merges over {len(store.extractions())} papers\n")
    print(f"The {args.largest} largest (most differently keyed names joined):")
    for number, merge in enumerate(found[: args.largest], start=1):
        print(f"L{number:02d} {show(merge)}")
    print(f"\n{args.sample} at random (seed {args.seed}):")
    for number, merge in enumerate(random.Random(args.seed).sample(found, min(args.sample, len(found))), start=1):
        print(f"R{number:02d} {show(merge)}")


if __name__ == "__main__":
    main()
