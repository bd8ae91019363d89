"""The domain model: plain, frozen data passed from one pipeline stage to the next."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "Abbreviation",
    "BuildSummary",
    "Corpus",
    "Entity",
    "EntityType",
    "Extraction",
    "LinkedMention",
    "Mention",
    "Paper",
    "SourceLine",
]


class EntityType(StrEnum):
    """The classes of our ontology an entity can belong to (exactly one)."""

    MODEL = "Model"
    METHOD = "Method"
    TECHNIQUE = "Technique"
    BENCHMARK = "Benchmark"
    TASK = "Task"
    METRIC = "Metric"
    CONCEPT = "Concept"


@dataclass(frozen=True, slots=True, order=True)
class SourceLine:
    """Where a record was read: a file (as named relative to its input root) and a 1-based line."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True)
class Paper:
    """One distinct paper: its abstract, every place it was read from, and what bibliographic data said.

    ``identifiers`` are external ones written with their scheme ("arXiv:2402.03300",
    "doi:10.48550/arXiv.2402.03300"); ``paper_id`` is ours, derived from the abstract.
    """

    paper_id: str
    abstract: str
    sources: tuple[SourceLine, ...]
    title: str = ""
    authors: tuple[str, ...] = ()
    year: str = ""
    venue: str = ""
    url: str = ""
    identifiers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of an abstract that names an entity, with the evidence to trace it back.

    Offsets are character offsets into ``Paper.abstract``; ``sentence_start`` is the
    offset of ``sentence`` in the same text.
    """

    paper_id: str
    start: int
    end: int
    text: str
    entity_type: EntityType
    extractor: str
    confidence: float
    sentence: str
    sentence_start: int
    canonical_hint: str = ""
    proposed: bool = False


@dataclass(frozen=True, slots=True)
class Abbreviation:
    """An abbreviation a paper defines: ``short`` stands for ``long`` in that paper.

    ``short_first`` marks a name given before its expansion ("Alice (proActive
    learning ...)"), where the short form is the name the authors chose.
    """

    paper_id: str
    short: str
    long: str
    short_first: bool = False


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything the extract stage found in one paper."""

    paper: Paper
    mentions: tuple[Mention, ...]
    abbreviations: tuple[Abbreviation, ...]


@dataclass(frozen=True, slots=True)
class Entity:
    """A canonical thing in the graph; ``key`` is the normalised name its IRI is minted from."""

    key: str
    name: str
    entity_type: EntityType
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LinkedMention:
    """A mention and the key of the entity it was resolved to."""

    mention: Mention
    entity_key: str


@dataclass(frozen=True, slots=True)
class Corpus:
    """The resolved corpus: what the graph stage turns into triples."""

    papers: tuple[Paper, ...]
    entities: tuple[Entity, ...]
    mentions: tuple[LinkedMention, ...]


@dataclass(frozen=True, slots=True)
class BuildSummary:
    """What a build did: for the CLI's report and for anyone checking a run."""

    records_read: int
    papers: int
    duplicates_merged: int
    skipped: tuple[str, ...]
    entities_by_type: tuple[tuple[str, int], ...]
    mentions: int
    triples: int
    seconds: float
