"""Ingest: read papers from seed files and bibliographic files into distinct papers.

Readers are chosen by file suffix (``READERS``): seed text (one ``Abstract:``
line per paper), JSON Lines, CSV, BibTeX and arXiv's Atom XML. Records that
share an identifier (arXiv id, DOI) or, failing that, the same normalised
abstract, are one paper that remembers every place it was read. Bad records are
reported as ``IngestError``s naming file and line and never stop the others.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import IngestError
from kg.ingest.atom import read_atom_file
from kg.ingest.bibtex import read_bibtex_file
from kg.ingest.records import MAX_ABSTRACT_CHARS, Record, text_key
from kg.ingest.seeds import MAX_LINE_BYTES, read_seed_file
from kg.ingest.tables import read_csv_file, read_jsonl_file
from kg.iri import paper_id_for
from kg.model import Paper

__all__ = ["MAX_ABSTRACT_CHARS", "MAX_LINE_BYTES", "READERS", "IngestResult", "read_papers"]

Reader = Callable[[Path, str], Iterator[Record | IngestError]]

READERS: dict[str, Reader] = {
    ".txt": read_seed_file,
    ".jsonl": read_jsonl_file,
    ".csv": read_csv_file,
    ".bib": read_bibtex_file,
    ".atom": read_atom_file,
    ".xml": read_atom_file,
}
"""The reader for each file suffix; a folder is read file by file through the same table."""


@dataclass(frozen=True, slots=True)
class IngestResult:
    """The distinct papers read, how many records repeated an earlier one, and what was skipped."""

    papers: tuple[Paper, ...]
    records_read: int
    problems: tuple[IngestError, ...] = field(default=())

    @property
    def duplicates_merged(self) -> int:
        """Records that were a paper already read elsewhere."""
        return self.records_read - len(self.papers)


def read_papers(sources: Iterable[str | Path]) -> IngestResult:
    """Read every paper under ``sources`` (files, or folders read in name order).

    Returns:
        The papers in order of first appearance, and every record that was skipped.

    Raises:
        IngestError: if a source does not exist or a file's suffix has no reader
            (bad records inside files are collected in ``problems`` instead).
    """
    merged = _Merger()
    problems: list[IngestError] = []
    for path, label in _input_files(sources):
        for outcome in _read_file(path, label):
            if isinstance(outcome, IngestError):
                problems.append(outcome)
            else:
                merged.add(outcome)
    return IngestResult(merged.papers(), merged.records, tuple(problems))


def _input_files(sources: Iterable[str | Path]) -> Iterator[tuple[Path, str]]:
    """Yield each file to read with the name it is remembered by: ``folder/file`` or ``file``."""
    for source in sources:
        path = Path(source)
        if path.is_dir():
            children = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in READERS)
            for child in children:
                yield child, f"{path.resolve().name}/{child.relative_to(path).as_posix()}"
        elif path.is_file():
            if path.suffix.lower() not in READERS:
                known = ", ".join(sorted(READERS))
                raise IngestError(
                    str(path), 0, f"no reader for {path.suffix or 'files without a suffix'}; known: {known}"
                )
            yield path, path.name
        else:
            raise IngestError(str(path), 0, "no such file or folder")


def _read_file(path: Path, label: str) -> Iterator[Record | IngestError]:
    try:
        yield from READERS[path.suffix.lower()](path, label)
    except OSError as err:
        yield IngestError(label, 0, f"cannot be read: {err.strerror or err}")


class _Merger:
    """Group records into papers: by any shared identifier first, then by the same abstract."""

    def __init__(self) -> None:
        self.records = 0
        self.groups: list[list[Record]] = []
        self.by_key: dict[str, int] = {}

    def add(self, record: Record) -> None:
        self.records += 1
        keys = [*record.identifiers, "text:" + text_key(record.abstract)]
        group = next((self.by_key[key] for key in keys if key in self.by_key), None)
        if group is None:
            group = len(self.groups)
            self.groups.append([])
        self.groups[group].append(record)
        for key in keys:
            self.by_key.setdefault(key, group)

    def papers(self) -> tuple[Paper, ...]:
        return tuple(_paper(records) for records in self.groups)


def _paper(records: list[Record]) -> Paper:
    """One paper from its records: the first record's abstract, the first non-empty value of each field."""

    def first(name: str) -> str:
        return next((value for record in records if (value := getattr(record, name))), "")

    return Paper(
        paper_id=paper_id_for(text_key(records[0].abstract)),
        abstract=records[0].abstract,
        sources=tuple(record.source for record in records),
        title=first("title"),
        authors=next((record.authors for record in records if record.authors), ()),
        year=first("year"),
        venue=first("venue"),
        url=first("url"),
        identifiers=tuple(sorted({identifier for record in records for identifier in record.identifiers})),
    )
