"""Ingest: read seed files (one ``Abstract:`` line per paper) into distinct papers.

A paper's identity is its normalised abstract, so the same abstract read from
two files is one paper that remembers both places. Bad records are reported as
``IngestError``s naming file and line and never stop the other records.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from kg.errors import IngestError
from kg.iri import paper_id_for
from kg.model import Paper, SourceLine

__all__ = ["MAX_ABSTRACT_CHARS", "MAX_LINE_BYTES", "IngestResult", "read_papers"]

PREFIX = "Abstract:"
MAX_ABSTRACT_CHARS = 100_000
MAX_LINE_BYTES = 4 * MAX_ABSTRACT_CHARS
_SNIFF_BYTES = 8192
_WHITESPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class IngestResult:
    """The distinct papers read, how many records repeated an earlier one, and what was skipped."""

    papers: tuple[Paper, ...]
    records_read: int
    problems: tuple[IngestError, ...] = field(default=())

    @property
    def duplicates_merged(self) -> int:
        """Records that were an abstract already read elsewhere."""
        return self.records_read - len(self.papers)


def read_papers(sources: Iterable[str | Path]) -> IngestResult:
    """Read every seed file under ``sources`` (files or folders) into distinct papers.

    Args:
        sources: seed files, or folders whose ``*.txt`` files are read in name order.

    Returns:
        The papers in order of first appearance, and every record that was skipped.

    Raises:
        IngestError: if a source does not exist (bad records inside files are
            collected in ``problems`` instead).
    """
    by_id: dict[str, tuple[str, list[SourceLine]]] = {}
    problems: list[IngestError] = []
    records = 0
    for path, label in _seed_files(sources):
        for outcome in _read_records(path, label):
            if isinstance(outcome, IngestError):
                problems.append(outcome)
                continue
            source, abstract = outcome
            records += 1
            paper_id = paper_id_for(_normalise(abstract))
            by_id.setdefault(paper_id, (abstract, []))[1].append(source)
    papers = tuple(
        Paper(paper_id, abstract, tuple(sources)) for paper_id, (abstract, sources) in by_id.items()
    )
    return IngestResult(papers, records, tuple(problems))


def _seed_files(sources: Iterable[str | Path]) -> Iterator[tuple[Path, str]]:
    """Yield each file to read with the name it is remembered by: ``folder/file`` or ``file``."""
    for source in sources:
        path = Path(source)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*.txt") if p.is_file()):
                yield child, f"{path.resolve().name}/{child.relative_to(path).as_posix()}"
        elif path.is_file():
            yield path, path.name
        else:
            raise IngestError(str(path), 0, "no such file or folder")


def _read_records(path: Path, label: str) -> Iterator[tuple[SourceLine, str] | IngestError]:
    """Stream a seed file line by line; no line longer than the limit is ever held whole."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
            if not head.strip():
                yield IngestError(label, 0, "the file is empty")
                return
            if b"\x00" in head:
                yield IngestError(label, 0, "the file is binary, not text")
                return
            handle.seek(0)
            for number, raw in enumerate(_bounded_lines(handle), start=1):
                if raw is None:
                    yield IngestError(label, number, f"the line is over {MAX_LINE_BYTES:,} bytes")
                elif raw.strip():
                    yield _parse_line(raw, SourceLine(label, number))
    except OSError as err:
        yield IngestError(label, 0, f"cannot be read: {err.strerror}")


def _bounded_lines(handle: BinaryIO) -> Iterator[bytes | None]:
    """Yield each line, or None for a line over ``MAX_LINE_BYTES``, which is skipped in chunks."""
    while line := handle.readline(MAX_LINE_BYTES + 1):
        if len(line) <= MAX_LINE_BYTES or line.endswith(b"\n"):
            yield line
            continue
        while line and not line.endswith(b"\n"):
            line = handle.readline(MAX_LINE_BYTES)
        yield None


def _parse_line(raw: bytes, source: SourceLine) -> tuple[SourceLine, str] | IngestError:
    def problem(reason: str) -> IngestError:
        return IngestError(source.path, source.line, reason)

    try:
        line = raw.decode("utf-8-sig" if source.line == 1 else "utf-8")
    except UnicodeDecodeError as err:
        return problem(f"not valid UTF-8 (byte {err.start + 1} of the line)")
    line = line.strip()
    if not line.startswith(PREFIX):
        return problem(f"does not start with {PREFIX!r}: {line[:40]!r}")
    abstract = _CONTROL.sub(" ", line[len(PREFIX) :]).strip()
    if not abstract:
        return problem("the abstract is empty")
    if len(abstract) > MAX_ABSTRACT_CHARS:
        return problem(f"the abstract is {len(abstract):,} characters, over {MAX_ABSTRACT_CHARS:,}")
    return source, abstract


def _normalise(abstract: str) -> str:
    """The text a paper's identity is computed from: case, spacing and Unicode forms ignored."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFKC", abstract)).strip().casefold()
