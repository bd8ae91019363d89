"""Resolve: turn mentions into canonical entities, one node per thing however it is written.

Surface forms meet under their name key (case, hyphen and plural variants are
one name). An abbreviation resolves first within the paper that defines it, so
"TA" is "thematic analysis" there whatever it means elsewhere; a short form used
without a definition joins the long form only when every paper that defines it
agrees. Gazetteer aliases join names the gazetteer knows to be one thing, and a
paper's own expansion of a known acronym joins it only if most words agree
("Group Relative Preference Optimization (GRPO)" is GRPO; "Riemannian Manifold
(RM)" is not the reward model).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any, Generic, Protocol, TypeVar

from kg.extract.abbreviations import clean_long_form
from kg.extract.gazetteer import GazetteerEntry, gazetteer_index
from kg.model import (
    Corpus,
    Entity,
    EntityType,
    Extraction,
    LinkedMention,
    LinkedResult,
    LinkedStatement,
    Mention,
    PaperFacts,
)
from kg.normalise import name_key, singular

__all__ = ["UnionFind", "resolve"]

_MIN_LONG_FORM_AGREEMENT = 0.5  # to be passed, not met: "speech" and "small language model" agree on half
_ANCHOR = "\x00gazetteer:"


class _Ordered(Protocol):
    def __lt__(self, other: Any, /) -> bool: ...


_Node = TypeVar("_Node", bound=_Ordered)


class UnionFind(Generic[_Node]):
    """Groups of nodes joined pair by pair; a group's root is its smallest node, whatever the order of joins."""

    def __init__(self) -> None:
        self.parent: dict[_Node, _Node] = {}

    def find(self, node: _Node) -> _Node:
        """The root of the node's group (a node never joined is its own)."""
        self.parent.setdefault(node, node)
        root = node
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[node] != root:
            self.parent[node], node = root, self.parent[node]
        return root

    def union(self, a: _Node, b: _Node) -> None:
        """Join the groups of ``a`` and ``b``."""
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            # The smaller root wins, so the result never depends on the order of unions.
            low, high = sorted((root_a, root_b))
            self.parent[high] = low


def resolve(extractions: Iterable[Extraction]) -> Corpus:
    """Resolve the mentions of every paper into entities.

    Returns:
        The corpus: papers in input order, entities sorted by key, and each
        mention with the key of its entity.
    """
    extractions = list(extractions)
    gazetteer = gazetteer_index()
    groups: UnionFind[str] = UnionFind()
    nodes = [_mention_nodes(extraction) for extraction in extractions]
    for paper_nodes in nodes:
        for node, hint in paper_nodes:
            groups.find(node)
            _join_gazetteer(groups, gazetteer, node, hint)
    _join_definitions(groups, gazetteer, extractions)
    links = [
        (mention, groups.find(node))
        for extraction, paper_nodes in zip(extractions, nodes, strict=True)
        for mention, (node, _) in zip(extraction.mentions, paper_nodes, strict=True)
    ]
    chosen_names = {name_key(a.short) for e in extractions for a in e.abbreviations if a.short_first}
    defined_as = {name_key(a.long): a.long for e in extractions for a in e.abbreviations}
    entities = _entities(links, groups, gazetteer, chosen_names, defined_as)
    mentions = tuple(LinkedMention(m, entities[root].key) for m, root in links)
    statements, results = _link_claims(extractions, mentions)
    return Corpus(
        papers=tuple(e.paper for e in extractions),
        entities=tuple(sorted(entities.values(), key=lambda e: e.key)),
        mentions=mentions,
        statements=statements,
        results=results,
        facts=tuple(PaperFacts(e.paper.paper_id, e.kind, e.kind_cue, e.links) for e in extractions),
    )


def _link_claims(
    extractions: list[Extraction], mentions: tuple[LinkedMention, ...]
) -> tuple[tuple[LinkedStatement, ...], tuple[LinkedResult, ...]]:
    """Statements and results with their mention offsets replaced by entity keys."""
    key_at = {(m.mention.paper_id, m.mention.start, m.mention.end): m.entity_key for m in mentions}

    def key(paper_id: str, span: tuple[int, int] | None) -> str | None:
        return None if span is None else key_at[(paper_id, *span)]

    statements: dict[tuple[object, ...], LinkedStatement] = {}
    results = []
    for extraction in extractions:
        for statement in extraction.statements:
            subject, target = (
                key(statement.paper_id, statement.subject),
                key(statement.paper_id, statement.object),
            )
            if subject != target and target is not None:
                linked = LinkedStatement(statement, subject, target)
                statements.setdefault((statement.paper_id, statement.relation, subject, target), linked)
        for result in extraction.results:
            compared = tuple(dict.fromkeys(k for span in result.compared_with if (k := key(result.paper_id, span))))
            results.append(LinkedResult(result, key(result.paper_id, result.about), compared))
    return tuple(statements.values()), tuple(results)


def _mention_nodes(extraction: Extraction) -> list[tuple[str, str]]:
    """The name key each mention stands for, reading the paper's own abbreviations first, and its gazetteer hint.

    A paper's own definition outranks the gazetteer's reading of the same
    letters ("EM" defined as electromagnetic is not exact match), so a mention
    resolved by one loses its hint.
    """
    local = {name_key(a.short): name_key(a.long) for a in extraction.abbreviations}
    nodes = []
    for mention in extraction.mentions:
        key, hint = name_key(clean_long_form(mention.text)), mention.canonical_hint
        if key in local:
            key, hint = local[key], ""
        elif hint and mention.extractor == "kg_name_shapes":
            key = name_key(hint)
        nodes.append((key, hint))
    return nodes


