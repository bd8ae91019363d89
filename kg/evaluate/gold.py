"""Evaluate, gold data: read the annotated sets in ``shared/eval/`` into plain texts with labelled spans.

Nothing here is copied into the repository: every reader opens the third-party
files where they lie (SciER is GPL-3.0 and must stay there).
"""

from __future__ import annotations

import bisect
import json
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = ["DATASETS", "GoldDocument", "GoldRelation", "GoldSpan", "read_gold"]


@dataclass(frozen=True, slots=True, order=True)
class GoldSpan:
    """An annotated span: character offsets into the document's text, and its label in the dataset's scheme."""

    start: int
    end: int
    label: str


@dataclass(frozen=True, slots=True)
class GoldRelation:
    """An annotated relation from one gold span (the head) to another (the tail)."""

    head: GoldSpan
    tail: GoldSpan
    label: str


@dataclass(frozen=True, slots=True)
class GoldDocument:
    """A text as the annotators saw it, with their spans, relations and groups of spans naming one thing.

    ``same_thing`` holds the dataset's coreference clusters or synonym links, each
    as the spans it joins; only spans in ``spans`` appear in it or in ``relations``.
    """

    doc_id: str
    text: str
    spans: tuple[GoldSpan, ...]
    relations: tuple[GoldRelation, ...] = ()
    same_thing: tuple[tuple[GoldSpan, ...], ...] = ()


def _join_tokens(tokens: list[str]) -> tuple[str, list[int]]:
    """Text of space-joined tokens, and where each token starts."""
    starts, position = [], 0
    for token in tokens:
        starts.append(position)
        position += len(token) + 1
    return " ".join(tokens), starts


_PTB_BRACKETS = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}"}


def read_scierc(folder: Path, split: str) -> Iterator[GoldDocument]:
    """SciERC: one abstract a line, document-level inclusive token spans, relations and coreference clusters.

    "Generic" spans ("this approach") are dropped, and with them the relations and cluster members they take part in.
    The Penn Treebank's bracket tokens are read as the brackets they stand for: "-LRB- IR -RRB-" is "( IR )".
    """
    for line in (folder / f"{split}.json").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        tokens = [_PTB_BRACKETS.get(token, token) for sentence in record["sentences"] for token in sentence]
        text, starts = _join_tokens(tokens)
        kept = {
            (first, last): GoldSpan(starts[first], starts[last] + len(tokens[last]), label)
            for sentence in record["ner"]
            for first, last, label in sentence
            if label != "Generic"
        }
        relations = tuple(
            GoldRelation(kept[(head_first, head_last)], kept[(tail_first, tail_last)], label)
            for sentence in record["relations"]
            for head_first, head_last, tail_first, tail_last, label in sentence
            if (head_first, head_last) in kept and (tail_first, tail_last) in kept
        )
        clusters = (
            tuple(kept[(first, last)] for first, last in cluster if (first, last) in kept)
            for cluster in record["clusters"]
        )
        yield GoldDocument(
            record["doc_key"], text, tuple(kept.values()), relations, tuple(c for c in clusters if len(c) > 1)
        )


_SCIER_SYNONYM = "Synonym-Of"


