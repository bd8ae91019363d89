"""Pipeline: compose ingest -> extract -> resolve -> graph into one ``build`` call."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from spacy.language import Language

from kg.api import KnowledgeGraph
from kg.extract import extract
from kg.graph import corpus_to_rdf
from kg.ingest import read_papers
from kg.iri import validate_base_iri
from kg.model import BuildSummary, EntityType
from kg.resolve import resolve
from kg.vocab import DEFAULT_BASE_IRI

__all__ = ["build"]


def build(
    sources: Iterable[str | Path] | str | Path,
    *,
    base_iri: str = DEFAULT_BASE_IRI,
    nlp: Language | None = None,
) -> KnowledgeGraph:
    """Build the knowledge graph of the abstracts in ``sources``.

    Args:
        sources: seed files, or folders of them (one ``Abstract:`` line per paper).
        base_iri: where papers, entities and mentions are minted; must end with ``/`` or ``#``.
        nlp: an extraction pipeline to reuse; by default the one ``kg.extract.build_pipeline`` makes.

    Returns:
        The graph, with ``summary`` saying what was read, merged, skipped and written.

    Raises:
        IngestError: if a source does not exist; bad records inside files are skipped and
            listed in ``summary.skipped`` instead.
        KGError: if ``base_iri`` is not an absolute IRI ending with ``/`` or ``#``.
    """
    started = time.perf_counter()
    base_iri = validate_base_iri(base_iri)
    if isinstance(sources, str | Path):
        sources = [sources]
    ingested = read_papers(sources)
    corpus = resolve(extract(ingested.papers, nlp))
    rdf = corpus_to_rdf(corpus, base_iri)
    by_type = Counter(entity.entity_type for entity in corpus.entities)
    summary = BuildSummary(
        records_read=ingested.records_read,
        papers=len(corpus.papers),
        duplicates_merged=ingested.duplicates_merged,
        skipped=tuple(str(problem) for problem in ingested.problems),
        entities_by_type=tuple((t.value, by_type[t]) for t in EntityType if by_type[t]),
        mentions=len(corpus.mentions),
        triples=len(rdf),
        seconds=time.perf_counter() - started,
    )
    return KnowledgeGraph(rdf, base_iri=base_iri, summary=summary)
