"""Pipeline: compose ingest -> extract -> resolve -> graph into ``build`` (in memory) and ``build_store`` (on disk)."""

from __future__ import annotations

import dataclasses
import multiprocessing
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from spacy.language import Language
from tqdm import tqdm

from kg.api import KnowledgeGraph
from kg.extract import build_pipeline, extract
from kg.graph import corpus_to_rdf
from kg.ingest import IngestResult, read_papers
from kg.iri import validate_base_iri
from kg.model import BuildSummary, EntityType, Extraction, Paper
from kg.resolve import resolve
from kg.store import Store, StoreUpdate
from kg.vocab import DEFAULT_BASE_IRI

__all__ = ["build", "build_store", "extract_all"]

_CHUNK = 256  # papers a worker takes at a time: large enough to amortise pickling, small enough to balance
_PROGRESS_FROM = 2_000  # papers; smaller builds finish before a bar says anything useful


def build(
    sources: Iterable[str | Path] | str | Path,
    *,
    base_iri: str = DEFAULT_BASE_IRI,
    nlp: Language | None = None,
    workers: int = 1,
    recogniser: bool = False,
) -> KnowledgeGraph:
    """Build the knowledge graph of the abstracts in ``sources``, in memory.

    Args:
        sources: seed files, or folders of them (one ``Abstract:`` line per paper).
        base_iri: where papers, entities and mentions are minted; must end with ``/`` or ``#``.
        nlp: an extraction pipeline to reuse; by default the one ``kg.extract.build_pipeline`` makes.
        workers: processes that extract in parallel; the graph is the same for any number.
        recogniser: also run the trained statistical recogniser (see ``kg.extract.build_pipeline``).

    Returns:
        The graph, with ``summary`` saying what was read, merged, skipped and written.

    Raises:
        IngestError: if a source does not exist; bad records inside files are skipped and
            listed in ``summary.skipped`` instead.
        KGError: if ``base_iri`` is not an absolute IRI ending with ``/`` or ``#``.
    """
    started = time.perf_counter()
    base_iri = validate_base_iri(base_iri)
    ingested = read_papers(_source_list(sources))
    corpus = resolve(extract_all(ingested.papers, workers=workers, nlp=nlp, recogniser=recogniser))
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


def build_store(
    sources: Iterable[str | Path] | str | Path,
    store: Store | str | Path,
    *,
    add: bool = False,
    base_iri: str | None = None,
    workers: int = 1,
    recogniser: bool = False,
) -> tuple[IngestResult, StoreUpdate]:
    """Build an on-disk store from ``sources``, or with ``add=True`` add them to the store already there.

    Only new papers are extracted; the store then holds one resolution of all its
    papers, and is replaced only once the new one is complete.

    Raises:
        IngestError: if a source does not exist (bad records are skipped and reported).
        KGError: for a bad base IRI, or ``add`` to a folder that is not a store and no base IRI.
    """
    store = store if isinstance(store, Store) else Store(store)
    if base_iri is not None:
        base_iri = validate_base_iri(base_iri)
    ingested = read_papers(_source_list(sources))
    present = {e.paper.paper_id for e in store.extractions()} if add else set()
    fresh = [paper for paper in ingested.papers if paper.paper_id not in present]
    extractions = extract_all(fresh, workers=workers, recogniser=recogniser)
    if not add:
        return ingested, store.replace(extractions, base_iri or DEFAULT_BASE_IRI)
    update = store.add(extractions, base_iri)
    already = update.papers_already_there + len(ingested.papers) - len(fresh)
    return ingested, dataclasses.replace(update, papers_already_there=already)


def extract_all(
    papers: Sequence[Paper],
    *,
    workers: int = 1,
    nlp: Language | None = None,
    chunk: int = _CHUNK,
    recogniser: bool = False,
) -> Iterator[Extraction]:
    """Extract every paper, in ``workers`` processes of ``chunk`` papers at a time; results come in input order.

    A progress bar (papers per second, time left) goes to stderr on long runs at a terminal.
    """
    progress = tqdm(
        total=len(papers),
        unit="papers",
        file=sys.stderr,
        disable=None if len(papers) >= _PROGRESS_FROM else True,
        desc="extracting",
    )
    with progress:
        if workers <= 1 or len(papers) <= chunk:
            for extraction in extract(papers, nlp or build_pipeline(recogniser)):
                progress.update()
                yield extraction
            return
        build_pipeline(recogniser)  # built once here, so that forked workers inherit it
        chunks = [papers[i : i + chunk] for i in range(0, len(papers), chunk)]
        context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            for extracted in pool.map(_extract_chunk, chunks, [recogniser] * len(chunks)):
                progress.update(len(extracted))
                yield from extracted


def _extract_chunk(papers: Sequence[Paper], recogniser: bool) -> list[Extraction]:
    return list(extract(papers, build_pipeline(recogniser)))


def _source_list(sources: Iterable[str | Path] | str | Path) -> list[str | Path]:
    return [sources] if isinstance(sources, str | Path) else list(sources)
