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
    "Evidence",
    "Extraction",
    "Link",
    "LinkedMention",
    "LinkedResult",
    "LinkedStatement",
    "Mention",
    "Paper",
    "PaperFacts",
    "PaperKind",
    "Relation",
    "Result",
    "SourceLine",
    "Statement",
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


class Relation(StrEnum):
    """Typed links between entities (or from a paper) that an abstract states."""

    BASED_ON = "basedOn"
    VARIANT_OF = "variantOf"
    HAS_PART = "hasPart"
    EVALUATED_ON = "evaluatedOn"
    EVALUATES = "evaluates"
    OUTPERFORMS = "outperforms"
    COMPARED_WITH = "comparedWith"
    USES_MODEL = "usesModel"
    USES_TECHNIQUE = "usesTechnique"
    USED_FOR = "usedFor"


class PaperKind(StrEnum):
    """What kind of contribution a paper makes, as a class of our ontology."""

    SURVEY = "SurveyPaper"
    BENCHMARK = "BenchmarkPaper"
    METHOD = "MethodPaper"
    ANALYSIS = "AnalysisPaper"


@dataclass(frozen=True, slots=True)
class Evidence:
    """The sentence a statement was read from, where it starts in the abstract, and the words that cued it."""

    sentence: str
    sentence_start: int
    cue: str
    confidence: float


@dataclass(frozen=True, slots=True)
class Statement:
    """``subject relation object`` as one paper states it; spans are mention offsets, None is the paper itself."""

    paper_id: str
    relation: Relation
    subject: tuple[int, int] | None
    object: tuple[int, int]
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Result:
    """A quantitative claim: "reduces tool calls by up to 73.1%".

    ``about`` and ``compared_with`` are mention offsets; ``about`` None means the paper's own approach.
    """

    paper_id: str
    start: int
    end: int
    value: float
    upper_value: float | None
    unit: str
    direction: str
    metric: str
    about: tuple[int, int] | None
    compared_with: tuple[tuple[int, int], ...]
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Link:
    """A URL an abstract gives: a code repository or another page (a project page, a dataset)."""

    url: str
    is_code: bool


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything the extract stage found in one paper."""

    paper: Paper
    mentions: tuple[Mention, ...]
    abbreviations: tuple[Abbreviation, ...]
    statements: tuple[Statement, ...] = ()
    results: tuple[Result, ...] = ()
    kind: PaperKind | None = None
    kind_cue: str = ""
    links: tuple[Link, ...] = ()


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
class LinkedStatement:
    """A statement with its ends resolved: entity keys, or None for the paper itself."""

    statement: Statement
    subject_key: str | None
    object_key: str


@dataclass(frozen=True, slots=True)
class LinkedResult:
    """A result with the entities it is about and compared with resolved to keys."""

    result: Result
    about_key: str | None
    compared_keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PaperFacts:
    """What a paper is and links to, beyond its mentions."""

    paper_id: str
    kind: PaperKind | None
    kind_cue: str
    links: tuple[Link, ...]


@dataclass(frozen=True, slots=True)
class Corpus:
    """The resolved corpus: what the graph stage turns into triples."""

    papers: tuple[Paper, ...]
    entities: tuple[Entity, ...]
    mentions: tuple[LinkedMention, ...]
    statements: tuple[LinkedStatement, ...] = ()
    results: tuple[LinkedResult, ...] = ()
    facts: tuple[PaperFacts, ...] = ()


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
