"""Extract: run the spaCy pipeline over papers and turn its spans into typed mentions.

The pipeline is ``spacy.blank("en")`` with our components: ``kg_sentences``,
``kg_abbreviations``, ``kg_gazetteer``, ``kg_name_shapes`` and ``kg_proposals``.
Spans become ``Mention``s here and nowhere else.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.extract import abbreviations, gazetteer, name_shapes, proposals  # noqa: F401  (registers factories)
from kg.extract.abbreviations import clean_long_form
from kg.extract.claims import find_links, find_results
from kg.extract.relations import Sentence, find_statements, paper_kind
from kg.extract.text import SENTENCE_SPLITTER, make_doc, sentences_of, span_text, split_ties_and_version_lists
from kg.model import Abbreviation, EntityType, Extraction, Mention, Paper

__all__ = ["EXTRACTORS", "RECOGNISER", "build_pipeline", "extract"]

RECOGNISER = "kg_recogniser"

# Span groups that hold mentions, most trusted first, with the confidence of a mention each finds.
EXTRACTORS: dict[str, float] = {
    "kg_gazetteer": 0.8,
    "kg_name_shapes": 0.75,
    "kg_proposals": 0.85,
    "kg_abbreviations": 0.85,
    "kg_proposal_uses": 0.8,
    "kg_coined_terms": 0.6,
    RECOGNISER: 0.5,
}
_BATCH_SIZE = 64


@cache
def build_pipeline(recogniser: bool = False) -> Language:
    """Return the extraction pipeline (built once per process and choice).

    Args:
        recogniser: add the statistical recogniser shipped in ``kg/extract/data/recogniser`` (a spaCy NER
            trained on SciREX). It finds generic methods, tasks, datasets and metrics that no rule names, at
            several times the cost of the rules; where a rule found a mention, the rule's span stands.
    """
    nlp = spacy.blank("en")
    split_ties_and_version_lists(nlp)
    nlp.add_pipe(SENTENCE_SPLITTER)
    nlp.add_pipe("kg_abbreviations")
    nlp.add_pipe("kg_gazetteer")
    nlp.add_pipe("kg_name_shapes")
    nlp.add_pipe("kg_proposals")
    if recogniser:
        trained = spacy.load(resources.files("kg.extract").joinpath("data", "recogniser"))  # type: ignore[arg-type]
        nlp.add_pipe("ner", name=RECOGNISER, source=trained)
    return nlp


def extract(papers: Iterable[Paper], nlp: Language | None = None) -> Iterator[Extraction]:
    """Yield what the pipeline finds in each paper, in input order."""
    nlp = nlp or build_pipeline()
    docs = ((make_doc(nlp, paper.abstract), paper) for paper in papers)
    for doc, paper in nlp.pipe(docs, as_tuples=True, batch_size=_BATCH_SIZE):
        sentences = [Sentence(s.start_char, span_text(s)) for s in sentences_of(doc)]
        mentions = list(_mentions(doc, paper, sentences))
        kind, cue = paper_kind(paper.abstract, mentions)
        yield Extraction(
            paper=paper,
            mentions=tuple(mentions),
            abbreviations=tuple(_abbreviations(doc, paper)),
            statements=tuple(find_statements(paper.paper_id, sentences, mentions)),
            results=tuple(find_results(paper.paper_id, sentences, mentions)),
            kind=kind,
            kind_cue=cue,
            links=tuple(find_links(paper.abstract)),
        )


def _mentions(doc: Doc, paper: Paper, sentences: list[Sentence]) -> Iterator[Mention]:
    # Span.sent walks the document each time; one bisect over the sentence starts is enough.
    starts = [sentence.start for sentence in sentences]
    by_offsets: dict[tuple[int, int], list[tuple[str, Span]]] = {}
    for extractor in EXTRACTORS:
        for span in doc.spans.get(extractor, []):
            by_offsets.setdefault((span.start, span.end), []).append((extractor, span))
    proposed = {(s.start, s.end) for s in doc.spans.get("kg_proposals", [])}
    chosen = filter_spans([found[0][1] for found in by_offsets.values()])
    covered = {i for span in chosen for i in range(span.start, span.end)}
    for entity in doc.ents:  # the recogniser's, if it ran; a rule's span wins where they meet
        if covered.isdisjoint(range(entity.start, entity.end)):
            by_offsets[entity.start, entity.end] = [(RECOGNISER, entity)]
            chosen.append(entity)
    for span in sorted(chosen):
        found = by_offsets[span.start, span.end]
        sentence = sentences[bisect.bisect_right(starts, span.start_char) - 1]
        yield _mention(paper, span, found, sentence, (span.start, span.end) in proposed)


def _mention(paper: Paper, span: Span, found: list[tuple[str, Span]], sentence: Sentence, proposed: bool) -> Mention:
    """One mention from every extractor's span at the same place: the most trusted one decides."""
    extractor, best = found[0]
    doubt = 1.0
    for name, _ in found:
        doubt *= 1.0 - EXTRACTORS[name]
    hint = next((s.kb_id_ for name, s in found if name in {"kg_gazetteer", "kg_name_shapes"}), "")
    return Mention(
        paper_id=paper.paper_id,
        start=span.start_char,
        end=span.end_char,
        text=span_text(span),
        entity_type=EntityType(best.label_),
        extractor=extractor,
        confidence=round(1.0 - doubt, 3),
        sentence=sentence.text,
        sentence_start=sentence.start,
        canonical_hint=hint,
        proposed=proposed,
    )


def _abbreviations(doc: Doc, paper: Paper) -> Iterator[Abbreviation]:
    for pair in doc._.kg_abbreviations:
        yield Abbreviation(paper.paper_id, pair.short.text, clean_long_form(pair.long.text), pair.short_first)
