"""Extract, gazetteer: find known entities of the field by their names and aliases.

The gazetteer ships as ``data/gazetteer.jsonl`` (built by
``scripts/gazetteer/build.py``; each entry names the list it came from).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from kg.model import EntityType
from kg.normalise import name_key

__all__ = ["GazetteerEntry", "GazetteerMatcher", "load_gazetteer"]

# Lists whose names are machine ids ("llama3.1-405b"): the paper's own spelling reads better.
_ID_SOURCES = frozenset({"litellm"})
_PLURAL_TYPES = frozenset({EntityType.CONCEPT, EntityType.TECHNIQUE, EntityType.TASK, EntityType.METRIC})


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """A known entity: canonical name, class, other names, and which names need their exact case."""

    name: str
    entity_type: EntityType
    aliases: tuple[str, ...]
    exact_case: frozenset[str]
    source: str

    @property
    def has_display_name(self) -> bool:
        """Whether ``name`` is written for people rather than an id."""
        return self.source not in _ID_SOURCES

    def forms(self) -> Iterator[tuple[str, bool]]:
        """Yield each name to look for, with whether its case must match; plurals included."""
        for form in (self.name, *self.aliases):
            exact = form in self.exact_case
            yield form, exact
            if self.entity_type in _PLURAL_TYPES and form[-1:].isalpha() and not form.endswith("s"):
                yield form + "s", exact


@cache
def load_gazetteer() -> tuple[GazetteerEntry, ...]:
    """Return the gazetteer shipped with the package (read once)."""
    text = resources.files("kg.extract").joinpath("data/gazetteer.jsonl").read_text(encoding="utf-8")
    return tuple(
        GazetteerEntry(
            name=row["name"],
            entity_type=EntityType(row["type"]),
            aliases=tuple(row["aliases"]),
            exact_case=frozenset(row["exact_case"]),
            source=row["source"],
        )
        for row in map(json.loads, text.splitlines())
    )


def gazetteer_index() -> dict[str, GazetteerEntry]:
    """Return the gazetteer entry for each name key of its names and aliases."""
    return {name_key(form): entry for entry in load_gazetteer() for form in (entry.name, *entry.aliases)}


@Language.factory("kg_gazetteer", assigns=["doc.spans"], default_config={"spans_key": "kg_gazetteer"})
def make_gazetteer_matcher(nlp: Language, name: str, spans_key: str) -> GazetteerMatcher:
    """Create the gazetteer component over the shipped gazetteer."""
    return GazetteerMatcher(nlp, load_gazetteer(), spans_key)


class GazetteerMatcher:
    """Put a span, labelled with the entry's class and its canonical name as ``kb_id_``, on each match."""

    def __init__(self, nlp: Language, entries: tuple[GazetteerEntry, ...], spans_key: str) -> None:
        self.spans_key = spans_key
        self.entries = entries
        self.any_case = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        for number, entry in enumerate(entries):
            any_case = [nlp.make_doc(form) for form, exact in entry.forms() if not exact]
            exact = [nlp.make_doc(form) for form, exact in entry.forms() if exact]
            key = str(number)
            if any_case:
                self.any_case.add(key, any_case)
            if exact:
                self.exact.add(key, exact)

    def __call__(self, doc: Doc) -> Doc:
        """Annotate ``doc`` and return it."""
        found: dict[tuple[int, int], Span] = {}
        for matcher in (self.exact, self.any_case):
            for match_id, start, end in matcher(doc):
                entry = self.entries[int(doc.vocab.strings[match_id])]
                found.setdefault((start, end), Span(doc, start, end, label=entry.entity_type.value, kb_id=entry.name))
        doc.spans[self.spans_key] = [found[key] for key in sorted(found)]
        return doc