def read_scier(folder: Path, split: str) -> Iterator[GoldDocument]:
    """SciER (LLM format): one sentence a line with surface strings; each is found in its sentence, in order.

    A relation names its ends by surface string; each end is the first span found with that string.
    "Synonym-Of" links become groups of spans naming one thing.
    """
    for number, line in enumerate((folder / "LLM" / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()):
        record = json.loads(line)
        text = record["sentence"]
        spans: list[GoldSpan] = []
        searched_from: dict[str, int] = {}
        for surface, label in record["ner"]:
            start = text.find(surface, searched_from.get(surface, 0))
            if start >= 0:
                spans.append(GoldSpan(start, start + len(surface), label))
                searched_from[surface] = start + 1
        first_of: dict[str, GoldSpan] = {}
        for span in spans:
            first_of.setdefault(text[span.start : span.end], span)
        linked = [(first_of[h], first_of[t], label) for h, label, t in record["rel"] if h in first_of and t in first_of]
        relations = tuple(GoldRelation(head, tail, label) for head, tail, label in linked if label != _SCIER_SYNONYM)
        synonyms = tuple((head, tail) for head, tail, label in linked if label == _SCIER_SYNONYM)
        yield GoldDocument(f"{record['doc_id']}#{number}", text, tuple(spans), relations, synonyms)


def read_scienceie(folder: Path, split: str) -> Iterator[GoldDocument]:
    """SemEval-2017 ScienceIE (brat): one paragraph per .txt, annotated in the .ann beside it.

    Keyphrases are its T lines, "Hyponym-of" relations its R lines and "Synonym-of" groups its * lines.
    """
    for text_path in sorted((folder / split).glob("*.txt")):
        text = text_path.read_text(encoding="utf-8")
        lines = [line.split("\t") for line in text_path.with_suffix(".ann").read_text(encoding="utf-8").splitlines()]
        spans = {fields[0]: _brat_span(fields[1]) for fields in lines if fields[0].startswith("T")}
        relations = tuple(
            GoldRelation(spans[head.split(":")[1]], spans[tail.split(":")[1]], label)
            for fields in lines
            if fields[0].startswith("R")
            for label, head, tail in [fields[1].split(" ")[:3]]
        )
        synonyms = tuple(
            tuple(spans[name] for name in fields[1].split(" ")[1:]) for fields in lines if fields[0].startswith("*")
        )
        yield GoldDocument(text_path.stem, text, tuple(spans.values()), relations, synonyms)


def _brat_span(annotation: str) -> GoldSpan:
    """``Process 12 30`` (or a broken span ``Process 12 20;25 30``, read to its first end)."""
    label, start, end = annotation.split(" ")[:3]
    return GoldSpan(int(start), int(end.split(";")[0]), label)


def read_tdmsci(folder: Path, split: str) -> Iterator[GoldDocument]:
    """TDMSci (CoNLL): token, offset in sentence, BIO tag; one sentence per blank-line block."""
    name = {"train": "train_1500_v2.conll", "test": "test_500_v2.conll"}[split]
    blocks = (folder / name).read_text(encoding="utf-8").split("\n\n")
    for number, block in enumerate(b for b in blocks if b.strip()):
        rows = [line.split("\t") for line in block.splitlines() if line.strip()]
        text = ""
        spans: list[GoldSpan] = []
        open_span: tuple[int, str] | None = None
        previous_end = 0
        for token, offset, tag in rows:
            start = int(offset)
            text = text.ljust(start) + token
            if open_span and not (tag.startswith("I-") and tag[2:] == open_span[1]):
                spans.append(GoldSpan(open_span[0], previous_end, open_span[1]))
                open_span = None
            if tag.startswith("B-") or (tag.startswith("I-") and open_span is None):
                open_span = (start, tag[2:])
            previous_end = start + len(token)
        if open_span:
            spans.append(GoldSpan(open_span[0], previous_end, open_span[1]))
        yield GoldDocument(f"tdmsci-{split}-{number}", text, tuple(spans))


def read_scirex(folder: Path, split: str, sentences_per_document: int = 10) -> Iterator[GoldDocument]:
    """SciREX: full papers as pre-tokenised words, read from the archive in place; cut into runs of sentences.

    A run of ten sentences is about an abstract's length. Section headers ("section : Introduction")
    stay in the text, unlabelled, as the annotators left them.
    """
    # Stream the archive once: seeking in an xz stream decompresses it again from the start.
    with tarfile.open(folder / f"{split}_docs.tar.xz", "r|xz") as archive:
        records = [json.load(archive.extractfile(member)) for member in archive if member.name.endswith(".json")]  # type: ignore[arg-type]
    for record in sorted(records, key=lambda r: r["doc_id"]):
        yield from _scirex_documents(record, sentences_per_document)


def _scirex_documents(record: dict, sentences_per_document: int) -> Iterator[GoldDocument]:
    words, sentences = record["words"], record["sentences"]
    mentions = sorted(record["ner"])
    mention_starts = [start for start, _, _ in mentions]
    for first in range(0, len(sentences), sentences_per_document):
        begin, end = sentences[first][0], sentences[min(first + sentences_per_document, len(sentences)) - 1][1]
        text, starts = _join_tokens(words[begin:end])
        inside = mentions[bisect.bisect_left(mention_starts, begin) : bisect.bisect_left(mention_starts, end)]
        spans = tuple(
            GoldSpan(starts[start - begin], starts[stop - 1 - begin] + len(words[stop - 1]), label)
            for start, stop, label in inside
            if stop <= end
        )
        yield GoldDocument(f"{record['doc_id']}#{first // sentences_per_document}", text, spans)


DATASETS = {
    "scierc": ("scierc", read_scierc, ("train", "dev", "test")),
    "scier": ("scier", read_scier, ("train", "dev", "test", "test_ood")),
    "scienceie": ("scienceie-semeval2017", read_scienceie, ("train", "dev", "test")),
    "tdmsci": ("tdmsci", read_tdmsci, ("train", "test")),
    "scirex": ("scirex", read_scirex, ("train",)),
}
"""Each dataset's folder under ``shared/eval``, its reader, and its splits."""


def read_gold(dataset: str, split: str, shared: Path) -> list[GoldDocument]:
    """Read one split of one dataset from the shared evaluation folder.

    Raises:
        ValueError: for an unknown dataset or split.
        FileNotFoundError: if the shared data is not there.
    """
    if dataset not in DATASETS:
        raise ValueError(f"no dataset {dataset!r}; known: {', '.join(DATASETS)}")
    folder, reader, splits = DATASETS[dataset]
    if split not in splits:
        raise ValueError(f"{dataset} has no split {split!r}; it has {', '.join(splits)}")
    return list(reader(shared / "eval" / folder, split))