def _join_gazetteer(groups: UnionFind[str], gazetteer: dict[str, GazetteerEntry], node: str, hint: str) -> None:
    for candidate in (node, name_key(hint) if hint else ""):
        entry = gazetteer.get(candidate)
        if entry is not None:
            groups.union(node, _ANCHOR + entry.name)
            return


def _join_definitions(
    groups: UnionFind[str], gazetteer: dict[str, GazetteerEntry], extractions: list[Extraction]
) -> None:
    long_forms: dict[str, set[str]] = defaultdict(set)
    for extraction in extractions:
        for abbreviation in extraction.abbreviations:
            short, long = name_key(abbreviation.short), name_key(abbreviation.long)
            long_forms[short].add(long)
            entry = gazetteer.get(short)
            if entry is not None and long not in gazetteer and _long_forms_agree(long, entry):
                groups.union(long, _ANCHOR + entry.name)
    for short, longs in long_forms.items():
        if short in groups.parent and short not in gazetteer:
            roots = {groups.find(long) for long in longs}
            if len(roots) == 1:
                groups.union(short, roots.pop())


def _long_forms_agree(long_key: str, entry: GazetteerEntry) -> bool:
    words = set(long_key.split())
    for form in (entry.name, *entry.aliases):
        known = set(name_key(form).split())
        if len(known) > 1 and len(words & known) / len(words | known) > _MIN_LONG_FORM_AGREEMENT:
            return True
    return False


def _entities(
    links: list[tuple[Mention, str]],
    groups: UnionFind[str],
    gazetteer: dict[str, GazetteerEntry],
    chosen_names: set[str],
    defined_as: dict[str, str],
) -> dict[str, Entity]:
    """One entity per group of nodes, keyed by group root; no two get the same key (so the same IRI)."""
    members: dict[str, list[Mention]] = defaultdict(list)
    for mention, root in links:
        members[root].append(mention)
    node_keys: dict[str, set[str]] = defaultdict(set)
    for node in groups.parent:
        node_keys[groups.find(node)].add(node)
    anchors = {entry.name: entry for entry in gazetteer.values()}
    chosen_elsewhere = chosen_names - groups.parent.keys()  # once: per entity it made resolving quadratic
    entries = {
        root: next((anchors[n[len(_ANCHOR) :]] for n in sorted(node_keys[root]) if n.startswith(_ANCHOR)), None)
        for root in members
    }
    taken: set[str] = set()
    entities = {}
    # Gazetteer entities first, then the most mentioned: where papers wrote the same short form for different
    # things ("RPE"), the first keeps it and the others are called by their definitions.
    for root, mentions in sorted(members.items(), key=lambda m: (entries[m[0]] is None, -len(m[1]), m[0])):
        entry = entries[root]
        entity_type = entry.entity_type if entry else _entity_type(mentions)
        if entry and entry.has_display_name:
            name = entry.name
        else:
            own = node_keys[root] | (chosen_elsewhere - taken)
            name = _canonical_name(mentions, own, entity_type, chosen_names)
            if name_key(name) not in own or name_key(name) in taken:  # written only as a short form: say what it is
                name = min((defined_as[node] for node in node_keys[root] if node in defined_as), default=name)
        taken.add(name_key(name))
        surfaces = {clean_long_form(m.text) for m in mentions} | {_written_name(m) for m in mentions}
        entities[root] = Entity(name_key(name), name, entity_type, tuple(sorted(surfaces - {name})))
    return entities


def _entity_type(mentions: list[Mention]) -> EntityType:
    if any(m.entity_type is EntityType.MODEL and m.extractor == "kg_name_shapes" for m in mentions):
        return EntityType.MODEL
    proposed = [m.entity_type for m in mentions if m.proposed]
    votes = Counter(proposed or [m.entity_type for m in mentions])
    order = list(EntityType)
    return min(votes, key=lambda t: (-votes[t], order.index(t)))


def _written_name(mention: Mention) -> str:
    """The full name a mention writes: "o3" in "OpenAI-o1/o3" writes "OpenAI-o3"."""
    if mention.canonical_hint and mention.extractor == "kg_name_shapes":
        return mention.canonical_hint
    return clean_long_form(mention.text)


def _canonical_name(mentions: list[Mention], keys: set[str], entity_type: EntityType, chosen_names: set[str]) -> str:
    """The name the authors chose, else the most used long form, else the most used name; singular.

    Only names whose key is one of ``keys`` qualify, so no two entities get the same key.
    """
    names = Counter(_written_name(m) for m in mentions)
    candidates = [n for n in names if name_key(n) in keys] or list(names)
    longest_words = max(len(n.split()) for n in candidates)

    def preference(name: str) -> tuple[int, int, int, str]:
        chosen = name_key(name) in chosen_names
        return (-chosen, -(len(name.split()) == longest_words), -names[name], name)

    best = min(candidates, key=preference)
    return best if entity_type is EntityType.MODEL else singular(best)
